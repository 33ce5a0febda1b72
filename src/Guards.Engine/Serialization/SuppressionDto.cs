namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>`uc-guards suppressions --format json`: every allow in force (docs/suppressions.md).</summary>
public sealed record SuppressionListDto(int SchemaVersion, ToolDto Tool, string AsOf, IReadOnlyList<SuppressionRecordDto> Suppressions);

/// <summary>`uc-guards suppressions --from REF --to REF --format json`: the allows added and removed between two revisions.</summary>
public sealed record SuppressionChangesDto(
    int SchemaVersion,
    ToolDto Tool,
    string AsOf,
    DriftSideDto From,
    DriftSideDto To,
    IReadOnlyList<SuppressionRecordDto> Added,
    IReadOnlyList<SuppressionRecordDto> Removed);

/// <summary>The drift report's suppression section.</summary>
public sealed record DriftSuppressionsDto(string AsOf, IReadOnlyList<SuppressionRecordDto> Added, IReadOnlyList<SuppressionRecordDto> Removed);

/// <summary>One allow: where, for which rules, why, and the commit that introduced it (null when the history does not tell).</summary>
public sealed record SuppressionRecordDto(
    IReadOnlyList<string> RuleIds,
    string Reason,
    string Path,
    int Line,
    int Column,
    SuppressionIntroducedDto? Introduced,
    int? AgeDays);

public sealed record SuppressionIntroducedDto(string Commit, string Author, string Email, string Date, string Summary);
