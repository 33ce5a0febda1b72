namespace UltraCloud.Guards.Engine.Model;

/// <summary>How seriously a finding is taken; ordered so that a threshold comparison works.</summary>
public enum Severity
{
    None = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
}

public static class SeverityNames
{
    /// <summary>
    /// The one threshold test behind every exit code and build result: a finding fails a run whose
    /// failing severity is <paramref name="failOn"/> when it is at least that severe. A threshold of
    /// <see cref="Severity.None"/> means "never fail" (the CLI's <c>--fail-on none</c>, the
    /// configuration's <c>fail-on: none</c> and the MSBuild property alike), and a finding of
    /// severity none (a disabled rule) never fails.
    /// </summary>
    public static bool FailsAt(this Severity severity, Severity failOn) =>
        failOn != Severity.None && severity != Severity.None && severity >= failOn;

    /// <summary>The names <c>fail-on</c> and <c>--fail-on</c> accept, for messages and help.</summary>
    public const string FailOnChoices = "error, warning, note or none (never fail)";

    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": case "warn": severity = Severity.Warning; return true;
            case "note": case "info": case "suggestion": severity = Severity.Note; return true;
            case "none": case "off": case "silent": severity = Severity.None; return true;
            default: severity = Severity.None; return false;
        }
    }
}
