namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>The drift report as JSON (docs/drift.md).</summary>
public sealed record DriftReportDto(
    int SchemaVersion,
    ToolDto Tool,
    DriftSideDto From,
    DriftSideDto To,
    DriftSummaryDto Summary,
    DriftFindingsDto Findings,
    DriftSurfaceDto? Surface,
    DriftSuppressionsDto Suppressions,
    IReadOnlyList<DriftRenameDto> Renames);

/// <summary>A revision as given on the command line and the commit it names.</summary>
public sealed record DriftSideDto(string Ref, string Commit);

public sealed record DriftSummaryDto(int FindingsIntroduced, int FindingsResolved, int ErrorsIntroduced, IReadOnlyList<DriftRuleDto> ByRule);

public sealed record DriftRuleDto(string RuleId, string RuleName, string Severity, int Introduced, int Resolved);

/// <summary>Findings introduced (located at the --to side) and resolved (located at the --from side).</summary>
public sealed record DriftFindingsDto(IReadOnlyList<FindingDto> Introduced, IReadOnlyList<FindingDto> Resolved);

/// <summary>Counts per kind of change (keys in report order), then the changes.</summary>
public sealed record DriftSurfaceDto(IReadOnlyDictionary<string, int> Summary, IReadOnlyList<DriftSurfaceChangeDto> Changes);

public sealed record DriftSurfaceChangeDto(string Area, string Change, string Subject, string? Location, string? Detail);

public sealed record DriftRenameDto(string From, string To);
