using System.Globalization;
using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Serialization;

namespace UltraCloud.Guards.Engine.Drift;

/// <summary>
/// The drift report as a release-notes section a person reads top down: the two revisions, the
/// summary counts, then the details (introduced findings at the --to side, resolved ones at the
/// --from side), grouped by rule. Ref names, paths, messages and surface subjects are escaped
/// (<see cref="MarkdownText"/>): a ref name is an argument, and most of the rest comes from the tree.
/// </summary>
public static class DriftMarkdownWriter
{
    public static void Write(DriftReport report, TextWriter output)
    {
        var w = new List<string>
        {
            $"## Supported-surface drift: {MarkdownText.Code(report.From.Ref)} → {MarkdownText.Code(report.To.Ref)}",
            "",
            $"From {MarkdownText.Code(report.From.Ref)} ({report.From.Commit[..12]}) to {MarkdownText.Code(report.To.Ref)} ({report.To.Commit[..12]}).",
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
                w.Add($"| {MarkdownText.Cell($"{rule.RuleId} {rule.RuleName}")} | {rule.Severity.ToName()} | {rule.Introduced} | {rule.Resolved} |");
            w.Add("");
            Section(w, "Findings introduced", $"at {MarkdownText.Code(report.To.Ref)}", report.Introduced);
            Section(w, "Findings resolved", $"locations at {MarkdownText.Code(report.From.Ref)}", report.Resolved);
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
                    var where = c.Location is null ? "" : $" ({MarkdownText.Code(c.Location)})";
                    var detail = c.Detail is null ? "" : $": {MarkdownText.Inline(c.Detail)}";
                    w.Add($"- {MarkdownText.Inline(c.Change)}: {MarkdownText.Code(c.Subject)}{where}{detail}");
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
            w.Add($"#### {MarkdownText.Inline($"{first.RuleId} {first.RuleName}")} ({first.Severity.ToName()}): {group.Count()}");
            w.Add("");
            foreach (var f in group)
                w.Add($"- {MarkdownText.Code($"{f.Path}:{f.StartLine.ToString(CultureInfo.InvariantCulture)}:{f.StartColumn.ToString(CultureInfo.InvariantCulture)}")}: {MarkdownText.Inline(f.Message)}");
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

/// <summary>The drift report as JSON (<see cref="DriftReportDto"/>); the schema is documented in docs/drift.md.</summary>
public static class DriftJsonWriter
{
    /// <summary>2: findings in the shared finding shape (startLine, startColumn, endLine, endColumn instead of line, column).</summary>
    public const int SchemaVersion = 2;

    public static void Write(DriftReport report, TextWriter output, string toolVersion) =>
        OutputJson.Write(output, ToDto(report, toolVersion), c => c.DriftReportDto, JsonEscaping.Readable);

    public static DriftReportDto ToDto(DriftReport report, string toolVersion)
    {
        var summary = new DriftSummaryDto(
            report.Introduced.Count,
            report.Resolved.Count,
            report.Introduced.Count(f => f.Severity == Severity.Error),
            report.ByRule.Select(r => new DriftRuleDto(r.RuleId, r.RuleName, r.Severity.ToName(), r.Introduced, r.Resolved)).ToList());
        var surface = report.Surface is { } changes
            ? new DriftSurfaceDto(
                SortedCounts.InOrder(SurfaceCounts.Rows.Select(row => KeyValuePair.Create(row.Key, SurfaceCounts.Count(changes, row.Area, row.Change)))),
                changes.Select(c => new DriftSurfaceChangeDto(c.Area, c.Change, c.Subject, c.Location, c.Detail)).ToList())
            : null;
        return new DriftReportDto(
            SchemaVersion,
            ToolDto.UcGuards(toolVersion),
            new DriftSideDto(report.From.Ref, report.From.Commit),
            new DriftSideDto(report.To.Ref, report.To.Commit),
            summary,
            new DriftFindingsDto(report.Introduced.Select(Finding).ToList(), report.Resolved.Select(Finding).ToList()),
            surface,
            SuppressionWriters.DriftSection(report.Suppressions, report.SuppressionsAsOf),
            report.Renames.Select(r => new DriftRenameDto(r.Value, r.Key)).ToList());
    }

    private static FindingDto Finding(DriftFinding f) =>
        new(f.RuleId, f.RuleName, f.Severity.ToName(), f.Path, f.StartLine, f.StartColumn, f.EndLine, f.EndColumn, f.Message, f.Fingerprint);
}
