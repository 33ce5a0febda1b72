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
