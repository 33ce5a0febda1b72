using System.Text;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Serialization;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Rules.Flake;

namespace UltraCloud.Guards.Rules.Surface;

/// <summary>A place in the tree: path, 1-based line and column.</summary>
public sealed record ManifestLocation(string Path, int Line, int Column)
{
    public override string ToString() => $"{Path}:{Line}:{Column}";

    public static ManifestLocation? Of(NixLocation? location) => location is null ? null : new(location.Path, location.Span.StartLine, location.Span.StartColumn);
}

public sealed record ManifestEntrypoint(string Entrypoint, string Kind, string Installable, string? Label, string Status, string? Attribute, ManifestLocation? Location, string? Reason);

public sealed record ManifestComponent(string Component, string State, ManifestLocation? Location, string? Reason);

public sealed record ManifestNode(string Name, IReadOnlyList<string> Roles, string Status, ManifestLocation? Location, string? Reason,
    IReadOnlyList<string> Enabled, IReadOnlyList<ManifestComponent> Unknown, IReadOnlyList<string> MissingRequired, IReadOnlyList<string> ExcludedEnabled);

public sealed record ManifestProfile(string Name, IReadOnlyList<ManifestEntrypoint> Entrypoints, IReadOnlyList<ManifestNode> Nodes);

public sealed record ManifestCheckItem(string Item, bool Covered, ManifestLocation? Location);

public sealed record ManifestCheck(string Name, string Status, ManifestLocation? Location, IReadOnlyList<ManifestCheckItem> Covers);

public sealed record ManifestSighting(string Kind, string Subject, ManifestLocation Location);

public sealed record ManifestArchivedHelper(string Name, IReadOnlyList<ManifestSighting> Seen);

public sealed record ManifestFlake(string Path, bool Exists, string? Unreadable, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, IReadOnlyList<string>> Outputs, IReadOnlyDictionary<string, string> UnknownOutputs);

/// <summary>
/// The product-surface manifest of a tree (schema in docs/surface.md): each canonical profile with
/// its entrypoints (found, missing, unknown, each with file:line) and its nodes' enabled
/// components, the aggregate checks' coverage, the archived helpers seen, the flakes' outputs and
/// the finding counts per rule. Deterministic: the same tree gives byte-identical JSON. Built
/// from any <see cref="ISourceTree"/>, so two refs' manifests can be compared.
/// </summary>
public sealed record SurfaceManifest
{
    public const int SchemaVersion = 1;

    public required string System { get; init; }
    public required IReadOnlyList<ManifestFlake> Flakes { get; init; }
    public required IReadOnlyList<ManifestProfile> Profiles { get; init; }
    public required IReadOnlyList<ManifestCheck> Checks { get; init; }
    public required IReadOnlyList<ManifestArchivedHelper> ArchivedHelpers { get; init; }
    public required IReadOnlyDictionary<string, int> FindingsByRule { get; init; }
    public int SuppressedFindings { get; init; }

    private static readonly string[] ListedOutputs = ["nixosConfigurations", "nixosModules", "packages", "apps", "checks"];

    /// <summary>The manifest of a scanned tree (its findings give the counts).</summary>
    public static SurfaceManifest Build(ScanResult scan) => Build(scan.Tree, scan.Policy, scan.Findings);

    /// <summary>The manifest of any tree: the working tree, the git index, a commit's tree.</summary>
    public static SurfaceManifest Build(ISourceTree tree, GuardsPolicy policy, IReadOnlyList<Finding> findings)
    {
        var workspace = NixWorkspace.ForTree(tree, policy.ParseBudget, policy.IsNeverScanned);
        var canonical = CanonicalPolicy.Of(policy);
        var surface = new ProfileSurface(workspace, canonical);

        var flakes = new[] { "" }.Concat(canonical.Entrypoints.Select(e => e.FlakeDirectory)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(d => Flake(workspace.Flake(d))).ToList();
        var profiles = canonical.Profiles.Select(p => Profile(surface, p)).ToList();
        var checks = surface.HasRootFlake ? canonical.Checks.Select(c => Check(surface, c)).ToList() : [];
        var sightings = ArchivedHelperSightings.Collect(surface, policy);
        var archived = canonical.ArchivedHelpers.Select(h => new ManifestArchivedHelper(h.Name,
            sightings.Where(s => s.Helper == h.Name).Select(s => new ManifestSighting(KindName(s.Kind), s.Subject, new ManifestLocation(s.Path, s.Span.StartLine, s.Span.StartColumn))).ToList()))
            .OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var active = findings.Where(f => !f.IsSuppressed).ToList();
        return new SurfaceManifest
        {
            System = canonical.System,
            Flakes = flakes,
            Profiles = profiles,
            Checks = checks,
            ArchivedHelpers = archived,
            FindingsByRule = new SortedDictionary<string, int>(active.GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal),
            SuppressedFindings = findings.Count - active.Count,
        };
    }

    private static string KindName(SightingKind kind) => kind switch
    {
        SightingKind.FlakeOutput => "flake-output",
        SightingKind.CheckReference => "check-reference",
        SightingKind.ProfileImport => "profile-import",
        _ => "cargo-default-member",
    };

    private static string StatusName(LookupStatus status) => status switch
    {
        LookupStatus.Found => "found",
        LookupStatus.Missing => "missing",
        _ => "unknown",
    };

    private static ManifestFlake Flake(FlakeModel flake)
    {
        var outputs = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var unknown = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (flake.Exists && flake.Unreadable is null)
        {
            foreach (var category in ListedOutputs)
            {
                var listing = flake.List(category);
                if (listing.Status == LookupStatus.Missing) continue;
                var perSystem = category is "packages" or "apps" or "checks";
                if (!perSystem)
                {
                    Record(category, listing);
                    continue;
                }
                if (!listing.IsComplete) unknown[category] = listing.Reason ?? "not known";
                foreach (var system in listing.Names) Record($"{category}.{system.Name}", flake.List([category, system.Name]));
            }
        }
        return new ManifestFlake(flake.FlakeFile, flake.Exists, flake.Unreadable?.Reason, flake.InputNames, outputs, unknown);

        void Record(string path, FlakeListing listing)
        {
            outputs[path] = listing.Names.Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
            if (!listing.IsComplete) unknown[path] = listing.Reason ?? listing.Open.FirstOrDefault()?.Reason ?? "not known";
        }
    }

    private static ManifestProfile Profile(ProfileSurface surface, CanonicalProfile profile)
    {
        var entrypoints = profile.Entrypoints.Select(e =>
        {
            var r = surface.Resolve(e);
            var kind = e.Kind switch { EntrypointKind.Run => "run", EntrypointKind.Build => "build", _ => "attr" };
            return new ManifestEntrypoint(e.Display, kind, e.Installable, e.Label, StatusName(r.Status), r.Attribute, ManifestLocation.Of(r.Location), r.Reason);
        }).ToList();

        var nodes = new List<ManifestNode>();
        foreach (var node in profile.AllNodes)
        {
            var roles = profile.Nodes.Where(kv => kv.Value.Contains(node)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var lookup = surface.HasRootFlake ? surface.Root.Lookup(["nixosConfigurations", node]) : new FlakeLookup(LookupStatus.Missing, node, null, null);
            if (lookup.Status != LookupStatus.Found)
            {
                nodes.Add(new ManifestNode(node, roles, StatusName(lookup.Status), ManifestLocation.Of(lookup.Location), lookup.Reason, [], [], [], []));
                continue;
            }
            var model = surface.Node(node);
            if (model.Unknown is { } u)
            {
                nodes.Add(new ManifestNode(node, roles, "unknown", ManifestLocation.Of(u.Where ?? model.Location), u.Reason, [], [], [], []));
                continue;
            }
            var enabled = model.EnabledComponents.ToList();
            var unknown = model.Services.Values.Where(s => s.State == ComponentState.Unknown)
                .Select(s => new ManifestComponent(s.Component, "unknown", ManifestLocation.Of(s.Location), s.Reason))
                .OrderBy(c => c.Component, StringComparer.Ordinal).ToList();
            var missing = profile.Required
                .Where(r => r.Role != "any" && profile.NodesWithRole(r.Role).Contains(node) && model.Component(r.Component).State is ComponentState.NotSet or ComponentState.Disabled)
                .Select(r => r.Component).Distinct().Order(StringComparer.Ordinal).ToList();
            var excluded = profile.Excluded.Where(c => model.Component(c).State == ComponentState.Enabled).Order(StringComparer.Ordinal).ToList();
            nodes.Add(new ManifestNode(node, roles, "found", ManifestLocation.Of(model.Location), null, enabled, unknown, missing, excluded));
        }
        return new ManifestProfile(profile.Name, entrypoints, nodes);
    }

    private static ManifestCheck Check(ProfileSurface surface, CanonicalCheck check)
    {
        var coverage = GuardCoverage.Of(surface, check);
        var items = coverage.Items.Where(i => !i.TargetMissing)
            .Select(i => new ManifestCheckItem(i.Display, i.Covered, ManifestLocation.Of(i.ReferenceLocation)))
            .OrderBy(i => i.Item, StringComparer.Ordinal).ToList();
        return new ManifestCheck($"checks.{surface.Policy.System}.{check.Name}", StatusName(coverage.Check.Status), ManifestLocation.Of(coverage.Check.Location), items);
    }

    // ------------------------------------------------------------------ JSON

    public string ToJson(string toolVersion = "") =>
        OutputJson.Serialize(ToDto(toolVersion), c => c.SurfaceManifestDto) + "\n";

    /// <summary>The manifest as the JSON document's records (docs/surface.md).</summary>
    public SurfaceManifestDto ToDto(string toolVersion = "") => new(
        SchemaVersion,
        ToolDto.UcGuards(toolVersion),
        System,
        Profiles.Select(p => new SurfaceProfileDto(
            p.Name,
            p.Entrypoints.Select(e => new SurfaceEntrypointDto(e.Entrypoint, e.Kind, e.Installable, e.Label, e.Status, e.Attribute, Location(e.Location), e.Reason)).ToList(),
            p.Nodes.Select(n => new SurfaceNodeDto(
                n.Name, n.Roles, n.Status, Location(n.Location), n.Reason, n.Enabled,
                n.Unknown.Select(c => new SurfaceComponentDto(c.Component, Location(c.Location), c.Reason)).ToList(),
                n.MissingRequired, n.ExcludedEnabled)).ToList())).ToList(),
        Checks.Select(c => new SurfaceCheckDto(c.Name, c.Status, Location(c.Location),
            c.Covers.Select(i => new SurfaceCheckItemDto(i.Item, i.Covered, Location(i.Location))).ToList())).ToList(),
        ArchivedHelpers.Select(h => new SurfaceArchivedHelperDto(h.Name,
            h.Seen.Select(s => new SurfaceSightingDto(s.Kind, s.Subject, Location(s.Location)!)).ToList())).ToList(),
        Flakes.Select(f => new SurfaceFlakeDto(f.Path, f.Exists, f.Unreadable, f.Inputs, f.Outputs, f.UnknownOutputs)).ToList(),
        new SurfaceFindingsDto(FindingsByRule.Values.Sum(), SuppressedFindings, FindingsByRule));

    private static SurfaceLocationDto? Location(ManifestLocation? location) =>
        location is null ? null : new SurfaceLocationDto(location.Path, location.Line, location.Column);

    // ------------------------------------------------------------------ Markdown

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("# Product surface\n\n");
        md.Append($"Per-system outputs are read for {MarkdownText.Code(System)}.\n");
        foreach (var profile in Profiles)
        {
            md.Append($"\n## {MarkdownText.Inline(profile.Name)}\n\n");
            md.Append("| entrypoint | status | where |\n| --- | --- | --- |\n");
            foreach (var e in profile.Entrypoints)
            {
                var status = e.Status + (e.Reason is null ? "" : $": {Cell(e.Reason)}");
                md.Append($"| {MarkdownText.CodeCell(e.Entrypoint)}{(e.Label is null ? "" : $" ({MarkdownText.Cell(e.Label)})")} | {status} | {Where(e.Location, e.Attribute)} |\n");
            }
            md.Append("\n| node | roles | enabled components | missing required | excluded enabled | undecided |\n| --- | --- | --- | --- | --- | --- |\n");
            foreach (var n in profile.Nodes)
            {
                if (n.Status != "found")
                {
                    md.Append($"| {MarkdownText.CodeCell(n.Name)} | {MarkdownText.Cell(string.Join(", ", n.Roles))} | {n.Status}{(n.Reason is null ? "" : $": {Cell(n.Reason)}")} | | | |\n");
                    continue;
                }
                md.Append($"| {MarkdownText.CodeCell(n.Name)} | {MarkdownText.Cell(string.Join(", ", n.Roles))} | {List(n.Enabled)} | {List(n.MissingRequired)} | {List(n.ExcludedEnabled)} | {List(n.Unknown.Select(u => u.Component))} |\n");
            }
        }
        if (Checks.Count > 0)
        {
            md.Append("\n## Aggregate checks\n\n| check | status | not covered |\n| --- | --- | --- |\n");
            foreach (var c in Checks)
                md.Append($"| {MarkdownText.CodeCell(c.Name)} | {c.Status} | {List(c.Covers.Where(i => !i.Covered).Select(i => i.Item))} |\n");
        }
        md.Append("\n## Archived helpers seen\n\n");
        var seen = ArchivedHelpers.Where(h => h.Seen.Count > 0).ToList();
        if (seen.Count == 0) md.Append("None on the default surface.\n");
        else
        {
            md.Append("| helper | where | as |\n| --- | --- | --- |\n");
            foreach (var h in seen)
            {
                foreach (var s in h.Seen) md.Append($"| {MarkdownText.CodeCell(h.Name)} | {MarkdownText.CodeCell(s.Location.ToString())} | {s.Kind}: {MarkdownText.CodeCell(s.Subject)} |\n");
            }
        }
        md.Append("\n## Findings by rule\n\n");
        if (FindingsByRule.Count == 0) md.Append("No findings.\n");
        else
        {
            md.Append("| rule | findings |\n| --- | --- |\n");
            foreach (var (rule, count) in FindingsByRule) md.Append($"| {MarkdownText.Cell(rule)} | {count} |\n");
        }
        return md.ToString();
    }

    private static string Where(ManifestLocation? location, string? attribute) =>
        location is null ? "" : $"{MarkdownText.CodeCell(location.ToString())}{(attribute is null ? "" : $" ({MarkdownText.CodeCell(attribute)})")}";

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "" : string.Join(", ", list.Select(MarkdownText.CodeCell));
    }

    private static string Cell(string text) => MarkdownText.Cell(text);
}
