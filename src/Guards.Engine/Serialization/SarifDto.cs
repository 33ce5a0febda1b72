using System.Text.Json.Serialization;

namespace UltraCloud.Guards.Engine.Serialization;

// The part of SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) the SARIF report writes,
// in the order it writes it. Optional members are left out when they do not apply.

public sealed record SarifLogDto(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRunDto> Runs);

public sealed record SarifRunDto(
    SarifToolDto Tool,
    IReadOnlyDictionary<string, SarifUriBaseDto> OriginalUriBaseIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SarifVersionControlDto>? VersionControlProvenance,
    IReadOnlyList<SarifResultDto> Results,
    IReadOnlyList<SarifInvocationDto> Invocations);

public sealed record SarifToolDto(SarifDriverDto Driver);

public sealed record SarifDriverDto(
    string Name,
    string FullName,
    string Version,
    string SemanticVersion,
    string InformationUri,
    IReadOnlyList<SarifRuleDto> Rules);

public sealed record SarifRuleDto(
    string Id,
    string Name,
    SarifTextDto ShortDescription,
    SarifTextDto FullDescription,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SarifTextDto? Help,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HelpUri,
    SarifConfigurationDto DefaultConfiguration);

public sealed record SarifTextDto(string Text);

public sealed record SarifConfigurationDto(string Level);

public sealed record SarifUriBaseDto(SarifTextDto Description);

public sealed record SarifVersionControlDto(
    string RepositoryUri,
    string RevisionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Branch,
    SarifArtifactLocationDto MappedTo);

public sealed record SarifResultDto(
    string RuleId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RuleIndex,
    string Level,
    SarifTextDto Message,
    IReadOnlyList<SarifLocationDto> Locations,
    IReadOnlyDictionary<string, string> PartialFingerprints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BaselineState,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SarifSuppressionDto>? Suppressions);

public sealed record SarifLocationDto(SarifPhysicalLocationDto PhysicalLocation);

public sealed record SarifPhysicalLocationDto(SarifArtifactLocationDto ArtifactLocation, SarifRegionDto Region);

public sealed record SarifArtifactLocationDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Uri,
    string UriBaseId);

public sealed record SarifRegionDto(int StartLine, int StartColumn, int EndLine, int EndColumn);

public sealed record SarifSuppressionDto(string Kind, string Justification);

public sealed record SarifInvocationDto(
    bool ExecutionSuccessful,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SarifNotificationDto>? ToolExecutionNotifications);

public sealed record SarifNotificationDto(string Level, SarifTextDto Message);
