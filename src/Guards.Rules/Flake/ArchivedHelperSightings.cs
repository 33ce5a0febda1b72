using Tomlyn.Syntax;
using SourceSpan = UltraCloud.Guards.Engine.Model.SourceSpan;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Flake;

public enum SightingKind { FlakeOutput, CheckReference, ProfileImport, CargoDefaultMember }

/// <summary>One place an archived helper is on the default surface, and the text or span responsible.</summary>
public sealed record ArchivedSighting(string Helper, SightingKind Kind, string Subject, string Description, string Path, SourceSpan Span);

/// <summary>
/// Where archived helpers re-enter the default surface through the flakes and Cargo workspaces:
/// flake outputs, canonical checks' references, modules of canonical profiles, default members.
/// Shared by UCG1005 (which reports them) and the surface manifest (which lists them).
/// </summary>
public static class ArchivedHelperSightings
{
    private static readonly string[] PerSystemCategories = ["packages", "apps", "checks"];

    /// <summary>Every sighting, in a stable order; <paramref name="parseError"/> hears of unreadable Cargo.toml files.</summary>
    public static IReadOnlyList<ArchivedSighting> Collect(ProfileSurface surface, GuardsPolicy policy, Action<string, SourceSpan, string>? parseError = null)
    {
        var canonical = surface.Policy;
        var sightings = new List<ArchivedSighting>();
        if (canonical.ArchivedHelpers.Count == 0) return sightings;
        Cargo(surface, policy, canonical, sightings, parseError);
        if (surface.HasRootFlake)
        {
            var flakes = new[] { surface.Root }.Concat(canonical.Entrypoints.Select(surface.FlakeOf)).DistinctBy(f => f.Directory).Where(f => f.Exists);
            foreach (var flake in flakes) Outputs(canonical, flake, sightings);
            Checks(surface, canonical, sightings);
            Imports(surface, canonical, sightings);
        }
        return sightings
            .DistinctBy(s => (s.Helper, s.Kind, s.Subject, s.Description, s.Path, s.Span))
            .OrderBy(s => s.Path, StringComparer.Ordinal).ThenBy(s => s.Span.StartLine).ThenBy(s => s.Span.StartColumn).ThenBy(s => s.Description, StringComparer.Ordinal)
            .ToList();
    }

    private static void Add(List<ArchivedSighting> sightings, ArchivedHelper helper, SightingKind kind, string subject, string description, NixLocation? location, FlakeModel fallback)
    {
        var (path, span) = ProfileSurface.Place(location, fallback);
        sightings.Add(new ArchivedSighting(helper.Name, kind, subject, description, path, span));
    }

    private static void Outputs(CanonicalPolicy canonical, FlakeModel flake, List<ArchivedSighting> sightings)
    {
        foreach (var attribute in flake.List("nixosConfigurations").Names)
            Output(canonical, flake, $"nixosConfigurations.{attribute.Name}", attribute, sightings);
        foreach (var category in PerSystemCategories)
        {
            foreach (var system in flake.List(category).Names)
            {
                foreach (var attribute in flake.List([category, system.Name]).Names)
                    Output(canonical, flake, $"{category}.{system.Name}.{attribute.Name}", attribute, sightings);
            }
        }
    }

    private static void Output(CanonicalPolicy canonical, FlakeModel flake, string outputPath, FlakeAttribute attribute, List<ArchivedSighting> sightings)
    {
        if (canonical.ArchivedHelperIn(attribute.Name) is not { } helper) return;
        Add(sightings, helper, SightingKind.FlakeOutput, outputPath, $"the flake output {outputPath} of {flake.FlakeFile}", attribute.Location, flake);
    }

    private static void Checks(ProfileSurface surface, CanonicalPolicy canonical, List<ArchivedSighting> sightings)
    {
        foreach (var check in canonical.Checks)
        {
            var coverage = GuardCoverage.Of(surface, check);
            foreach (var reference in coverage.References.References)
            {
                var name = reference.OutputPath[(reference.OutputPath.LastIndexOf('.') + 1)..];
                if (canonical.ArchivedHelperIn(name) is not { } helper) continue;
                Add(sightings, helper, SightingKind.CheckReference, reference.OutputPath,
                    $"{reference.OutputPath}, referred to by the canonical check {check.Name}", reference.Location ?? coverage.Check.Location, surface.Root);
            }
        }
    }

    private static void Imports(ProfileSurface surface, CanonicalPolicy canonical, List<ArchivedSighting> sightings)
    {
        foreach (var profile in canonical.Profiles)
        {
            foreach (var node in profile.AllNodes)
            {
                if (MissingRequiredComponentRule.NodeModel(surface, node) is not { } model) continue;
                foreach (var import in model.Imports)
                {
                    if (import.Kind is not (ModuleImportKind.File or ModuleImportKind.Output)) continue;
                    if (canonical.ArchivedHelperIn(import.Name) is not { } helper) continue;
                    Add(sightings, helper, SightingKind.ProfileImport, import.Name, $"the module {import.Name}, imported by the {profile.Name} profile", import.Location, surface.Root);
                }
            }
        }
    }

    // ------------------------------------------------------------------ Cargo

    private static void Cargo(ProfileSurface surface, GuardsPolicy policy, CanonicalPolicy canonical, List<ArchivedSighting> sightings, Action<string, SourceSpan, string>? parseError)
    {
        if (!policy.Scopes.TryGetValue("cargo-workspaces", out var scope)) return;
        var files = surface.Workspace.FilePaths;
        foreach (var path in files)
        {
            if (!path.EndsWith("Cargo.toml", StringComparison.Ordinal) || !scope.Contains(path) || policy.IsNeverScanned(path)) continue;
            if (surface.Workspace.ReadSource(path) is not { } text) continue;
            Manifest(canonical, files, text, sightings, parseError);
        }
    }

    private static void Manifest(CanonicalPolicy canonical, IReadOnlyCollection<string> files, SourceText text, List<ArchivedSighting> sightings, Action<string, SourceSpan, string>? parseError)
    {
        DocumentSyntax document;
        try
        {
            document = Tomlyn.Parsing.SyntaxParser.Parse(text.Text, text.Path, false);
        }
        catch (Tomlyn.TomlException ex)
        {
            // The TOML reader refuses nesting deeper than it recurses (64 levels): the manifest is not read.
            parseError?.Invoke(text.Path, SourceSpan.FileStart, $"TOML parse error: {ex.Message.Split(". ")[0]}; the manifest was not read");
            return;
        }
        if (document.HasErrors && document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error) is { } first)
            parseError?.Invoke(text.Path, Span(text, first.Span), $"TOML parse error: {first.Message}");

        var workspace = document.Tables.FirstOrDefault(t => t is TableSyntax && KeyText(t.Name) == "workspace");
        if (workspace is null) return;
        var hasPackage = document.Tables.Any(t => KeyText(t.Name) == "package");
        var defaultMembers = Find(workspace, "default-members");
        // Without default-members, a virtual workspace builds every member by default.
        var (list, implicitDefault) = defaultMembers is not null ? (defaultMembers, false) : (!hasPackage ? Find(workspace, "members") : null, true);
        if (list?.Value is not ArraySyntax array) return;
        foreach (var item in array.Items)
        {
            if (item.Value is not StringValueSyntax { Value: { } member } value) continue;
            foreach (var expanded in Expand(files, text.Path, member))
            {
                if (canonical.ArchivedHelperIn(expanded) is not { } helper) continue;
                var description = implicitDefault
                    ? $"the workspace member {expanded} of {text.Path} (no default-members: every member is built by default)"
                    : $"the default member {expanded} of {text.Path}";
                sightings.Add(new ArchivedSighting(helper.Name, SightingKind.CargoDefaultMember, expanded, description, text.Path, Span(text, value.Span)));
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
    private static IEnumerable<string> Expand(IReadOnlyCollection<string> files, string manifest, string member)
    {
        if (!member.Contains('*', StringComparison.Ordinal)) return [member];
        var folder = manifest.Contains('/') ? manifest[..manifest.LastIndexOf('/')] + "/" : "";
        var prefix = member[..member.IndexOf('*')];
        var results = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in files)
        {
            if (!path.StartsWith(folder + prefix, StringComparison.Ordinal) || !path.EndsWith("/Cargo.toml", StringComparison.Ordinal)) continue;
            var relative = path[folder.Length..^"/Cargo.toml".Length];
            if (relative.Length > prefix.Length && !relative[prefix.Length..].Contains('/')) results.Add(relative);
        }
        return results.Count == 0 ? [member] : results;
    }

    private static SourceSpan Span(SourceText text, Tomlyn.Syntax.SourceSpan span) =>
        text.SpanOfChars(Math.Clamp(span.Start.Offset, 0, text.Text.Length), Math.Clamp(span.End.Offset + 1, 0, text.Text.Length));
}
