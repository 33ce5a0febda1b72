using System.CommandLine;
using System.Text;
using LibGit2Sharp;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.IO;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards init [PATH]`: writes a commented uc-guards.yaml for the repository, saying which
/// scopes of the shipped policy have files here and switching off the rules that have nothing to
/// read. Never overwrites an existing file without --force; the write is atomic.
/// </summary>
public static class InitCommand
{
    public static readonly Argument<string?> PathArgument = new("path")
    {
        Description = "Repository folder to write uc-guards.yaml into (default: the git work tree of the current folder, else the current folder)",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public static readonly Option<bool> ForceOption = new("--force") { Description = "Replace an existing uc-guards.yaml" };
    public static readonly Option<bool> PrintOption = new("--print") { Description = "Print the configuration instead of writing it" };
    public static readonly Option<string?> PolicyOption = new("--policy") { Description = "Use this folder of policy files instead of the shipped rules/" };

    public static Command Create()
    {
        var command = new Command("init", "Write a uc-guards.yaml for this repository, with the scopes found in it")
        {
            PathArgument, ForceOption, PrintOption, PolicyOption,
        };
        command.SetAction(parse => CommandSupport.Guarded(parse, (stdout, stderr) => Execute(parse, stdout, stderr)));
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        var root = ResolveRoot(parse.GetValue(PathArgument));
        var policy = CommandSupport.LoadPolicy(parse.GetValue(PolicyOption), null);
        var generated = InitConfiguration.Generate(root, policy);
        if (parse.GetValue(PrintOption))
        {
            stdout.Write(generated.Yaml);
            return ExitCodes.Clean;
        }

        var target = Path.Combine(root, PolicyLoader.ConfigFileName);
        var force = parse.GetValue(ForceOption);
        if (File.Exists(target) && !force)
        {
            stderr.WriteLine($"uc-guards: {target} already exists; not overwritten (use --force to replace it, or --print to see the new one)");
            return ExitCodes.Usage;
        }
        try
        {
            // Without --force nothing already there is replaced, not even what appears while writing.
            AtomicFile.WriteAllText(target, generated.Yaml, replace: force);
        }
        catch (OutputFileException ex)
        {
            stderr.WriteLine(ex.AlreadyExists ? $"uc-guards: {ex.Message}; not overwritten (use --force)" : $"uc-guards: {ex.Message}");
            return ExitCodes.Usage;
        }

        stdout.WriteLine($"wrote {target}");
        stdout.WriteLine($"  {CommandSupport.Plural(generated.FilesSeen, "file")} looked at; scopes with files: {(generated.ScopesFound.Count == 0 ? "none" : string.Join(", ", generated.ScopesFound))}");
        stdout.WriteLine($"  component workspaces: {(generated.Workspaces.Count == 0 ? "none" : string.Join(", ", generated.Workspaces))}");
        stdout.WriteLine(generated.Disabled.Count == 0
            ? "  every rule has files to read here"
            : $"  disabled (nothing to read here): {string.Join(", ", generated.Disabled)}");
        stdout.WriteLine("Next: `uc-guards check` to scan; `uc-guards explain RULE-ID` for any rule.");
        return ExitCodes.Clean;
    }

    private static string ResolveRoot(string? path)
    {
        if (path is not null)
        {
            var full = Path.GetFullPath(path);
            if (!Directory.Exists(full)) throw new UsageException($"not a folder: {path}");
            return full;
        }
        var current = Environment.CurrentDirectory;
        var gitDir = GitDiscovery.Find(current);
        if (gitDir is not null)
        {
            using var repo = new Repository(gitDir);
            if (!repo.Info.IsBare && repo.Info.WorkingDirectory is { } workdir) return Path.GetFullPath(workdir).TrimEnd('/');
        }
        return current;
    }
}

/// <summary>The uc-guards.yaml that `init` writes for a tree, and what it found there.</summary>
public sealed record InitConfiguration(
    string Yaml,
    int FilesSeen,
    IReadOnlyList<string> ScopesFound,
    IReadOnlyList<string> Workspaces,
    IReadOnlyList<string> Disabled)
{
    public static InitConfiguration Generate(string root, GuardsPolicy policy)
    {
        var tree = new WorkingTree(root);
        var files = tree.Enumerate()
            .Where(e => e.SkipReason is null && !policy.IsNeverScanned(e.Path) && e.Path != PolicyLoader.ConfigFileName)
            .Select(e => e.Path)
            .ToList();

        var scopeCounts = policy.Scopes.Values
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => (Scope: s, Count: files.Count(s.Contains)))
            .ToList();
        var found = scopeCounts.Where(s => s.Count > 0).Select(s => s.Scope.Name).ToHashSet(StringComparer.Ordinal);

        var componentNames = policy.Variable("workspaces").Count > 0 ? policy.Variable("workspaces") : policy.Variable("components");
        var workspaces = componentNames.Where(c => tree.FileExists($"{c}/Cargo.toml")).ToList();
        var absent = componentNames.Except(workspaces, StringComparer.Ordinal).ToList();

        var rules = policy.Rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var disabled = rules
            .Where(r => !GuardsEngine.IsEngineRule(r.Id) && r.Enabled && r.Descriptor.Scopes.Count > 0 && !r.Descriptor.Scopes.Any(found.Contains))
            .ToList();

        var yaml = new StringBuilder();
        yaml.Append("# uc-guards.yaml: how the UltraCloud guards read this repository.\n");
        yaml.Append("# Written by `uc-guards init` for the tree as it was then; edit it freely. The shipped policy\n");
        yaml.Append("# (`uc-guards rules`) is the default, and this file extends or overrides it.\n");
        yaml.Append("# Every key is described in docs/cli.md; `uc-guards explain RULE-ID` explains a rule.\n");
        yaml.Append("version: 1\n\n");

        yaml.Append("# What init found here: files per scope of the shipped policy.\n");
        var nameWidth = scopeCounts.Select(s => s.Scope.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var (scope, count) in scopeCounts)
            yaml.Append($"#   {scope.Name.PadRight(nameWidth)}  {(count == 0 ? "none" : CommandSupport.Plural(count, "file"))}\n");
        yaml.Append($"# Component workspaces (<component>/Cargo.toml): {(workspaces.Count == 0 ? "none" : string.Join(", ", workspaces))}\n");
        if (absent.Count > 0) yaml.Append($"# Not present, so their scopes match nothing here: {string.Join(", ", absent)}\n");
        yaml.Append($"# Published docs: {Presence(tree.FileExists("README.md") || tree.DirectoryExists("docs"))}; ");
        yaml.Append($"VM-cluster harness (nix/test-cluster): {Presence(tree.DirectoryExists("nix/test-cluster"))}; ");
        yaml.Append($"flake.nix: {Presence(tree.FileExists("flake.nix"))}\n\n");

        yaml.Append("# Lowest severity that fails `uc-guards check`: error, warning or note.\n");
        yaml.Append($"fail-on: {policy.FailOn.ToString().ToLowerInvariant()}\n\n");

        if (disabled.Count > 0)
        {
            yaml.Append("# Rules switched off because no file here is in their scopes; delete a line once such files exist.\n");
            yaml.Append("disable:\n");
            foreach (var rule in disabled)
                yaml.Append($"  - {rule.Id}  # {rule.Descriptor.Name}: nothing in {string.Join(", ", rule.Descriptor.Scopes)}\n");
        }
        else
        {
            yaml.Append("# Every rule has files to read here. To switch rules off:\n");
            yaml.Append("# disable: [UCG1003]\n");
        }
        yaml.Append('\n');

        yaml.Append("# Per-rule settings: severity, enabled, scopes, add-scopes, options, extend.\n");
        yaml.Append("# rules:\n");
        yaml.Append("#   UCG1001:\n");
        yaml.Append("#     severity: warning\n");
        yaml.Append("#     add-scopes: [extra-servers]\n");
        yaml.Append("#\n");
        yaml.Append("# More scopes, or more paths for a shipped one:\n");
        yaml.Append("# scopes:\n");
        yaml.Append("#   extra-servers:\n");
        yaml.Append("#     include: [\"services/*/src/**/*.rs\"]\n");
        yaml.Append("#   published-docs:\n");
        yaml.Append("#     add: [\"handbook/**/*.md\"]\n");
        yaml.Append("#\n");
        yaml.Append("# Files never read, beyond .gitignore and the shipped never-scan list (work/, target/, result links):\n");
        yaml.Append("# ignore: [\"vendor/**\"]\n");
        return new InitConfiguration(yaml.ToString(), files.Count, [.. found.Order(StringComparer.Ordinal)], workspaces, disabled.Select(r => r.Id).ToList());
    }

    private static string Presence(bool present) => present ? "found" : "none";
}
