using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Fixes;

/// <summary>
/// The fix of UCG0002 for a suppression that suppresses nothing: the directive is deleted, with its
/// comment when the comment holds nothing else, and with its line when the line holds nothing else.
/// A suppression without a reason or with an unknown rule id needs a person and is left alone.
/// </summary>
public static class UnusedSuppressionFix
{
    public const string RuleId = "UCG0002";

    /// <summary>
    /// The edits for the directives of <paramref name="text"/> that suppress nothing in
    /// <paramref name="result"/>: with a reason, only known rule ids, at least one of them run, no
    /// finding suppressed by it, and a UCG0002 finding at it.
    /// </summary>
    public static IReadOnlyList<TextEdit> Edits(SourceText text, ScanResult result)
    {
        var reported = result.Findings
            .Where(f => f.RuleId == RuleId && !f.IsSuppressed && f.Path == text.Path)
            .Select(f => (f.Span.StartLine, f.Span.StartColumn))
            .ToHashSet();
        if (reported.Count == 0) return [];
        var used = result.Findings
            .Where(f => f.Suppression is { Kind: "inSource" } s && s.Path == text.Path)
            .Select(f => f.Suppression!.Line)
            .ToHashSet();
        var known = result.Policy.Rules.Keys.ToHashSet(StringComparer.Ordinal);
        var ran = result.RulesRun.ToHashSet(StringComparer.Ordinal);
        var edits = new List<TextEdit>();
        foreach (var directive in Suppressions.Find(text))
        {
            if (!reported.Contains((directive.Line, directive.Column)) || used.Contains(directive.Line)) continue;
            if (directive.Reason.Length == 0 || directive.RuleIds.Count == 0 || !directive.RuleIds.All(known.Contains) || !directive.RuleIds.Any(ran.Contains)) continue;
            edits.Add(Removal(text, directive));
        }
        return edits;
    }

    private static readonly string[] Openers = ["<!--", "/*", "//", "#"];

    /// <summary>The edit that deletes one directive (see the class summary).</summary>
    public static TextEdit Removal(SourceText text, Suppressions.Directive directive)
    {
        var s = text.Text;
        var lineStart = text.CharOfLine(directive.Line);
        var lineEnd = lineStart + text.LineLength(directive.Line);
        var marker = text.CharOfByte(directive.Span.StartByte);
        var description = $"removed the suppression of {string.Join(", ", directive.RuleIds)} that suppresses nothing";

        // The comment opener the directive is in: the last one before the marker on its line.
        var (opener, openerAt) = Openers
            .Select(o => (Opener: o, At: s.LastIndexOf(o, marker, marker - lineStart + 1, StringComparison.Ordinal)))
            .Where(x => x.At >= lineStart && x.At < marker)
            .OrderByDescending(x => x.At)
            .FirstOrDefault();
        if (opener is null) return new TextEdit(marker, lineEnd, "", description);
        var openerEnd = openerAt + opener.Length;
        // `///` and `//!` doc comments, `##` comments: the whole run of the opener's characters.
        while (openerEnd < marker && opener is "//" or "#" && s[openerEnd] is '/' or '!' or '#') openerEnd++;
        var closer = opener switch { "<!--" => "-->", "/*" => "*/", _ => null };
        var commentEnd = lineEnd;
        if (closer is not null && s.IndexOf(closer, marker, lineEnd - marker, StringComparison.Ordinal) is var close and >= 0) commentEnd = close + closer.Length;

        int start, end;
        if (string.IsNullOrWhiteSpace(s[openerEnd..marker]))
        {
            // The comment is the directive alone: it goes whole.
            start = openerAt;
            end = commentEnd;
        }
        else
        {
            // Other words come first in the comment: only the directive goes (and a closer stays).
            start = marker;
            end = closer is null ? lineEnd : commentEnd - closer.Length;
        }
        if (string.IsNullOrWhiteSpace(s[lineStart..start]))
        {
            // At the start of the line (after its indentation): the blanks after the comment go with it.
            while (end < lineEnd && s[end] is ' ' or '\t') end++;
        }
        else
        {
            // After other text: the blanks before the comment go with it.
            while (start > lineStart && s[start - 1] is ' ' or '\t') start--;
        }
        var rest = s[lineStart..start] + s[end..lineEnd];
        if (string.IsNullOrWhiteSpace(rest))
        {
            // Nothing else on the line: the line goes, with its line break.
            var next = directive.Line < text.LineCount ? text.CharOfLine(directive.Line + 1) : s.Length;
            if (next > lineEnd) return new TextEdit(lineStart, next, "", description);
            // The last line of a file without a final line break: the break before it goes instead.
            var previousEnd = lineStart;
            while (previousEnd > 0 && s[previousEnd - 1] is '\n' or '\r') previousEnd--;
            return new TextEdit(previousEnd, lineEnd, "", description);
        }
        return new TextEdit(start, end, "", description);
    }
}
