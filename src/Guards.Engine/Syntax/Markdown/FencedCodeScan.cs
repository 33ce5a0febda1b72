namespace UltraCloud.Guards.Engine.Syntax.Markdown;

/// <summary>
/// A line scan of raw Markdown for its fenced code blocks, for fast paths that must know whether a
/// word can be prose before paying for a parse. It answers only for documents whose fences it can
/// place with certainty, the way CommonMark does: a fence of three or more backticks or tildes
/// indented at most three spaces opens a block that the first fence of the same character, at
/// least as long and with nothing after it, closes (or the end of the document). A document that
/// could put a fence somewhere else — an HTML block (a line starting with <c>&lt;</c>), YAML
/// front matter, a fence behind a block-quote or list marker or indented four spaces or with a
/// tab, an indented fence whose content or container might end early — gets no answer.
/// </summary>
public static class FencedCodeScan
{
    /// <summary>
    /// The fenced code blocks of <paramref name="text"/> as char ranges, each from the start of
    /// its opening fence line to the end of its closing fence line (the end of the text when
    /// unclosed), in order; false when the document holds a construct the scan cannot place.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> text, List<(int Start, int End)> blocks)
    {
        blocks.Clear();
        if (text.StartsWith("---")) return false; // YAML front matter may follow
        var open = default(Fence);
        var openStart = -1;
        for (var lineStart = 0; lineStart < text.Length;)
        {
            var newline = text[lineStart..].IndexOf('\n');
            var lineEnd = newline < 0 ? text.Length : lineStart + newline + 1;
            var line = text[lineStart..lineEnd];
            if (line.EndsWith("\n")) line = line[..^1];
            if (line.EndsWith("\r")) line = line[..^1];
            if (line.Contains('\r')) return false; // a lone carriage return ends a line too
            var fence = FenceOf(line, out var leading, out var hasTabIndent);
            if (openStart < 0)
            {
                if (fence.Kind != FenceKind.None)
                {
                    if (fence.Indent > 3 || hasTabIndent) return false;
                    open = fence;
                    openStart = lineStart;
                }
                else if (StartsBlockThatHidesFences(line)) return false;
            }
            else
            {
                // Inside an indented fence (perhaps a list item's), a line indented less may end the container.
                if (open.Indent > 0 && !line.IsWhiteSpace() && (hasTabIndent || leading < open.Indent)) return false;
                if (fence.Kind == FenceKind.Closing && fence.Char == open.Char && fence.Length >= open.Length)
                {
                    if (fence.Indent > 3 || hasTabIndent) return false;
                    blocks.Add((openStart, lineEnd));
                    openStart = -1;
                }
            }
            lineStart = lineEnd;
        }
        if (openStart >= 0) blocks.Add((openStart, text.Length));
        return true;
    }

    /// <summary>Whether <paramref name="index"/> lies inside one of <paramref name="blocks"/> (in order, not overlapping).</summary>
    public static bool IsInside(List<(int Start, int End)> blocks, int index) => BlockAt(blocks, index) >= 0;

    /// <summary>The number of the block holding <paramref name="index"/>, or -1.</summary>
    public static int BlockAt(List<(int Start, int End)> blocks, int index)
    {
        int low = 0, high = blocks.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (index < blocks[middle].Start) high = middle - 1;
            else if (index >= blocks[middle].End) low = middle + 1;
            else return middle;
        }
        return -1;
    }

    private enum FenceKind { None, Opening, Closing }

    private readonly record struct Fence(FenceKind Kind, char Char, int Length, int Indent);

    /// <summary>
    /// A line that is a fence: one with an info string (a backtick fence's info string holds no
    /// backtick), which can only open, or a bare run, which can open or close. Markers in front of
    /// it (<c>&gt;</c>, <c>-</c>, <c>1.</c>) count as an indentation no top-level fence has;
    /// <paramref name="leading"/> is the line's own leading white space.
    /// </summary>
    private static Fence FenceOf(ReadOnlySpan<char> line, out int leading, out bool hasTabIndent)
    {
        hasTabIndent = false;
        var at = 0;
        while (at < line.Length && line[at] is ' ' or '\t')
        {
            hasTabIndent |= line[at] == '\t';
            at++;
        }
        leading = at;
        var indent = at;
        var markers = SkipContainerMarkers(line, at);
        if (markers > at)
        {
            // A fence behind a marker belongs to a container this scan does not follow.
            indent = int.MaxValue;
            at = markers;
        }
        if (at >= line.Length || line[at] is not ('`' or '~')) return default;
        var fenceChar = line[at];
        var length = 0;
        while (at + length < line.Length && line[at + length] == fenceChar) length++;
        if (length < 3) return default;
        var rest = line[(at + length)..];
        if (rest.IsWhiteSpace()) return new Fence(FenceKind.Closing, fenceChar, length, indent);
        if (fenceChar == '`' && rest.Contains('`')) return default;
        return new Fence(FenceKind.Opening, fenceChar, length, indent);
    }

    /// <summary>Where the text after block-quote and list-item markers starts (<paramref name="at"/> when there are none).</summary>
    private static int SkipContainerMarkers(ReadOnlySpan<char> line, int at)
    {
        var end = at;
        while (true)
        {
            var next = end;
            if (next < line.Length && line[next] == '>') next++;
            else if (next < line.Length && line[next] is '-' or '*' or '+' && next + 1 < line.Length && line[next + 1] is ' ' or '\t') next++;
            else
            {
                var digits = next;
                while (digits < line.Length && char.IsAsciiDigit(line[digits])) digits++;
                if (digits == next || digits >= line.Length || line[digits] is not ('.' or ')')) return end;
                next = digits + 1;
            }
            while (next < line.Length && line[next] is ' ' or '\t') next++;
            if (next == end) return end;
            end = next;
        }
    }

    /// <summary>An HTML block (it can hold a fence line that is not a fence), seen through any container markers.</summary>
    private static bool StartsBlockThatHidesFences(ReadOnlySpan<char> line)
    {
        var at = 0;
        while (at < line.Length && line[at] is ' ' or '\t') at++;
        at = SkipContainerMarkers(line, at);
        return at < line.Length && line[at] == '<';
    }
}
