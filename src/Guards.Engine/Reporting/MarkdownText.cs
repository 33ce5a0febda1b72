using System.Text;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// Text from the tree or the command line placed into Markdown (pull-request comments, release
/// notes, the surface manifest) so that it stays one inline piece of the line it is put in: control
/// and bidirectional characters escaped visibly (<see cref="VisibleText"/>), no raw HTML, and code
/// spans that no backtick inside can close.
/// </summary>
public static class MarkdownText
{
    /// <summary>
    /// Inline text that may hold code spans of its own (a finding's message): visible escapes, and
    /// <c>&lt;</c>, <c>&gt;</c> outside the code spans as entities, so no HTML tag can open.
    /// </summary>
    public static string Inline(string text)
    {
        // Inside `code spans` an entity would show literally, so only the parts between them are escaped.
        var parts = VisibleText.Escape(text).Split('`');
        for (var i = 0; i < parts.Length; i += 2) parts[i] = parts[i].Replace("<", "&lt;").Replace(">", "&gt;");
        return string.Join('`', parts);
    }

    /// <summary>Inline text in a table cell: also <c>|</c> escaped.</summary>
    public static string Cell(string text) => Inline(text).Replace("|", "\\|");

    /// <summary>
    /// <paramref name="text"/> as one code span, fences included: the fence is longer than any run
    /// of backticks inside, and a space pads a text that starts or ends with a backtick.
    /// </summary>
    public static string Code(string text)
    {
        var escaped = VisibleText.Escape(text);
        if (escaped.Length == 0) return "` `";
        int longest = 0, run = 0;
        foreach (var c in escaped)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        var pad = escaped.StartsWith('`') || escaped.EndsWith('`') ? " " : "";
        return new StringBuilder().Append(fence).Append(pad).Append(escaped).Append(pad).Append(fence).ToString();
    }

    /// <summary>A code span in a table cell: a <c>|</c> inside would still end the cell, so it is escaped too.</summary>
    public static string CodeCell(string text) => Code(text).Replace("|", "\\|");
}
