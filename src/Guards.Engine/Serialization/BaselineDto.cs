namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>A baseline file as <c>uc-guards baseline</c> writes it (docs/git-workflows.md): its findings in the shared shape.</summary>
public sealed record BaselineDto(int SchemaVersion, string Tool, IReadOnlyList<FindingDto> Findings);

/// <summary>
/// A baseline file as read: schema 2 (entries in the shared finding shape) or schema 1 (entries of
/// fingerprint, ruleId, path, line and message). Every member is optional here: BaselineFile checks
/// each entry and names the one that is wrong.
/// </summary>
public sealed record BaselineReadDto(int? SchemaVersion, IReadOnlyList<BaselineEntryReadDto?>? Findings);

public sealed record BaselineEntryReadDto(
    string? RuleId,
    string? RuleName,
    string? Severity,
    string? Path,
    int? StartLine,
    int? StartColumn,
    int? EndLine,
    int? EndColumn,
    string? Message,
    string? Fingerprint,
    int? Line);
