using System.Globalization;
using UltraCloud.Guards.Engine.Drift;

using UltraCloud.Guards.Engine.Serialization;

namespace UltraCloud.Guards.Engine.Audit;

/// <summary>
/// The suppression audit as text (a table for a terminal), Markdown (release notes) and JSON (the
/// schema in docs/suppressions.md, which only grows). Ages are whole days as of <c>asOf</c>.
/// </summary>
public static class SuppressionWriters
{
    public const int SchemaVersion = 1;

    private static string Date(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Rules(SuppressionRecord r) => string.Join(", ", r.RuleIds);

    private static string Where(SuppressionRecord r) => $"{r.Path}:{r.Line.ToString(CultureInfo.InvariantCulture)}";

    // ------------------------------------------------------------------ text

    public static void WriteText(IReadOnlyList<SuppressionRecord> records, DateTimeOffset asOf, TextWriter output)
    {
        if (records.Count == 0)
        {
            output.WriteLine("No inline suppression is in force.");
            return;
        }
        WriteTextTable(records, asOf, output);
        var uncommitted = records.Count(r => r.Introduced is null);
        output.WriteLine();
        output.WriteLine($"{Count(records.Count, "suppression")} in force, oldest first (as of {Date(asOf)}){(uncommitted > 0 ? $"; {uncommitted} not committed yet" : "")}");
    }

    public static void WriteTextChanges(SuppressionDrift drift, TextWriter output)
    {
        var (from, to, asOf, changes) = drift;
        output.WriteLine($"Suppressions added ({Count(changes.Added.Count, "suppression")}, at {to.Ref}):");
        if (changes.Added.Count > 0) WriteTextTable(changes.Added, asOf, output);
        output.WriteLine();
        output.WriteLine($"Suppressions removed ({Count(changes.Removed.Count, "suppression")}, at {from.Ref}):");
        if (changes.Removed.Count > 0) WriteTextTable(changes.Removed, asOf, output);
    }

    private static void WriteTextTable(IReadOnlyList<SuppressionRecord> records, DateTimeOffset asOf, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "age", "introduced", "commit", "author", "rule", "where", "reason" } };
        foreach (var r in records)
        {
            rows.Add(r.Introduced is { } i
                ? [$"{r.AgeDays(asOf)}d", Date(i.Date), i.Commit[..12], i.Author, Rules(r), Where(r), r.Reason]
                : ["-", "uncommitted", "-", "-", Rules(r), Where(r), r.Reason]);
        }
        var widths = Enumerable.Range(0, rows[0].Length - 1).Select(c => rows.Max(row => row[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Take(widths.Length).Select((cell, c) => c == 0 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine((string.Join("  ", cells) + "  " + row[^1]).TrimEnd());
        }
    }

    // ------------------------------------------------------------------ Markdown

    public static void WriteMarkdown(IReadOnlyList<SuppressionRecord> records, DateTimeOffset asOf, TextWriter output)
    {
        output.WriteLine("## Suppressions in force");
        output.WriteLine();
        output.WriteLine($"{Count(records.Count, "inline suppression")}, oldest first, as of {Date(asOf)}.");
        output.WriteLine();
        WriteMarkdownTable(records, asOf, output);
    }

    public static void WriteMarkdownChanges(SuppressionDrift drift, TextWriter output, string heading = "##")
    {
        var (from, to, asOf, changes) = drift;
        output.WriteLine($"{heading} Suppressions: `{from.Ref}` → `{to.Ref}`");
        output.WriteLine();
        WriteMarkdownChangeSections(changes, from, to, asOf, output, heading + "#");
    }

    /// <summary>The added and removed sections alone (the drift report's suppression section uses them too).</summary>
    public static void WriteMarkdownChangeSections(SuppressionChanges changes, DriftSide from, DriftSide to, DateTimeOffset asOf, TextWriter output, string heading)
    {
        output.WriteLine($"{heading} Suppressions added ({changes.Added.Count}, at `{to.Ref}`)");
        output.WriteLine();
        if (changes.Added.Count == 0) output.WriteLine("None.");
        else WriteMarkdownTable(changes.Added, asOf, output);
        output.WriteLine();
        output.WriteLine($"{heading} Suppressions removed ({changes.Removed.Count}, at `{from.Ref}`)");
        output.WriteLine();
        if (changes.Removed.Count == 0) output.WriteLine("None.");
        else WriteMarkdownTable(changes.Removed, asOf, output);
    }

    private static void WriteMarkdownTable(IReadOnlyList<SuppressionRecord> records, DateTimeOffset asOf, TextWriter output)
    {
        if (records.Count == 0)
        {
            output.WriteLine("None.");
            return;
        }
        output.WriteLine("| rule | where | reason | introduced | author | age |");
        output.WriteLine("| --- | --- | --- | --- | --- | ---: |");
        foreach (var r in records)
        {
            var introduced = r.Introduced is { } i ? $"{Date(i.Date)} `{i.Commit[..12]}`" : "not committed";
            var author = r.Introduced is { } a ? Cell(a.Author) : "";
            var age = r.Introduced is null ? "" : $"{r.AgeDays(asOf)} days";
            output.WriteLine($"| {Rules(r)} | `{Cell(Where(r))}` | {Cell(r.Reason)} | {introduced} | {author} | {age} |");
        }
    }

    private static string Cell(string text) => text.Replace("\\", "\\\\").Replace("|", "\\|").Replace("`", "\\`");

    // ------------------------------------------------------------------ JSON

    public static void WriteJson(IReadOnlyList<SuppressionRecord> records, DateTimeOffset asOf, TextWriter output, string toolVersion) =>
        OutputJson.Write(output, new SuppressionListDto(SchemaVersion, ToolDto.UcGuards(toolVersion), Instant(asOf), Records(records, asOf)),
            c => c.SuppressionListDto, JsonEscaping.Readable);

    public static void WriteJsonChanges(SuppressionDrift drift, TextWriter output, string toolVersion) =>
        OutputJson.Write(output, new SuppressionChangesDto(
            SchemaVersion,
            ToolDto.UcGuards(toolVersion),
            Instant(drift.AsOf),
            new DriftSideDto(drift.From.Ref, drift.From.Commit),
            new DriftSideDto(drift.To.Ref, drift.To.Commit),
            Records(drift.Changes.Added, drift.AsOf),
            Records(drift.Changes.Removed, drift.AsOf)), c => c.SuppressionChangesDto, JsonEscaping.Readable);

    /// <summary>The drift report's suppression section.</summary>
    public static DriftSuppressionsDto DriftSection(SuppressionChanges changes, DateTimeOffset asOf) =>
        new(Instant(asOf), Records(changes.Added, asOf), Records(changes.Removed, asOf));

    private static string Instant(DateTimeOffset asOf) => asOf.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static List<SuppressionRecordDto> Records(IReadOnlyList<SuppressionRecord> records, DateTimeOffset asOf) =>
        records.Select(r => new SuppressionRecordDto(
            r.RuleIds,
            r.Reason,
            r.Path,
            r.Line,
            r.Column,
            r.Introduced is { } i
                ? new SuppressionIntroducedDto(i.Commit, i.Author, i.Email, i.Date.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), i.Summary)
                : null,
            r.Introduced is null ? null : r.AgeDays(asOf))).ToList();

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
