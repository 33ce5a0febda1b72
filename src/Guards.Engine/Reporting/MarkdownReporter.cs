using System.Globalization;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// A pull-request comment: a headline with the counts, a table of findings per rule, then the
/// findings grouped by file, each linked to its line. Links point into the repository at the
/// scanned revision when <see cref="ScanResult.VersionControl"/> is known (as on GitHub
/// Actions), and are relative paths otherwise. Paths and messages are escaped (<see cref="MarkdownText"/>):
/// a file name or a message cannot break its line, open HTML or hide characters.
/// </summary>
public sealed class MarkdownReporter : IReporter
{
    /// <summary>At most this many findings are listed (a comment has a size limit); the counts are always whole.</summary>
    public const int MaxListed = 300;

    public string Format => "markdown";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        var active = result.Active.ToList();
        var suppressed = result.Findings.Count - active.Count;
        int errors = active.Count(f => f.Severity == Severity.Error), warnings = active.Count(f => f.Severity == Severity.Warning), notes = active.Count(f => f.Severity == Severity.Note);

        if (active.Count == 0)
        {
            output.WriteLine("### ✅ uc-guards: no findings");
        }
        else
        {
            var parts = new List<string> { Count(errors, "error"), Count(warnings, "warning") };
            if (notes > 0) parts.Add(Count(notes, "note"));
            output.WriteLine($"### {(errors > 0 ? "❌" : "⚠️")} uc-guards: {string.Join(", ", parts)}");
        }
        output.WriteLine();

        if (active.Count > 0)
        {
            output.WriteLine("| Rule | Name | Severity | Findings |");
            output.WriteLine("| --- | --- | --- | ---: |");
            foreach (var group in active.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var descriptor = result.Policy.Rule(group.Key)?.Descriptor;
                var severity = group.Max(f => f.Severity).ToName();
                output.WriteLine($"| {RuleLink(group.Key, descriptor)} | {MarkdownText.Cell(descriptor?.Name ?? "")} | {severity} | {group.Count().ToString(CultureInfo.InvariantCulture)} |");
            }
            output.WriteLine();

            var listed = 0;
            foreach (var file in active.GroupBy(f => f.Path, StringComparer.Ordinal))
            {
                if (listed >= MaxListed) break;
                output.WriteLine($"#### [{MarkdownText.Code(file.Key)}]({FileLink(options.RepositoryPrefix + file.Key, null, result)})");
                output.WriteLine();
                foreach (var finding in file)
                {
                    if (listed++ >= MaxListed) break;
                    var span = finding.Span;
                    var location = $"[{span.StartLine.ToString(CultureInfo.InvariantCulture)}:{span.StartColumn.ToString(CultureInfo.InvariantCulture)}]({FileLink(options.RepositoryPrefix + finding.Path, span, result)})";
                    var descriptor = result.Policy.Rule(finding.RuleId)?.Descriptor;
                    output.WriteLine($"- {location} **{finding.Severity.ToName()}** {RuleLink(finding.RuleId, descriptor)}: {MarkdownText.Inline(finding.Message)}");
                }
                output.WriteLine();
            }
            if (active.Count > MaxListed)
            {
                output.WriteLine($"… and {(active.Count - MaxListed).ToString(CultureInfo.InvariantCulture)} more: run `uc-guards check` for the full list.");
                output.WriteLine();
            }
        }

        var stats = result.Statistics;
        var footer = $"uc-guards {options.ToolVersion}: {Count(stats.FilesOffered, "file")}, {stats.FilesAnalyzed.ToString(CultureInfo.InvariantCulture)} analyzed, {stats.SkippedCount.ToString(CultureInfo.InvariantCulture)} skipped";
        if (suppressed > 0) footer += $", {suppressed.ToString(CultureInfo.InvariantCulture)} suppressed";
        if (result.TotalQuestions.Asked > 0) footer += ", " + TextReporter.QuestionsPart(result.TotalQuestions);
        if (result.InternalErrors.Count > 0) footer += $", {Count(result.InternalErrors.Count, "internal error")}";
        output.WriteLine($"<sub>{footer}. Details of a rule: `uc-guards explain RULE-ID`.</sub>");
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    private static string RuleLink(string id, RuleDescriptor? descriptor) =>
        descriptor is { HelpUri.Length: > 0 } ? $"[{MarkdownText.Cell(id)}]({descriptor.HelpUri})" : MarkdownText.Cell(id);

    private static string FileLink(string path, SourceSpan? span, ScanResult result)
    {
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var anchor = span is { } s
            ? (s.EndLine > s.StartLine ? $"#L{s.StartLine.ToString(CultureInfo.InvariantCulture)}-L{s.EndLine.ToString(CultureInfo.InvariantCulture)}" : $"#L{s.StartLine.ToString(CultureInfo.InvariantCulture)}")
            : "";
        if (result.VersionControl is { } vc && vc.RepositoryUri.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            return $"{vc.RepositoryUri.TrimEnd('/')}/blob/{vc.Revision}/{escaped}{anchor}";
        return escaped + anchor;
    }

}
