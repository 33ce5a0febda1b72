namespace UltraCloud.Guards.Engine.Syntax.Markdown;

/// <summary>
/// Bare URLs in the text of a paragraph (<c>https://..</c>, <c>http://..</c>, <c>ftp://..</c>,
/// <c>mailto:..@..</c>, <c>www...</c>), found in one pass over the block's literal text. Markdig's
/// autolink extension does the same inside its inline parser, but it checks each candidate against
/// every inline before it in the paragraph, which makes a paragraph of many links quadratic; this
/// scan is linear and turns each URL into an <see cref="MdInlineKind.AutoLink"/> (a link target,
/// not prose), as the extension would. A URL starts at a word start (after white space or one of
/// <c>*_~(</c>), runs to white space, a control character or <c>&lt;</c>, and does not keep
/// trailing punctuation or an unbalanced closing parenthesis.
/// </summary>
internal static class BareUrls
{
    private static readonly string[] Schemes = ["https://", "http://", "ftp://", "mailto:", "www."];
    private const string TrailingPunctuation = "?!.,:;*_~'\"";

    /// <summary>Splits runs of contiguous text into prose and bare URLs; everything else is kept as is.</summary>
    public static List<MdInline> Split(string source, List<MdInline> inlines)
    {
        List<MdInline>? output = null;
        var runStart = 0;
        for (var i = 1; i <= inlines.Count; i++)
        {
            if (i < inlines.Count && Continues(inlines[i - 1], inlines[i])) continue;
            var urls = InRun(source, inlines, runStart, i);
            if (urls.Count > 0)
            {
                output ??= [.. inlines.Take(runStart)];
                Rebuild(source, inlines, runStart, i, urls, output);
            }
            else
            {
                output?.AddRange(inlines.Skip(runStart).Take(i - runStart));
            }
            runStart = i;
        }
        return output ?? inlines;
    }

    private static bool IsRunPart(MdInline inline) => inline.Kind is MdInlineKind.Text or MdInlineKind.Entity;

    private static bool Continues(MdInline previous, MdInline next) =>
        IsRunPart(previous) && IsRunPart(next) && previous.End == next.Start && previous.InLinkText == next.InLinkText && previous.LinkUrl == next.LinkUrl;

    private static List<(int Start, int End)> InRun(string source, List<MdInline> inlines, int from, int to)
    {
        var urls = new List<(int, int)>();
        if (!IsRunPart(inlines[from])) return urls;
        var start = inlines[from].Start;
        var end = inlines[to - 1].End;
        for (var i = start; i < end;)
        {
            var length = UrlAt(source, i, end);
            if (length > 0)
            {
                urls.Add((i, i + length));
                i += length;
            }
            else
            {
                i++;
            }
        }
        return urls;
    }

    /// <summary>The length of the bare URL starting at <paramref name="at"/>, or 0.</summary>
    internal static int UrlAt(string text, int at, int end)
    {
        var c = text[at] | 0x20;
        if (c is not ('h' or 'f' or 'm' or 'w')) return 0;
        if (at > 0 && !char.IsWhiteSpace(text[at - 1]) && "*_~(".IndexOf(text[at - 1]) < 0) return 0;
        var scheme = Array.Find(Schemes, s => string.Compare(text, at, s, 0, s.Length, StringComparison.OrdinalIgnoreCase) == 0 && at + s.Length <= end);
        if (scheme is null) return 0;
        var stop = at + scheme.Length;
        var opened = 0;
        var closed = 0;
        while (stop < end && !char.IsWhiteSpace(text[stop]) && !char.IsControl(text[stop]) && text[stop] != '<')
        {
            if (text[stop] == '(') opened++;
            else if (text[stop] == ')') closed++;
            stop++;
        }
        while (stop > at + scheme.Length)
        {
            var last = text[stop - 1];
            if (TrailingPunctuation.IndexOf(last) >= 0) stop--;
            else if (last == ')' && closed > opened) { stop--; closed--; }
            else break;
        }
        var rest = text.AsSpan(at + scheme.Length, stop - at - scheme.Length);
        if (rest.IsEmpty) return 0;
        if (scheme == "mailto:" && rest.IndexOf('@') <= 0) return 0;
        if (scheme == "www." && rest.IndexOf('.') <= 0) return 0;
        return stop - at;
    }

    /// <summary>Writes the run [from, to) as text pieces outside the URLs and one autolink per URL, in source order.</summary>
    private static void Rebuild(string source, List<MdInline> inlines, int from, int to, List<(int Start, int End)> urls, List<MdInline> output)
    {
        var inLink = inlines[from].InLinkText;
        var u = 0;
        // A URL starts at a word start, never inside an entity, so each is met at its start once.
        for (var i = from; i < to; i++)
        {
            var inline = inlines[i];
            var at = inline.Start;
            while (at < inline.End)
            {
                while (u < urls.Count && urls[u].End <= at) u++;
                if (u < urls.Count && urls[u].Start <= at)
                {
                    // Inside a URL: the URL is written once, where it starts.
                    if (urls[u].Start == at)
                        output.Add(new MdInline(MdInlineKind.AutoLink, source[urls[u].Start..urls[u].End], urls[u].Start, urls[u].End, urls[u].Start, inLink, inlines[from].LinkUrl));
                    at = Math.Min(inline.End, urls[u].End);
                    continue;
                }
                var next = u < urls.Count ? Math.Min(inline.End, urls[u].Start) : inline.End;
                if (inline.Kind == MdInlineKind.Entity)
                {
                    output.Add(inline);
                    at = inline.End;
                }
                else
                {
                    output.Add(inline with { Text = source[at..next], Start = at, End = next, TextStart = at });
                    at = next;
                }
            }
        }
    }
}
