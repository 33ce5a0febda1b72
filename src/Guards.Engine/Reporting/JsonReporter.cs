using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Serialization;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// The findings as JSON (<see cref="JsonReportDto"/>; docs/output.md): a summary, then findings in
/// the engine's stable order, then skipped files. No absolute paths or timings, so the same tree
/// gives byte-identical output.
/// </summary>
public sealed class JsonReporter : IReporter
{
    public const int SchemaVersion = 1;

    public string Format => "json";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        var active = result.Active.ToList();
        string RuleName(Finding f) => result.Policy.Rule(f.RuleId)?.Descriptor.Name ?? "";
        var summary = new JsonReportSummaryDto(
            active.Count(f => f.Severity == Severity.Error),
            active.Count(f => f.Severity == Severity.Warning),
            active.Count(f => f.Severity == Severity.Note),
            result.Findings.Count - active.Count,
            result.Statistics.FilesOffered,
            result.Statistics.FilesAnalyzed,
            result.Statistics.SkippedCount,
            SortedCounts.Of(active.Select(f => f.RuleId)),
            result.IdleRules.Select(r => new IdleRuleDto(r.RuleId, r.Scopes)).ToList(),
            ContractQuestionsDto.From(result.TotalQuestions));
        var skipped = result.Statistics.Skipped.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SelectMany(kv => kv.Value.Select(path => new SkippedFileDto(path, kv.Key)))
            .ToList();
        var report = new JsonReportDto(
            SchemaVersion,
            ToolDto.UcGuards(options.ToolVersion),
            summary,
            result.Findings.Select(f => FindingDto.From(f, RuleName(f))).ToList(),
            skipped,
            result.Absent.Count > 0 ? result.Absent.Select(f => FindingDto.From(f, RuleName(f))).ToList() : null,
            result.StaleBaseline.Count > 0 ? result.StaleBaseline.Select(e => e.Fingerprint).ToList() : null);
        OutputJson.Write(output, report, c => c.JsonReportDto);
    }
}
