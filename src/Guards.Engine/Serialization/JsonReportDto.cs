using System.Text.Json.Serialization;

namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>The <c>--format json</c> report (README, "Output formats"; docs/output.md).</summary>
public sealed record JsonReportDto(
    int SchemaVersion,
    ToolDto Tool,
    JsonReportSummaryDto Summary,
    IReadOnlyList<FindingDto> Findings,
    IReadOnlyList<SkippedFileDto> Skipped,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FindingDto>? Absent = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? StaleBaseline = null);

/// <summary>Counts of active findings per severity, of suppressed ones and of files; active findings per rule, sorted by rule id.</summary>
public sealed record JsonReportSummaryDto(
    int Errors,
    int Warnings,
    int Notes,
    int Suppressed,
    int FilesOffered,
    int FilesAnalyzed,
    int FilesSkipped,
    IReadOnlyDictionary<string, int> FindingsByRule,
    IReadOnlyList<IdleRuleDto> RulesWithoutFiles,
    ContractQuestionsDto ContractQuestions);

/// <summary>The contract questions the repository rules asked (does an entrypoint exist, is a component enabled on a node), and how many they decided.</summary>
public sealed record ContractQuestionsDto(int Asked, int Decided, int Undecided)
{
    public static ContractQuestionsDto From(ContractQuestions questions) => new(questions.Asked, questions.Decided, questions.Undecided);
}

/// <summary>A rule that ran with nothing to read: no file of the tree is in its scopes.</summary>
public sealed record IdleRuleDto(string RuleId, IReadOnlyList<string> Scopes);

/// <summary>A file the scan did not read, and why.</summary>
public sealed record SkippedFileDto(string Path, string Reason);
