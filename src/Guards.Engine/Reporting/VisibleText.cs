using System.Globalization;
using System.Text;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// Text from the scanned tree (paths, messages, quoted source, suppression reasons) and from the
/// command line (ref names) as a person's screen shows it: control characters, bidirectional
/// controls and line or paragraph separators are written as visible escapes, as Rust writes them
/// (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\0</c>, else <c>\u{1b}</c>), so that a file name or a
/// message can neither drive a terminal, break a line of a report, nor reorder what the reader sees.
/// </summary>
public static class VisibleText
{
    /// <summary>True for a character that is written escaped.</summary>
    public static bool NeedsEscape(char c) =>
        char.IsControl(c) || IsBidiControl(c) || c is '\u2028' or '\u2029';

    /// <summary>The Unicode bidirectional formatting characters (marks, embeddings, overrides, isolates).</summary>
    public static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static bool IsClean(string text)
    {
        foreach (var c in text)
        {
            if (NeedsEscape(c)) return false;
        }
        return true;
    }

    /// <summary><paramref name="text"/> with every character of <see cref="NeedsEscape"/> escaped; the same string when there is none.</summary>
    public static string Escape(string text)
    {
        if (IsClean(text)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text) Append(sb, c);
        return sb.ToString();
    }

    /// <summary>Appends one character, escaped when it needs to be.</summary>
    public static void Append(StringBuilder sb, char c)
    {
        if (!NeedsEscape(c))
        {
            sb.Append(c);
            return;
        }
        switch (c)
        {
            case '\n': sb.Append("\\n"); break;
            case '\r': sb.Append("\\r"); break;
            case '\t': sb.Append("\\t"); break;
            case '\0': sb.Append("\\0"); break;
            default: sb.Append("\\u{").Append(((int)c).ToString("x", CultureInfo.InvariantCulture)).Append('}'); break;
        }
    }
}
