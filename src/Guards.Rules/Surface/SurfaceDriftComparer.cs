using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Rules.Docs;

namespace UltraCloud.Guards.Rules.Surface;

/// <summary>
/// The product-surface half of <c>uc-guards drift</c>: builds the <see cref="SurfaceManifest"/> of
/// both scanned trees and lists what changed: canonical entrypoints added, removed or now unknown;
/// components each profile's nodes gained or lost; archived helpers that appeared on or left the
/// default surface; docs whose canonical-profile table changed.
/// </summary>
public sealed class SurfaceDriftComparer : ISurfaceComparer
{
    public IReadOnlyList<SurfaceChange> Compare(ScanResult from, ScanResult to)
    {
        var before = SurfaceManifest.Build(from);
        var after = SurfaceManifest.Build(to);
        var changes = new List<SurfaceChange>();
        Entrypoints(before, after, changes);
        Components(before, after, changes);
        ArchivedHelpers(before, after, changes);
        ProfileTables(from, to, changes);
        return changes;
    }

    private static void Entrypoints(SurfaceManifest before, SurfaceManifest after, List<SurfaceChange> changes)
    {
        var old = before.Profiles.SelectMany(p => p.Entrypoints.Select(e => (p.Name, e))).ToDictionary(x => (x.Name, x.e.Entrypoint), x => x.e);
        foreach (var profile in after.Profiles)
        {
            foreach (var now in profile.Entrypoints)
            {
                old.TryGetValue((profile.Name, now.Entrypoint), out var was);
                var wasStatus = was?.Status ?? "missing";
                if (wasStatus == now.Status) continue;
                var subject = $"{profile.Name}: {now.Entrypoint}";
                var change = now.Status switch
                {
                    "found" => "added",
                    "missing" => "removed",
                    _ => "now unknown",
                };
                var location = now.Status == "missing" ? was?.Location : now.Location ?? was?.Location;
                changes.Add(new SurfaceChange(SurfaceAreas.Entrypoint, change, subject, location?.ToString(), now.Status == "unknown" ? now.Reason : null));
            }
        }
    }

    private static void Components(SurfaceManifest before, SurfaceManifest after, List<SurfaceChange> changes)
    {
        var old = before.Profiles.SelectMany(p => p.Nodes.Select(n => (p.Name, n))).ToDictionary(x => (x.Name, x.n.Name), x => x.n);
        foreach (var profile in after.Profiles)
        {
            foreach (var node in profile.Nodes)
            {
                old.TryGetValue((profile.Name, node.Name), out var was);
                // A node whose configuration cannot be read says nothing about its components.
                if (node.Status == "unknown" || was?.Status == "unknown") continue;
                var enabledBefore = was?.Enabled ?? [];
                var enabledAfter = node.Enabled;
                foreach (var gained in enabledAfter.Except(enabledBefore, StringComparer.Ordinal))
                    changes.Add(new SurfaceChange(SurfaceAreas.Component, "gained", $"{profile.Name} / {node.Name}: {gained}", node.Location?.ToString()));
                foreach (var lost in enabledBefore.Except(enabledAfter, StringComparer.Ordinal))
                    changes.Add(new SurfaceChange(SurfaceAreas.Component, "lost", $"{profile.Name} / {node.Name}: {lost}", (node.Location ?? was?.Location)?.ToString()));
            }
        }
    }

    private static void ArchivedHelpers(SurfaceManifest before, SurfaceManifest after, List<SurfaceChange> changes)
    {
        var old = before.ArchivedHelpers.ToDictionary(h => h.Name, StringComparer.Ordinal);
        foreach (var helper in after.ArchivedHelpers)
        {
            var was = old.TryGetValue(helper.Name, out var h) ? h.Seen : [];
            var key = (ManifestSighting s) => $"{s.Kind}: {s.Subject}";
            var wasKeys = was.Select(key).ToHashSet(StringComparer.Ordinal);
            var nowKeys = helper.Seen.Select(key).ToHashSet(StringComparer.Ordinal);
            foreach (var sighting in helper.Seen.Where(s => !wasKeys.Contains(key(s))))
                changes.Add(new SurfaceChange(SurfaceAreas.ArchivedHelper, "appeared", helper.Name, sighting.Location.ToString(), key(sighting)));
            foreach (var sighting in was.Where(s => !nowKeys.Contains(key(s))))
                changes.Add(new SurfaceChange(SurfaceAreas.ArchivedHelper, "left", helper.Name, sighting.Location.ToString(), key(sighting)));
        }
    }

    /// <summary>Each published doc's canonical-profile tables, as normalised rows, compared doc by doc.</summary>
    private static void ProfileTables(ScanResult from, ScanResult to, List<SurfaceChange> changes)
    {
        var before = Tables(from);
        var after = Tables(to);
        foreach (var (path, table) in after)
        {
            if (!before.TryGetValue(path, out var was)) changes.Add(new SurfaceChange(SurfaceAreas.ProfileTable, "added", path, table.Location));
            else if (!was.Rows.SequenceEqual(table.Rows, StringComparer.Ordinal))
                changes.Add(new SurfaceChange(SurfaceAreas.ProfileTable, "changed", path, table.Location, Describe(was.Rows, table.Rows)));
        }
        foreach (var (path, table) in before.Where(kv => !after.ContainsKey(kv.Key)))
            changes.Add(new SurfaceChange(SurfaceAreas.ProfileTable, "removed", path, table.Location));
    }

    private static string Describe(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var removed = before.Except(after, StringComparer.Ordinal).Select(r => r[..r.IndexOf(':')]).ToList();
        var added = after.Except(before, StringComparer.Ordinal).Select(r => r[..r.IndexOf(':')]).ToList();
        var changed = removed.Intersect(added, StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (changed.Count > 0) parts.Add("rows changed: " + string.Join(", ", changed));
        if (added.Except(changed).Any()) parts.Add("rows added: " + string.Join(", ", added.Except(changed)));
        if (removed.Except(changed).Any()) parts.Add("rows removed: " + string.Join(", ", removed.Except(changed)));
        return parts.Count == 0 ? "rows reordered" : string.Join("; ", parts);
    }

    private sealed record DocTables(IReadOnlyList<string> Rows, string Location);

    private static Dictionary<string, DocTables> Tables(ScanResult scan)
    {
        var result = new Dictionary<string, DocTables>(StringComparer.Ordinal);
        var rule = scan.Policy.Rule("UCG2004");
        if (rule is null) return result;
        var columns = ProfileData.TableColumns(scan.Policy);
        var files = scan.Tree.Enumerate().Where(e => e.SkipReason is null).ToList();
        var context = new RepositoryContext(scan.Tree, scan.Policy, files, new FindingSink(scan.Policy));
        foreach (var path in files.Select(f => f.Path).Where(p => MarkdownSyntax.IsMarkdown(p) && rule.AppliesTo(p)).Order(StringComparer.Ordinal))
        {
            var rows = new List<string>();
            string? location = null;
            foreach (var table in ProfileTable.In(context, path, columns))
            {
                location ??= $"{path}:{table.ProfileHeader.Span.StartLine}:{table.ProfileHeader.Span.StartColumn}";
                foreach (var row in table.Rows)
                {
                    rows.Add($"{row.Name}: {string.Join(", ", row.Entrypoints.Select(e => e.Value.Key))} | "
                        + $"{string.Join(", ", row.Required.Select(c => c.Value.Key))} | {string.Join(", ", row.Optional.Select(c => c.Value.Key))}");
                }
            }
            if (location is not null) result[path] = new DocTables(rows, location);
        }
        return result;
    }
}
