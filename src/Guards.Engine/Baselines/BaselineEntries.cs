using System.Buffers;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Serialization;

namespace UltraCloud.Guards.Engine.Baselines;

/// <summary>
/// What a baseline entry must be before it is used: its path becomes a SARIF result's location and
/// a line of the text report, so it is a relative, normalised, <c>/</c>-separated path without
/// control characters, never one that leaves the root.
/// </summary>
internal static class BaselineEntries
{
    private static readonly SearchValues<char> s_hex = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<char> s_ruleId = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    /// <summary>Why the entry cannot be used, or null.</summary>
    public static string? Problem(BaselineEntry entry) =>
        FingerprintProblem(entry.Fingerprint)
        ?? RuleIdProblem(entry.RuleId)
        ?? PathProblem(entry.Path)
        ?? TextProblem("ruleName", entry.RuleName)
        ?? TextProblem("message", entry.Message)
        ?? SeverityProblem(entry.Severity)
        ?? PositionProblem(entry.StartLine, entry.StartColumn, entry.EndLine, entry.EndColumn);

    /// <summary>The entry of one read item, or a <see cref="PolicyException"/> naming the file and the entry.</summary>
    public static BaselineEntry Validate(BaselineEntryReadDto read, int schemaVersion, string file, int index)
    {
        string Where() => read.Fingerprint is { Length: > 0 } fp && FingerprintProblem(fp) is null ? $"findings[{index}] ({fp})" : $"findings[{index}]";
        string Required(string? value, string name) =>
            value ?? throw new PolicyException(file, 0, 0, $"{Where()} needs a '{name}' string");

        var fingerprint = Required(read.Fingerprint, "fingerprint");
        var ruleId = Required(read.RuleId, "ruleId");
        var path = Required(read.Path, "path");
        int startLine, startColumn, endLine, endColumn;
        if (schemaVersion == 1)
        {
            startLine = endLine = read.Line ?? 1;
            startColumn = endColumn = 1;
        }
        else
        {
            startLine = read.StartLine ?? throw new PolicyException(file, 0, 0, $"{Where()} needs a 'startLine' number");
            startColumn = read.StartColumn ?? 1;
            endLine = read.EndLine ?? startLine;
            endColumn = read.EndColumn ?? startColumn;
        }
        var entry = new BaselineEntry(ruleId, read.RuleName ?? "", read.Severity ?? "", path, startLine, startColumn, endLine, endColumn, read.Message ?? "", fingerprint);
        if (Problem(entry) is { } problem) throw new PolicyException(file, 0, 0, $"{Where()}: {problem}");
        return entry;
    }

    private static string? FingerprintProblem(string fingerprint) =>
        fingerprint.Length == 32 && !fingerprint.AsSpan().ContainsAnyExcept(s_hex)
            ? null
            : $"fingerprint {Quote(fingerprint)} is not 32 lower-case hex digits";

    private static string? RuleIdProblem(string ruleId) =>
        ruleId.Length is > 0 and <= 64 && !ruleId.AsSpan().ContainsAnyExcept(s_ruleId)
            ? null
            : $"rule id {Quote(ruleId)} is not a rule id (letters, digits, '_', '.', '-')";

    /// <summary>Why <paramref name="path"/> is not a relative, normalised, <c>/</c>-separated path inside the root, or null.</summary>
    public static string? PathProblem(string path)
    {
        if (path.Length == 0) return "the path is empty";
        if (ControlCharacter(path) is { } c) return $"path {Quote(path)} contains a control character ({c})";
        if (path.Contains('\\')) return $"path {Quote(path)} is not '/'-separated";
        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
            return $"path {Quote(path)} is absolute; a baseline path is relative to the root";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0) return $"path {Quote(path)} has an empty segment";
            if (segment is "." or "..") return $"path {Quote(path)} is not normalised ('{segment}' segment)";
        }
        return null;
    }

    private static string? TextProblem(string name, string text) =>
        ControlCharacter(text) is { } c ? $"{name} contains a control character ({c})" : null;

    private static readonly string[] s_severities = ["error", "warning", "note", "none"];

    /// <summary>Schema 1 entries carry no severity; a given one is one of the names reports write.</summary>
    private static string? SeverityProblem(string severity) =>
        severity.Length == 0 || Array.IndexOf(s_severities, severity) >= 0
            ? null
            : $"severity {Quote(severity)} is not error, warning, note or none";

    private static string? PositionProblem(int startLine, int startColumn, int endLine, int endColumn)
    {
        if (startLine < 1 || startColumn < 1 || endColumn < 1) return "lines and columns start at 1";
        if (endLine < startLine) return $"endLine {endLine} is before startLine {startLine}";
        return null;
    }

    private static string? ControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c)) return $"U+{(int)c:X4}";
        }
        return null;
    }

    private static string Quote(string text)
    {
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        return "'" + VisibleText.Escape(shown) + "'";
    }
}
