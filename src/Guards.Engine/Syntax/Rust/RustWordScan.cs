namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// The Rust rules' fast path on raw bytes, before any parse: does one of the rule's names occur
/// as a whole identifier where it could be code? An occurrence on a line whose first non-blank
/// bytes are <c>//</c>, with neither <c>"</c> nor <c>*/</c> between them and it, never is: the
/// line is a line comment (doc comments and their examples included), or it lies inside a block
/// comment or a string literal that does not end before the occurrence. Anything this scan cannot
/// rule out (a byte outside printable ASCII on the way, say) counts as a possible match, so a file
/// it sets aside is one whose parse could not have given the rule a finding.
/// </summary>
public sealed class RustWordScan
{
    private readonly byte[][] _names;
    private readonly bool _macroNames;

    /// <param name="names">Identifiers as UTF-8 bytes.</param>
    /// <param name="macroNames">
    /// True when the rule looks only for macro invocations: the name must be followed by <c>!</c>
    /// (white space between allowed; a comment, or a byte this scan does not read, counts as possible).
    /// </param>
    public RustWordScan(IEnumerable<byte[]> names, bool macroNames)
    {
        _names = names.Where(n => n.Length > 0).ToArray();
        _macroNames = macroNames;
    }

    /// <summary>True when some name occurs as a whole identifier that may be code.</summary>
    public bool AnyInCode(ReadOnlySpan<byte> text)
    {
        foreach (var name in _names)
        {
            var offset = 0;
            while (offset <= text.Length - name.Length)
            {
                var index = text[offset..].IndexOf(name);
                if (index < 0) break;
                var start = offset + index;
                var end = start + name.Length;
                if ((start == 0 || !RustSyntaxFacts.IsIdentifierByte(text[start - 1]))
                    && (end == text.Length || !RustSyntaxFacts.IsIdentifierByte(text[end]))
                    && !OnCommentLine(text, start)
                    && (!_macroNames || MayBeFollowedByBang(text, end)))
                    return true;
                offset = end;
            }
        }
        return false;
    }

    /// <summary>
    /// True when the line holding <paramref name="at"/> starts, after blanks, with <c>//</c>, and
    /// only printable ASCII other than <c>"</c> and <c>*/</c> lies between that and <paramref name="at"/>.
    /// </summary>
    private static bool OnCommentLine(ReadOnlySpan<byte> text, int at)
    {
        // A carriage return alone may end a line for the parser: treat it as a line start too.
        var lineStart = text[..at].LastIndexOfAny((byte)'\n', (byte)'\r') + 1;
        var i = lineStart;
        while (i < at && text[i] is (byte)' ' or (byte)'\t') i++;
        if (i + 1 >= at || text[i] != (byte)'/' || text[i + 1] != (byte)'/') return false;
        for (var k = i + 2; k < at; k++)
        {
            var b = text[k];
            if (b == (byte)'"' || b >= 0x7F || (b < 0x20 && b != (byte)'\t')) return false;
            if (b == (byte)'/' && text[k - 1] == (byte)'*') return false;
        }
        return true;
    }

    private static bool MayBeFollowedByBang(ReadOnlySpan<byte> text, int end)
    {
        var i = end;
        while (i < text.Length && text[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f') i++;
        return i < text.Length && (text[i] == (byte)'!' || text[i] == (byte)'/' || text[i] >= 0x80);
    }
}
