using System.Text;
using System.Text.Json;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Rules.Flake;

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

    public string ToJson(string toolVersion = "")
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", "uc-guards");
            json.WriteString("version", toolVersion);
            json.WriteEndObject();
            json.WriteString("system", System);

            json.WriteStartArray("profiles");
            foreach (var profile in Profiles)
            {
                json.WriteStartObject();
                json.WriteString("name", profile.Name);
                json.WriteStartArray("entrypoints");
                foreach (var e in profile.Entrypoints)
                {
                    json.WriteStartObject();
                    json.WriteString("entrypoint", e.Entrypoint);
                    json.WriteString("kind", e.Kind);
                    json.WriteString("installable", e.Installable);
                    WriteOptional(json, "label", e.Label);
                    json.WriteString("status", e.Status);
                    WriteOptional(json, "attribute", e.Attribute);
                    WriteLocation(json, "location", e.Location);
                    WriteOptional(json, "reason", e.Reason);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("nodes");
                foreach (var n in profile.Nodes)
                {
                    json.WriteStartObject();
                    json.WriteString("name", n.Name);
                    WriteStrings(json, "roles", n.Roles);
                    json.WriteString("status", n.Status);
                    WriteLocation(json, "location", n.Location);
                    WriteOptional(json, "reason", n.Reason);
                    WriteStrings(json, "enabled", n.Enabled);
                    json.WriteStartArray("unknown");
                    foreach (var c in n.Unknown)
                    {
                        json.WriteStartObject();
                        json.WriteString("component", c.Component);
                        WriteLocation(json, "location", c.Location);
                        WriteOptional(json, "reason", c.Reason);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    WriteStrings(json, "missingRequired", n.MissingRequired);
                    WriteStrings(json, "excludedEnabled", n.ExcludedEnabled);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("checks");
            foreach (var c in Checks)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                json.WriteString("status", c.Status);
                WriteLocation(json, "location", c.Location);
                json.WriteStartArray("covers");
                foreach (var item in c.Covers)
                {
                    json.WriteStartObject();
                    json.WriteString("item", item.Item);
                    json.WriteBoolean("covered", item.Covered);
                    WriteLocation(json, "reference", item.Location);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("archivedHelpers");
            foreach (var h in ArchivedHelpers)
            {
                json.WriteStartObject();
                json.WriteString("name", h.Name);
                json.WriteStartArray("seen");
                foreach (var s in h.Seen)
                {
                    json.WriteStartObject();
                    json.WriteString("kind", s.Kind);
                    json.WriteString("subject", s.Subject);
                    WriteLocation(json, "location", s.Location);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("flakes");
            foreach (var f in Flakes)
            {
                json.WriteStartObject();
                json.WriteString("path", f.Path);
                json.WriteBoolean("exists", f.Exists);
                WriteOptional(json, "unreadable", f.Unreadable);
                WriteStrings(json, "inputs", f.Inputs);
                json.WriteStartObject("outputs");
                foreach (var (path, names) in f.Outputs) WriteStrings(json, path, names);
                json.WriteEndObject();
                json.WriteStartObject("unknownOutputs");
                foreach (var (path, reason) in f.UnknownOutputs) json.WriteString(path, reason);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartObject("findings");
            json.WriteNumber("total", FindingsByRule.Values.Sum());
            json.WriteNumber("suppressed", SuppressedFindings);
            json.WriteStartObject("byRule");
            foreach (var (rule, count) in FindingsByRule) json.WriteNumber(rule, count);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }

    private static void WriteLocation(Utf8JsonWriter json, string name, ManifestLocation? location)
    {
        if (location is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        json.WriteString("path", location.Path);
        json.WriteNumber("line", location.Line);
        json.WriteNumber("column", location.Column);
        json.WriteEndObject();
    }

    // ------------------------------------------------------------------ Markdown

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("# Product surface\n\n");
        md.Append($"Per-system outputs are read for `{System}`.\n");
        foreach (var profile in Profiles)
        {
            md.Append($"\n## {profile.Name}\n\n");
            md.Append("| entrypoint | status | where |\n| --- | --- | --- |\n");
            foreach (var e in profile.Entrypoints)
            {
                var status = e.Status + (e.Reason is null ? "" : $": {Cell(e.Reason)}");
                md.Append($"| `{e.Entrypoint}`{(e.Label is null ? "" : $" ({e.Label})")} | {status} | {Where(e.Location, e.Attribute)} |\n");
            }
            md.Append("\n| node | roles | enabled components | missing required | excluded enabled | undecided |\n| --- | --- | --- | --- | --- | --- |\n");
            foreach (var n in profile.Nodes)
            {
                if (n.Status != "found")
                {
                    md.Append($"| `{n.Name}` | {string.Join(", ", n.Roles)} | {n.Status}{(n.Reason is null ? "" : $": {Cell(n.Reason)}")} | | | |\n");
                    continue;
                }
                md.Append($"| `{n.Name}` | {string.Join(", ", n.Roles)} | {List(n.Enabled)} | {List(n.MissingRequired)} | {List(n.ExcludedEnabled)} | {List(n.Unknown.Select(u => u.Component))} |\n");
            }
        }
        if (Checks.Count > 0)
        {
            md.Append("\n## Aggregate checks\n\n| check | status | not covered |\n| --- | --- | --- |\n");
            foreach (var c in Checks)
                md.Append($"| `{c.Name}` | {c.Status} | {List(c.Covers.Where(i => !i.Covered).Select(i => i.Item))} |\n");
        }
        md.Append("\n## Archived helpers seen\n\n");
        var seen = ArchivedHelpers.Where(h => h.Seen.Count > 0).ToList();
        if (seen.Count == 0) md.Append("None on the default surface.\n");
        else
        {
            md.Append("| helper | where | as |\n| --- | --- | --- |\n");
            foreach (var h in seen)
            {
                foreach (var s in h.Seen) md.Append($"| `{h.Name}` | `{s.Location}` | {s.Kind}: `{s.Subject}` |\n");
            }
        }
        md.Append("\n## Findings by rule\n\n");
        if (FindingsByRule.Count == 0) md.Append("No findings.\n");
        else
        {
            md.Append("| rule | findings |\n| --- | --- |\n");
            foreach (var (rule, count) in FindingsByRule) md.Append($"| {rule} | {count} |\n");
        }
        return md.ToString();
    }

    private static string Where(ManifestLocation? location, string? attribute) =>
        location is null ? "" : $"`{location}`{(attribute is null ? "" : $" (`{attribute}`)")}";

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "" : string.Join(", ", list.Select(i => $"`{i}`"));
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
