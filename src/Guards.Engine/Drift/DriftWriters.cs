using System.Globalization;
using System.Text.Json;
using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Drift;

/// <summary>
/// The drift report as a release-notes section a person reads top down: the two revisions, the
/// summary counts, then the details (introduced findings at the --to side, resolved ones at the
/// --from side), grouped by rule.
/// </summary>
public static class DriftMarkdownWriter
{
    public static void Write(DriftReport report, TextWriter output)
    {
        var w = new List<string>
        {
            $"## Supported-surface drift: `{report.From.Ref}` → `{report.To.Ref}`",
            "",
            $"From `{report.From.Ref}` ({report.From.Commit[..12]}) to `{report.To.Ref}` ({report.To.Commit[..12]}).",
            "",
        };

        var errors = report.Introduced.Count(f => f.Severity == Severity.Error);
        w.Add("### Summary");
        w.Add("");
        w.Add("| change | count |");
        w.Add("| --- | ---: |");
        w.Add($"| findings introduced | {report.Introduced.Count}{(errors > 0 ? $" ({errors} error{(errors == 1 ? "" : "s")})" : "")} |");
        w.Add($"| findings resolved | {report.Resolved.Count} |");
        if (report.Surface is { } surface)
        {
            foreach (var (label, count) in SurfaceCounts.Of(surface)) w.Add($"| {label} | {count} |");
        }
        w.Add($"| suppressions added | {report.Suppressions.Added.Count} |");
        w.Add($"| suppressions removed | {report.Suppressions.Removed.Count} |");
        w.Add("");

        var byRule = report.ByRule;
        if (byRule.Count == 0)
        {
            w.Add("No guard finding was introduced or resolved.");
            w.Add("");
        }
        else
        {
            w.Add("| rule | severity | introduced | resolved |");
            w.Add("| --- | --- | ---: | ---: |");
            foreach (var rule in byRule)
                w.Add($"| {rule.RuleId} {rule.RuleName} | {rule.Severity.ToName()} | {rule.Introduced} | {rule.Resolved} |");
            w.Add("");
            Section(w, "Findings introduced", $"at `{report.To.Ref}`", report.Introduced);
            Section(w, "Findings resolved", $"locations at `{report.From.Ref}`", report.Resolved);
        }
        if (report.Surface is { } changes)
        {
            w.Add("### Product surface");
            w.Add("");
            if (changes.Count == 0)
            {
                w.Add("The supported surface did not change.");
                w.Add("");
            }
            foreach (var area in changes.GroupBy(c => c.Area))
            {
                w.Add($"#### {SurfaceCounts.Title(area.Key)}");
                w.Add("");
                foreach (var c in area)
                {
                    var where = c.Location is null ? "" : $" (`{c.Location}`)";
                    var detail = c.Detail is null ? "" : $": {c.Detail}";
                    w.Add($"- {c.Change}: `{c.Subject}`{where}{detail}");
                }
                w.Add("");
            }
        }
        foreach (var line in w) output.WriteLine(line);

        output.WriteLine("### Suppressions");
        output.WriteLine();
        if (report.Suppressions.Added.Count + report.Suppressions.Removed.Count == 0)
        {
            output.WriteLine("No inline suppression was added or removed.");
            output.WriteLine();
        }
        else
        {
            SuppressionWriters.WriteMarkdownChangeSections(report.Suppressions, report.From, report.To, report.SuppressionsAsOf, output, "####");
            output.WriteLine();
        }
    }

    private static void Section(List<string> w, string title, string where, IReadOnlyList<DriftFinding> findings)
    {
        if (findings.Count == 0) return;
        w.Add($"### {title} ({where})");
        w.Add("");
        foreach (var group in findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            w.Add($"#### {first.RuleId} {first.RuleName} ({first.Severity.ToName()}): {group.Count()}");
            w.Add("");
            foreach (var f in group)
                w.Add($"- `{f.Path}:{f.Line.ToString(CultureInfo.InvariantCulture)}:{f.Column.ToString(CultureInfo.InvariantCulture)}`: {f.Message}");
            w.Add("");
        }
    }
}

/// <summary>Summary counts of surface changes, shared by both formats.</summary>
public static class SurfaceCounts
{
    /// <summary>(label, count) in report order; JSON keys are derived from the same table.</summary>
    public static readonly (string Key, string Label, string Area, string Change)[] Rows =
    [
        ("entrypointsAdded", "entrypoints added", SurfaceAreas.Entrypoint, "added"),
        ("entrypointsRemoved", "entrypoints removed", SurfaceAreas.Entrypoint, "removed"),
        ("entrypointsNowUnknown", "entrypoints now unknown", SurfaceAreas.Entrypoint, "now unknown"),
        ("componentsGained", "components gained (profile / node)", SurfaceAreas.Component, "gained"),
        ("componentsLost", "components lost (profile / node)", SurfaceAreas.Component, "lost"),
        ("archivedHelpersAppeared", "archived helpers appeared", SurfaceAreas.ArchivedHelper, "appeared"),
        ("archivedHelpersLeft", "archived helpers left", SurfaceAreas.ArchivedHelper, "left"),
        ("profileTablesChanged", "docs whose profile table changed", SurfaceAreas.ProfileTable, "*"),
    ];

    public static IEnumerable<(string Label, int Count)> Of(IReadOnlyList<SurfaceChange> changes) =>
        Rows.Select(r => (r.Label, Count(changes, r.Area, r.Change)));

    public static int Count(IReadOnlyList<SurfaceChange> changes, string area, string change) =>
        changes.Count(c => c.Area == area && (change == "*" || c.Change == change));

    public static string Title(string area) => area switch
    {
        SurfaceAreas.Entrypoint => "Entrypoints",
        SurfaceAreas.Component => "Components per profile and node",
        SurfaceAreas.ArchivedHelper => "Archived helpers",
        SurfaceAreas.ProfileTable => "Docs' profile tables",
        _ => area,
    };
}

/// <summary>The drift report as JSON; the schema is documented in docs/drift.md and only grows.</summary>
public static class DriftJsonWriter
{
    public const int SchemaVersion = 1;

    public static void Write(DriftReport report, TextWriter output, string toolVersion)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", "uc-guards");
            json.WriteString("version", toolVersion);
            json.WriteEndObject();
            Side(json, "from", report.From);
            Side(json, "to", report.To);

            json.WriteStartObject("summary");
            json.WriteNumber("findingsIntroduced", report.Introduced.Count);
            json.WriteNumber("findingsResolved", report.Resolved.Count);
            json.WriteNumber("errorsIntroduced", report.Introduced.Count(f => f.Severity == Severity.Error));
            json.WriteStartArray("byRule");
            foreach (var rule in report.ByRule)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", rule.RuleId);
                json.WriteString("ruleName", rule.RuleName);
                json.WriteString("severity", rule.Severity.ToName());
                json.WriteNumber("introduced", rule.Introduced);
                json.WriteNumber("resolved", rule.Resolved);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("findings");
            Findings(json, "introduced", report.Introduced);
            Findings(json, "resolved", report.Resolved);
            json.WriteEndObject();

            if (report.Surface is { } surface)
            {
                json.WriteStartObject("surface");
                json.WriteStartObject("summary");
                foreach (var row in SurfaceCounts.Rows) json.WriteNumber(row.Key, SurfaceCounts.Count(surface, row.Area, row.Change));
                json.WriteEndObject();
                json.WriteStartArray("changes");
                foreach (var c in surface)
                {
                    json.WriteStartObject();
                    json.WriteString("area", c.Area);
                    json.WriteString("change", c.Change);
                    json.WriteString("subject", c.Subject);
                    if (c.Location is null) json.WriteNull("location"); else json.WriteString("location", c.Location);
                    if (c.Detail is null) json.WriteNull("detail"); else json.WriteString("detail", c.Detail);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            else json.WriteNull("surface");

            json.WriteStartObject("suppressions");
            json.WriteString("asOf", report.SuppressionsAsOf.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            SuppressionWriters.Records(json, "added", report.Suppressions.Added, report.SuppressionsAsOf);
            SuppressionWriters.Records(json, "removed", report.Suppressions.Removed, report.SuppressionsAsOf);
            json.WriteEndObject();

            json.WriteStartArray("renames");
            foreach (var (to, from) in report.Renames)
            {
                json.WriteStartObject();
                json.WriteString("from", from);
                json.WriteString("to", to);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        output.WriteLine();
    }

    private static void Side(Utf8JsonWriter json, string name, DriftSide side)
    {
        json.WriteStartObject(name);
        json.WriteString("ref", side.Ref);
        json.WriteString("commit", side.Commit);
        json.WriteEndObject();
    }

    private static void Findings(Utf8JsonWriter json, string name, IReadOnlyList<DriftFinding> findings)
    {
        json.WriteStartArray(name);
        foreach (var f in findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", f.RuleId);
            json.WriteString("ruleName", f.RuleName);
            json.WriteString("severity", f.Severity.ToName());
            json.WriteString("path", f.Path);
            json.WriteNumber("line", f.Line);
            json.WriteNumber("column", f.Column);
            json.WriteString("message", f.Message);
            json.WriteString("fingerprint", f.Fingerprint);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
