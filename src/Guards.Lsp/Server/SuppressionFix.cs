using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Lsp.Protocol;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary>The edit of the quick fix "allow with a reason", and the range of the reason to type over.</summary>
public sealed record SuppressionEdit(TextEdit Edit, Protocol.Range Reason);

/// <summary>
/// "Allow with a reason": a suppression directive for one finding, in the file's own comment
/// syntax. <c>//</c> and <c>#</c> go on a new line above the finding, indented like it; Markdown's
/// <c>&lt;!-- --&gt;</c> ends the finding's own line, which never changes the document's blocks (a
/// comment line above would end a table or split a paragraph). When the place already holds a
/// directive, the rule id is added to it instead (a line holds one directive).
/// </summary>
public static class SuppressionFix
{
    /// <summary>The comment style of a document: by the editor's language id, else by the file's extension.</summary>
    public static Suppressions.CommentStyle StyleOf(string languageId, string path) => languageId switch
    {
        "markdown" => Suppressions.CommentStyle.Html,
        "nix" or "shellscript" or "sh" or "bash" or "zsh" or "toml" or "yaml" => Suppressions.CommentStyle.Hash,
        "rust" or "csharp" => Suppressions.CommentStyle.DoubleSlash,
        _ => Suppressions.StyleOf(path),
    };

    public static SuppressionEdit Create(string text, string path, Finding finding, Suppressions.CommentStyle style)
    {
        var line = Math.Max(0, finding.Span.StartLine - 1);
        var lineStart = OpenDocument.LineStart(text, line);
        if (lineStart < 0) lineStart = text.Length;
        var lineEnd = OpenDocument.LineEnd(text, lineStart);
        var source = SourceText.FromString(path, text);
        var directives = Suppressions.Find(source);

        // A directive already covering the finding's line (on it, or above for line comments): add the id.
        var existing = directives.FirstOrDefault(d => d.Line == finding.Span.StartLine)
            ?? (style == Suppressions.CommentStyle.Html ? null : directives.FirstOrDefault(d => d.Line == finding.Span.StartLine - 1));
        if (existing is not null) return Extend(text, existing, finding.RuleId);

        var comment = Suppressions.Comment(style, [finding.RuleId], Suppressions.PlaceholderReason);
        var reasonAt = comment.IndexOf(Suppressions.PlaceholderReason, StringComparison.Ordinal);
        if (style == Suppressions.CommentStyle.Html)
        {
            var column = lineEnd - lineStart;
            var at = new Position { Line = line, Character = column };
            var inserted = (column == 0 || char.IsWhiteSpace(text[lineEnd - 1]) ? "" : " ") + comment;
            var reasonColumn = column + inserted.Length - comment.Length + reasonAt;
            return new SuppressionEdit(
                new TextEdit { Range = new Protocol.Range { Start = at, End = at }, NewText = inserted },
                Span(line, reasonColumn, Suppressions.PlaceholderReason.Length));
        }

        var indent = 0;
        while (lineStart + indent < lineEnd && text[lineStart + indent] is ' ' or '\t') indent++;
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var start = new Position { Line = line, Character = 0 };
        return new SuppressionEdit(
            new TextEdit { Range = new Protocol.Range { Start = start, End = start }, NewText = text.Substring(lineStart, indent) + comment + newline },
            Span(line, indent + reasonAt, Suppressions.PlaceholderReason.Length));
    }

    /// <summary>Adds <paramref name="ruleId"/> to a directive's list; the reason it already gives is what to review.</summary>
    private static SuppressionEdit Extend(string text, Suppressions.Directive directive, string ruleId)
    {
        var line = directive.Line - 1;
        var lineStart = OpenDocument.LineStart(text, line);
        var lineEnd = OpenDocument.LineEnd(text, lineStart);
        var markerAt = lineStart + directive.Column - 1;
        var open = text.IndexOf("allow(", markerAt, lineEnd - markerAt, StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf(')', open, lineEnd - open);
        if (close < 0) close = lineEnd;
        var insertAt = new Position { Line = line, Character = close - lineStart };
        var inserted = directive.RuleIds.Count == 0 ? ruleId : ", " + ruleId;

        var reasonStart = Math.Min(close + 1, lineEnd);
        while (reasonStart < lineEnd && text[reasonStart] is ' ' or '\t') reasonStart++;
        var reasonEnd = lineEnd;
        var tail = text.AsSpan(reasonStart, reasonEnd - reasonStart).TrimEnd();
        if (tail.EndsWith("-->", StringComparison.Ordinal)) tail = tail[..^3].TrimEnd();
        else if (tail.EndsWith("*/", StringComparison.Ordinal)) tail = tail[..^2].TrimEnd();
        // The reason moves right by the inserted text.
        var reasonColumn = reasonStart - lineStart + inserted.Length;
        return new SuppressionEdit(
            new TextEdit { Range = new Protocol.Range { Start = insertAt, End = insertAt }, NewText = inserted },
            Span(line, reasonColumn, tail.Length));
    }

    private static Protocol.Range Span(int line, int column, int length) => new()
    {
        Start = new Position { Line = line, Character = column },
        End = new Position { Line = line, Character = column + length },
    };
}
