namespace UltraCloud.Guards.Engine.Model;

/// <summary>
/// One diagnostic: plain data that every reporter renders. <see cref="Path"/> is relative to the
/// scanned root with '/' separators. <see cref="MatchedText"/> is what the fingerprint is built from,
/// so it must not contain line numbers.
/// </summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    string Path,
    SourceSpan Span,
    string Message,
    string MatchedText)
{
    /// <summary>Set when an inline suppression or a baseline covers the finding; the reason is kept.</summary>
    public Suppression? Suppression { get; init; }

    /// <summary>Line-independent identity (rule, path, normalised text, occurrence index); set by the engine.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>SARIF baselineState: "new", "unchanged", or null when no baseline is in play.</summary>
    public string? BaselineState { get; init; }

    /// <summary>Other places the finding involves, in the order the rule gives them; none for most findings.</summary>
    public RelatedLocations Related { get; init; } = RelatedLocations.None;

    public bool IsSuppressed => Suppression is not null;
}

public sealed record Suppression(string Kind, string Reason, string? Path = null, int Line = 0);
