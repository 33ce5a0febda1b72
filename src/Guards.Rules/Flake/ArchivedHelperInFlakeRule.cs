using Tomlyn.Syntax;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Rules.Flake;

/// <summary>
/// UCG1005, the flake and Cargo half: an archived helper (by name or alias, as a whole word) must
/// not re-enter the default product surface as a flake output (packages, apps, checks,
/// nixosConfigurations, of the root flake and the harness flake), as something a canonical
/// aggregate check refers to, as a module a canonical profile's nodes import, or as a member of a
/// Cargo workspace's default members. Each finding points at the attribute, the reference, the
/// import's list element or the TOML string responsible.
/// </summary>
public sealed class ArchivedHelperInFlakeRule : RepositoryRule
{
    private static readonly string[] PerSystemCategories = ["packages", "apps", "checks"];

    public override string Id => "UCG1005";

    public override void Analyze(RepositoryContext context)
    {
        var policy = CanonicalPolicy.Of(Policy);
        if (policy.ArchivedHelpers.Count == 0) return;
        AnalyzeCargo(context, policy);

        var surface = ProfileSurface.Of(context);
        if (!surface.HasRootFlake) return;
        var flakes = new[] { surface.Root }.Concat(policy.Entrypoints.Select(surface.FlakeOf)).DistinctBy(f => f.Directory).Where(f => f.Exists).ToList();
        foreach (var flake in flakes) AnalyzeOutputs(context, policy, flake);
        AnalyzeChecks(context, policy, surface);
        AnalyzeImports(context, policy, surface);
    }

    private void AnalyzeOutputs(RepositoryContext context, CanonicalPolicy policy, FlakeModel flake)
    {
        foreach (var attribute in flake.List("nixosConfigurations").Names)
            ReportOutput(context, policy, flake, $"nixosConfigurations.{attribute.Name}", attribute);
        foreach (var category in PerSystemCategories)
        {
            foreach (var system in flake.List(category).Names)
            {
                foreach (var attribute in flake.List([category, system.Name]).Names)
                    ReportOutput(context, policy, flake, $"{category}.{system.Name}.{attribute.Name}", attribute);
            }
        }
    }

    private void ReportOutput(RepositoryContext context, CanonicalPolicy policy, FlakeModel flake, string outputPath, FlakeAttribute attribute)
    {
        if (policy.ArchivedHelperIn(attribute.Name) is not { } helper) return;
        var (path, span) = ProfileSurface.Place(attribute.Location, flake);
        Report(context, path, span, outputPath, helper.Name, $"the flake output {outputPath} of {flake.FlakeFile}");
    }

    private void AnalyzeChecks(RepositoryContext context, CanonicalPolicy policy, ProfileSurface surface)
    {
        foreach (var check in policy.Checks)
        {
            var coverage = GuardCoverage.Of(surface, check);
            foreach (var reference in coverage.References.References)
            {
                var name = reference.OutputPath[(reference.OutputPath.LastIndexOf('.') + 1)..];
                if (policy.ArchivedHelperIn(name) is not { } helper) continue;
                var (path, span) = ProfileSurface.Place(reference.Location ?? coverage.Check.Location, surface.Root);
                Report(context, path, span, $"{check.Name} {reference.OutputPath}", helper.Name, $"{reference.OutputPath}, referred to by the canonical check {check.Name}");
            }
        }
    }

    private void AnalyzeImports(RepositoryContext context, CanonicalPolicy policy, ProfileSurface surface)
    {
        foreach (var profile in policy.Profiles)
        {
            foreach (var node in profile.AllNodes)
            {
                if (MissingRequiredComponentRule.NodeModel(surface, node) is not { } model) continue;
                foreach (var import in model.Imports)
                {
                    if (import.Kind is not (ModuleImportKind.File or ModuleImportKind.Output)) continue;
                    if (policy.ArchivedHelperIn(import.Name) is not { } helper) continue;
                    var (path, span) = ProfileSurface.Place(import.Location, surface.Root);
                    Report(context, path, span, $"{profile.Name} imports {import.Name}", helper.Name, $"the module {import.Name}, imported by the {profile.Name} profile");
                }
            }
        }
    }

    // ------------------------------------------------------------------ Cargo

    private void AnalyzeCargo(RepositoryContext context, CanonicalPolicy policy)
    {
        if (!Policy.Scopes.TryGetValue("cargo-workspaces", out var scope)) return;
        foreach (var entry in context.Files)
        {
            if (entry.SkipReason is not null || !entry.Path.EndsWith("Cargo.toml", StringComparison.Ordinal) || !scope.Contains(entry.Path)) continue;
            if (context.ReadText(entry.Path) is not { } text) continue;
            AnalyzeManifest(context, policy, text);
        }
    }

    private void AnalyzeManifest(RepositoryContext context, CanonicalPolicy policy, SourceText text)
    {
        DocumentSyntax document;
        try
        {
            document = Tomlyn.Parsing.SyntaxParser.Parse(text.Text, text.Path, false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.ReportEngine("UCG0001", text.Path, Engine.Model.SourceSpan.FileStart, $"TOML parse error: {ex.Message}");
            return;
        }
        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            context.ReportEngine("UCG0001", text.Path, Span(text, first.Span), $"TOML parse error: {first.Message}");
        }

        var workspace = document.Tables.FirstOrDefault(t => t is TableSyntax && KeyText(t.Name) == "workspace");
        var hasPackage = document.Tables.Any(t => KeyText(t.Name) == "package");
        if (workspace is null) return;
        var defaultMembers = Find(workspace, "default-members");
        var members = Find(workspace, "members");
        // Without default-members, a virtual workspace builds every member by default.
        var (list, implicitDefault) = defaultMembers is not null ? (defaultMembers, false) : (!hasPackage ? members : null, true);
        if (list?.Value is not ArraySyntax array) return;
        foreach (var item in array.Items)
        {
            if (item.Value is not StringValueSyntax { Value: { } member } value) continue;
            foreach (var expanded in Expand(context, text.Path, member))
            {
                if (policy.ArchivedHelperIn(expanded) is not { } helper) continue;
                var where = implicitDefault ? $"the workspace member {expanded} of {text.Path} (no default-members: every member is built by default)" : $"the default member {expanded} of {text.Path}";
                Report(context, text.Path, Span(text, value.Span), $"{text.Path} {expanded}", helper.Name, where);
                break;
            }
        }
    }

    private static KeyValueSyntax? Find(TableSyntaxBase table, string key)
    {
        foreach (var item in table.Items)
        {
            if (item is KeyValueSyntax kv && KeyText(kv.Key) == key) return kv;
        }
        return null;
    }

    private static string KeyText(KeySyntax? key)
    {
        if (key is null) return "";
        var parts = new List<string> { BareText(key.Key) };
        foreach (var dot in key.DotKeys) parts.Add(BareText(dot.Key));
        return string.Join('.', parts);
    }

    private static string BareText(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax s => s.Value ?? "",
        _ => "",
    };

    /// <summary>A member path; a trailing glob (crates/*) becomes the crate folders it matches.</summary>
    private static IEnumerable<string> Expand(RepositoryContext context, string manifest, string member)
    {
        if (!member.Contains('*', StringComparison.Ordinal)) return [member];
        var folder = manifest.Contains('/') ? manifest[..manifest.LastIndexOf('/')] + "/" : "";
        var prefix = member[..member.IndexOf('*')];
        var results = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in context.Files)
        {
            if (!entry.Path.StartsWith(folder + prefix, StringComparison.Ordinal) || !entry.Path.EndsWith("/Cargo.toml", StringComparison.Ordinal)) continue;
            var relative = entry.Path[folder.Length..^"/Cargo.toml".Length];
            if (relative.Length > 0 && !relative[prefix.Length..].Contains('/')) results.Add(relative);
        }
        return results.Count == 0 ? [member] : results;
    }

    private static Engine.Model.SourceSpan Span(SourceText text, Tomlyn.Syntax.SourceSpan span) =>
        text.SpanOfChars(Offset(text, span.Start), Offset(text, span.End) + 1);

    private static int Offset(SourceText text, TextPosition position) => Math.Clamp(position.Offset, 0, text.Text.Length);
}
