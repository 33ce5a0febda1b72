using System.Text.Json.Serialization;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>
/// A finding, the one shape every JSON document uses for it (the JSON report's findings and absent
/// results, the drift report's introduced and resolved findings, the baseline's entries). Lines and
/// columns are 1-based, columns in UTF-16 code units, the end column exclusive; the path is
/// relative to the root with <c>/</c> separators. <see cref="BaselineState"/> and
/// <see cref="Suppression"/> are left out when they do not apply.
/// </summary>
public sealed record FindingDto(
    string RuleId,
    string RuleName,
    string Severity,
    string Path,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    string Message,
    string Fingerprint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BaselineState = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SuppressionDto? Suppression = null)
{
    public static FindingDto From(Finding finding, string ruleName) => new(
        finding.RuleId,
        ruleName,
        finding.Severity.ToName(),
        finding.Path,
        finding.Span.StartLine,
        finding.Span.StartColumn,
        finding.Span.EndLine,
        finding.Span.EndColumn,
        finding.Message,
        finding.Fingerprint,
        finding.BaselineState,
        finding.Suppression is { } s ? new SuppressionDto(s.Kind, s.Reason) : null);
}

/// <summary>Why a finding does not count: <c>inSource</c> (a comment in the file) or <c>baseline</c> (a baseline file or a merge base), with the reason given.</summary>
public sealed record SuppressionDto(string Kind, string Reason);
