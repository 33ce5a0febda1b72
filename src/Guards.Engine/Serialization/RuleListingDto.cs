namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>One rule of <c>uc-guards rules --format json</c> (the document is an array of them, by id).</summary>
public sealed record RuleListingDto(
    string Id,
    string Name,
    string Title,
    string Severity,
    string DefaultSeverity,
    IReadOnlyList<string> Scopes,
    string Summary,
    string Description,
    string Rationale,
    string Help,
    string HelpUri,
    int ValidExamples,
    int InvalidExamples);
