using System.Text;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>One decision of `init`: what it configured, or what it left out, and why.</summary>
public sealed record InitDecision(bool Configured, string What, string Why);

/// <summary>
/// The uc-guards.yaml that `init` writes for a tree: the shipped scopes extended with what the
/// repository has (its server crates, its docs, its harness), never a rule switched off. Every
/// rule stays on; a scope that still matches nothing here is said so, with how to fill it.
/// </summary>
public sealed record InitConfiguration(string Yaml, IReadOnlyList<InitDecision> Decisions, RepositorySurvey Survey)
{
    /// <summary>Where editors find the schema of uc-guards.yaml (schemas/ of this repository).</summary>
    public const string SchemaUrl = "https://raw.githubusercontent.com/ultracloud/ultracloud-guards/main/schemas/uc-guards.schema.json";

    private const string ServerScope = "shipped-server-code";
    private const string ProviderScope = "provider-server-code";
    private const string DocsScope = "published-docs";
    private const string HarnessScope = "harness-files";
    private const string RolloutScope = "rollout-tests";

    public static InitConfiguration Generate(RepositorySurvey survey, GuardsPolicy policy)
    {
        var decisions = new List<InitDecision>();
        var scopeAdds = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string scope, string glob)
        {
            if (!scopeAdds.TryGetValue(scope, out var globs)) scopeAdds[scope] = globs = [];
            if (!globs.Contains(glob)) globs.Add(glob);
        }
        bool Covered(string scope, IEnumerable<string> files) =>
            policy.Scopes.TryGetValue(scope, out var s) && files.All(s.Contains);
        int FilesIn(string scope) => policy.Scopes.TryGetValue(scope, out var s) ? survey.Files.Count(s.Contains) : 0;
        string RulesReading(string scope) =>
            string.Join(", ", policy.Rules.Values.Where(r => r.Scopes.Any(s => s.Name == scope)).Select(r => r.Id).Order(StringComparer.Ordinal));

        // Server crates: UCG1001 and UCG1002 read their sources.
        var servers = survey.Servers.ToList();
        foreach (var server in servers)
        {
            var sources = survey.Files.Where(f => f.StartsWith(server.Sources + "/", StringComparison.Ordinal) && f.EndsWith(".rs", StringComparison.Ordinal)).ToList();
            if (sources.Count == 0)
            {
                decisions.Add(new(false, $"server crate {server.Name} ({server.Manifest})", $"{server.ServerBecause}, but it has no Rust sources under {server.Sources}/"));
                continue;
            }
            if (Covered(ServerScope, sources))
            {
                decisions.Add(new(true, $"server crate {server.Name} ({server.Manifest})", $"{server.ServerBecause}; the shipped {ServerScope} scope already reads {server.Sources}/"));
                continue;
            }
            Add(ServerScope, $"{server.Sources}/**/*.rs");
            decisions.Add(new(true, $"server crate {server.Name} ({server.Manifest})", $"{server.ServerBecause}: {server.Sources}/**/*.rs added to {ServerScope} ({RulesReading(ServerScope)})"));
            var readme = server.Folder.Length == 0 ? "README.md" : $"{server.Folder}/README.md";
            if (server.Folder.Length > 0 && survey.Files.Contains(readme) && !Covered(DocsScope, [readme]))
            {
                Add(DocsScope, readme);
                decisions.Add(new(true, readme, $"the README of server crate {server.Name}: added to {DocsScope} ({RulesReading(DocsScope)})"));
            }
        }
        foreach (var package in survey.Packages.Where(p => !p.IsServer).OrderBy(p => p.Folder, StringComparer.Ordinal))
        {
            decisions.Add(new(false, $"crate {package.Name} ({package.Manifest})", package.NotShippedBecause is { } notShipped
                ? $"{notShipped}"
                : $"not a server: no dependency on {string.Join(", ", RepositorySurvey.ServerFrameworks)}, and the name does not end in -server"));
        }
        foreach (var (path, reason) in survey.Unreadable)
            decisions.Add(new(false, path, $"could not be read ({reason}): add its crate to {ServerScope} by hand if it is a server"));
        var shippedServerFiles = FilesIn(ServerScope);
        if (servers.Count == 0 && shippedServerFiles > 0)
            decisions.Add(new(true, ServerScope, $"no Cargo package here declares a server, but the shipped scope (the UltraCloud layout) reads {CommandSupport.Plural(shippedServerFiles, "file")} here"));
        else if (servers.Count == 0)
            decisions.Add(new(false, ServerScope, $"no server crate found: the scope keeps the shipped UltraCloud layout and matches nothing here; add your servers' sources with `scopes: {{{ServerScope}: {{add: [\"path/to/server/src/**/*.rs\"]}}}}`"));
        var providerFiles = FilesIn(ProviderScope);
        if (providerFiles > 0)
            decisions.Add(new(true, $"{ProviderScope} ({RulesReading(ProviderScope)})", $"the shipped scope (UltraCloud's supported provider servers) reads {CommandSupport.Plural(providerFiles, "file")} here"));
        else
            decisions.Add(new(false, $"{ProviderScope} ({RulesReading(ProviderScope)})",
                $"it holds the supported provider servers to the completeness-marker bar (no TODO: or FIXME in comments), which init cannot tell from the code: add yours with `scopes: {{{ProviderScope}: {{add: [...]}}}}`"));

        // Published docs: UCG1004, UCG2004 and UCG2005 read them.
        var docs = survey.Files.Where(f => f == "README.md").ToList();
        foreach (var folder in RepositorySurvey.DocFolders)
        {
            var markdown = survey.Files.Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal) && f.EndsWith(".md", StringComparison.Ordinal)).ToList();
            if (markdown.Count == 0) continue;
            if (Covered(DocsScope, markdown)) decisions.Add(new(true, $"{folder}/ ({CommandSupport.Plural(markdown.Count, "Markdown file")})", $"read by the shipped {DocsScope} scope"));
            else
            {
                Add(DocsScope, $"{folder}/**/*.md");
                decisions.Add(new(true, $"{folder}/ ({CommandSupport.Plural(markdown.Count, "Markdown file")})", $"added to {DocsScope} ({RulesReading(DocsScope)})"));
            }
            docs.AddRange(markdown);
        }
        if (docs.Contains("README.md")) decisions.Add(new(true, "README.md", $"read by the shipped {DocsScope} scope"));
        else if (survey.Skipped.TryGetValue("README.md", out var why))
            decisions.Add(new(false, "README.md", why == SkipReasons.Symlink ? "a symbolic link: its target is read where it lies" : $"not read: {why}"));
        if (docs.Count == 0 && !scopeAdds.ContainsKey(DocsScope))
            decisions.Add(new(false, DocsScope, "no README.md, no docs folder (docs/, doc/, book/, guide/) and no server crate README found"));

        // The flake: the canonical-profile guards read it against the profiles of the policy.
        var writeNoProfiles = false;
        if (!survey.HasRootFlake)
        {
            decisions.Add(new(false, "flake.nix", "none at the root: the canonical-profile guards (UCG2001-UCG2003, UCG2007) have no flake to read"));
        }
        else if (survey.NixosConfigurationsIn is { } where)
        {
            decisions.Add(new(true, "flake.nix", $"defines NixOS configurations ({where}): the shipped canonical profiles are kept; edit `profiles:` where this repository's profiles differ"));
        }
        else
        {
            writeNoProfiles = true;
            decisions.Add(new(true, "flake.nix", "defines no NixOS configurations, so the shipped canonical profiles (UltraCloud's) do not apply: wrote `profiles: []` and `canonical-checks: {}`; UCG1005 still keeps archived helpers out of its outputs"));
        }

        // The VM-cluster harness: a folder with a flake of its own (nix/test-cluster in UltraCloud).
        foreach (var folder in survey.HarnessFolders)
        {
            var files = survey.Files.Where(f => f.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();
            var harness = files.Where(f => f.EndsWith(".nix", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal)).ToList();
            if (Covered(HarnessScope, harness) && Covered(RolloutScope, files))
            {
                decisions.Add(new(true, $"{folder}/ (a harness flake)", $"read by the shipped {HarnessScope} and {RolloutScope} scopes"));
                continue;
            }
            foreach (var extension in new[] { "nix", "sh", "md" }) Add(HarnessScope, $"{folder}/**/*.{extension}");
            Add(RolloutScope, $"{folder}/");
            decisions.Add(new(true, $"{folder}/ (a harness flake)", $"added to {HarnessScope} ({RulesReading(HarnessScope)}) and {RolloutScope} ({RulesReading(RolloutScope)})"));
        }
        if (survey.HarnessFolders.Count == 0)
            decisions.Add(new(false, $"{HarnessScope}, {RolloutScope}", "no harness found (a folder with a flake.nix of its own, such as nix/test-cluster): the scopes keep the shipped layout"));

        var csharp = survey.Files.Count(f => f.EndsWith(".cs", StringComparison.Ordinal));
        if (csharp > 0) decisions.Add(new(true, $"C# ({CommandSupport.Plural(csharp, "file")})", $"read by the shipped csharp-code scope ({RulesReading("csharp-code")})"));

        return new InitConfiguration(Render(policy, survey, decisions, scopeAdds, writeNoProfiles), decisions, survey);
    }

    private static string Render(GuardsPolicy policy, RepositorySurvey survey, List<InitDecision> decisions, SortedDictionary<string, List<string>> scopeAdds, bool writeNoProfiles)
    {
        var yaml = new StringBuilder();
        yaml.Append($"# yaml-language-server: $schema={SchemaUrl}\n");
        yaml.Append("# uc-guards.yaml: how the UltraCloud guards read this repository.\n");
        yaml.Append("# Written by `uc-guards init` for the tree as it was then; edit it freely. The shipped policy\n");
        yaml.Append("# (`uc-guards rules`) is the default, and this file extends or overrides it; every rule is on.\n");
        yaml.Append("# Every key is described in docs/cli.md; `uc-guards explain RULE-ID` explains a rule.\n");
        yaml.Append("version: 1\n\n");

        yaml.Append($"# What init found ({CommandSupport.Plural(survey.Files.Count, "file")} looked at):\n");
        foreach (var decision in decisions.Where(d => d.Configured)) yaml.Append(Comment($"{decision.What}: {decision.Why}"));
        yaml.Append("# Left out:\n");
        foreach (var decision in decisions.Where(d => !d.Configured)) yaml.Append(Comment($"{decision.What}: {decision.Why}"));
        if (!decisions.Any(d => !d.Configured)) yaml.Append("#   nothing\n");
        yaml.Append('\n');

        yaml.Append("# Lowest severity that fails `uc-guards check`: error, warning, note, or none (never fail).\n");
        yaml.Append($"fail-on: {policy.FailOn.ToName()}\n\n");

        if (scopeAdds.Count > 0)
        {
            yaml.Append("# Paths added to the shipped scopes (a path without wildcards names a file or a whole folder).\n");
            yaml.Append("scopes:\n");
            foreach (var (scope, globs) in scopeAdds)
            {
                yaml.Append($"  {scope}:\n    add:\n");
                foreach (var glob in globs) yaml.Append($"      - {Quote(glob)}\n");
            }
            yaml.Append('\n');
        }

        if (writeNoProfiles)
        {
            yaml.Append("# flake.nix defines no NixOS configurations: this repository declares no canonical profiles.\n");
            yaml.Append("profiles: []\n");
            yaml.Append("canonical-checks: {}\n\n");
        }

        yaml.Append("# Per-rule settings: severity, enabled, scopes, add-scopes, options, extend.\n");
        yaml.Append("# rules:\n");
        yaml.Append("#   UCG1001:\n");
        yaml.Append("#     severity: warning\n");
        yaml.Append("#\n");
        yaml.Append("# Files never read, beyond .gitignore and the shipped never-scan list (work/, target/, result links):\n");
        yaml.Append("# ignore: [vendor]\n");
        return yaml.ToString();
    }

    private static string Comment(string text)
    {
        var lines = new StringBuilder();
        var line = new StringBuilder("#   ");
        foreach (var word in text.Split(' '))
        {
            if (line.Length + word.Length + 1 > 100 && line.Length > 4)
            {
                lines.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append("#     ");
            }
            line.Append(word).Append(' ');
        }
        return lines.Append(line.ToString().TrimEnd()).Append('\n').ToString();
    }

    /// <summary>A glob as a YAML double-quoted scalar.</summary>
    private static string Quote(string glob) => "\"" + glob.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
