using System.Text;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Text;

/// <summary>
/// The text of one file as the parsers see it: UTF-8 bytes (UTF-16 with a BOM is transcoded, a
/// UTF-8 BOM is kept as-is but never reported), the decoded string, and a line map that turns
/// byte or char offsets into 1-based line and UTF-16 column. "\n", "\r\n" and a lone "\r" all end
/// a line.
/// </summary>
public sealed class SourceText
{
    private string? _text;
    private int[]? _lineStartBytes;
    private int[]? _lineStartChars;

    private SourceText(string path, byte[] utf8, bool transcoded)
    {
        Path = path;
        Utf8 = utf8;
        WasTranscoded = transcoded;
    }

    /// <summary>Path relative to the scanned root, '/' separated.</summary>
    public string Path { get; }

    public byte[] Utf8 { get; }

    /// <summary>True when the file was UTF-16 on disk and converted to UTF-8.</summary>
    public bool WasTranscoded { get; }

    public string Text => _text ??= Encoding.UTF8.GetString(Utf8);

    /// <summary>
    /// Whether the text holds <paramref name="value"/>, letter case ignored as
    /// <see cref="StringComparison.OrdinalIgnoreCase"/> does. When both are ASCII (where that is
    /// plain ASCII case folding) the bytes are searched and the text is never decoded.
    /// </summary>
    public bool ContainsIgnoreCase(string value)
    {
        if (_text is not null || !Ascii.IsValid(value) || !Ascii.IsValid(Utf8))
            return Text.Contains(value, StringComparison.OrdinalIgnoreCase);
        if (value.Length == 0) return true;
        var needle = Encoding.ASCII.GetBytes(value);
        ReadOnlySpan<byte> haystack = Utf8;
        var lower = (byte)char.ToLowerInvariant(value[0]);
        var upper = (byte)char.ToUpperInvariant(value[0]);
        for (var at = 0; at <= haystack.Length - needle.Length;)
        {
            var found = haystack[at..].IndexOfAny(lower, upper);
            if (found < 0) return false;
            var start = at + found;
            if (start > haystack.Length - needle.Length) return false;
            if (Ascii.EqualsIgnoreCase(haystack.Slice(start, needle.Length), needle)) return true;
            at = start + 1;
        }
        return false;
    }

    /// <summary>True when the bytes start with a UTF-16 byte-order mark (the text is transcoded to UTF-8).</summary>
    public static bool HasUtf16Bom(ReadOnlySpan<byte> raw) =>
        raw.Length >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF));

    public static SourceText FromBytes(string path, byte[] raw)
    {
        if (raw.Length >= 2 && raw[0] == 0xFF && raw[1] == 0xFE)
            return new SourceText(path, Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(raw, 2, raw.Length - 2)), true);
        if (raw.Length >= 2 && raw[0] == 0xFE && raw[1] == 0xFF)
            return new SourceText(path, Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(raw, 2, raw.Length - 2)), true);
        return new SourceText(path, raw, false);
    }

    public static SourceText FromString(string path, string text) => new(path, Encoding.UTF8.GetBytes(text), false) { _text = text };

    public int LineCount => LineStartBytes.Length;

    private int[] LineStartBytes => _lineStartBytes ??= ComputeLineStarts(Utf8);

    private int[] LineStartChars => _lineStartChars ??= ComputeLineStarts(Text);

    private static int[] ComputeLineStarts(ReadOnlySpan<byte> bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'\n') starts.Add(i + 1);
            else if (b == (byte)'\r')
            {
                if (i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n') { starts.Add(i + 2); i++; }
                else starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') starts.Add(i + 1);
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') { starts.Add(i + 2); i++; }
                else starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }


    /// <summary>1-based line and UTF-16 column of a byte offset.</summary>
    public (int Line, int Column) PositionOfByte(int byteOffset)
    {
        byteOffset = Math.Clamp(byteOffset, 0, Utf8.Length);
        var index = LineIndex(LineStartBytes, byteOffset);
        var lineStart = LineStartBytes[index];
        if (byteOffset - lineStart <= CheckpointInterval)
        {
            var prefix = Utf8.AsSpan(lineStart, byteOffset - lineStart);
            return (index + 1, (IsAscii(prefix) ? prefix.Length : Encoding.UTF8.GetCharCount(prefix)) + 1);
        }
        // A long line (a minified or generated file): count from the nearest checkpoint, not the line start.
        return (index + 1, CharOfByte(byteOffset) - LineStartChars[index] + 1);
    }

    /// <summary>
    /// Char offset into <see cref="Text"/> of a byte offset, in time bounded by the checkpoint
    /// interval whatever the line length: positions on a one-line multi-megabyte file stay cheap.
    /// </summary>
    public int CharOfByte(int byteOffset)
    {
        byteOffset = Math.Clamp(byteOffset, 0, Utf8.Length);
        var (bytes, chars) = Checkpoints;
        var k = LineIndex(bytes, byteOffset);
        var slice = Utf8.AsSpan(bytes[k], byteOffset - bytes[k]);
        return chars[k] + (IsAscii(slice) ? slice.Length : Encoding.UTF8.GetCharCount(slice));
    }

    private const int CheckpointInterval = 4096;
    private (int[] Bytes, int[] Chars)? _checkpoints;

    /// <summary>
    /// Pairs (byte offset, char offset) about every 4 KiB, each at the start of a UTF-8 sequence
    /// (never on a continuation byte), so that decoding the pieces one by one gives the same chars
    /// as decoding the whole, invalid sequences included.
    /// </summary>
    private (int[] Bytes, int[] Chars) Checkpoints => _checkpoints ??= BuildCheckpoints(Utf8);

    private static (int[] Bytes, int[] Chars) BuildCheckpoints(byte[] utf8)
    {
        var bytes = new List<int> { 0 };
        var chars = new List<int> { 0 };
        int b = 0, c = 0;
        while (true)
        {
            var next = b + CheckpointInterval;
            while (next < utf8.Length && (utf8[next] & 0xC0) == 0x80) next++;
            if (next >= utf8.Length) break;
            var piece = utf8.AsSpan(b, next - b);
            c += IsAscii(piece) ? piece.Length : Encoding.UTF8.GetCharCount(piece);
            b = next;
            bytes.Add(b);
            chars.Add(c);
        }
        return (bytes.ToArray(), chars.ToArray());
    }

    /// <summary>1-based line and UTF-16 column of a char offset into <see cref="Text"/>.</summary>
    public (int Line, int Column) PositionOfChar(int charOffset)
    {
        charOffset = Math.Clamp(charOffset, 0, Text.Length);
        var index = LineIndex(LineStartChars, charOffset);
        return (index + 1, charOffset - LineStartChars[index] + 1);
    }

    /// <summary>Byte offset of a char offset (for fingerprints and SARIF byte regions).</summary>
    public int ByteOfChar(int charOffset)
    {
        charOffset = Math.Clamp(charOffset, 0, Text.Length);
        var index = LineIndex(LineStartChars, charOffset);
        var lineStartChar = LineStartChars[index];
        var lineStartByte = index < LineStartBytes.Length ? LineStartBytes[index] : Utf8.Length;
        if (charOffset - lineStartChar <= CheckpointInterval)
            return lineStartByte + Encoding.UTF8.GetByteCount(Text.AsSpan(lineStartChar, charOffset - lineStartChar));
        var (bytes, chars) = Checkpoints;
        var k = LineIndex(chars, charOffset);
        return bytes[k] + Encoding.UTF8.GetByteCount(Text.AsSpan(chars[k], charOffset - chars[k]));
    }

    public SourceSpan SpanOfBytes(int startByte, int endByte)
    {
        var (sl, sc) = PositionOfByte(startByte);
        var (el, ec) = PositionOfByte(Math.Max(startByte, endByte));
        return new SourceSpan(sl, sc, el, ec, startByte, Math.Max(startByte, endByte));
    }

    public SourceSpan SpanOfChars(int startChar, int endChar)
    {
        var (sl, sc) = PositionOfChar(startChar);
        var (el, ec) = PositionOfChar(Math.Max(startChar, endChar));
        return new SourceSpan(sl, sc, el, ec, ByteOfChar(startChar), ByteOfChar(Math.Max(startChar, endChar)));
    }

    /// <summary>The text of a 1-based line without its line break.</summary>
    public string LineText(int line)
    {
        if (line < 1 || line > LineStartBytes.Length) return "";
        var start = LineStartBytes[line - 1];
        var end = line < LineStartBytes.Length ? LineStartBytes[line] : Utf8.Length;
        while (end > start && (Utf8[end - 1] == (byte)'\n' || Utf8[end - 1] == (byte)'\r')) end--;
        return Encoding.UTF8.GetString(Utf8, start, end - start);
    }

    /// <summary>UTF-16 offset where a 1-based line starts (clamped to the text).</summary>
    public int CharOfLine(int line) => LineStartChars[Math.Clamp(line, 1, LineStartChars.Length) - 1];

    /// <summary>Length in UTF-16 units of a 1-based line without its line break.</summary>
    public int LineLength(int line)
    {
        if (line < 1 || line > LineStartChars.Length) return 0;
        var start = LineStartChars[line - 1];
        var end = line < LineStartChars.Length ? LineStartChars[line] : Text.Length;
        while (end > start && Text[end - 1] is '\n' or '\r') end--;
        return end - start;
    }

    /// <summary>
    /// At most <paramref name="maxChars"/> chars of a 1-based line from 0-based column
    /// <paramref name="fromColumn"/>, and the column the piece starts at: a window into a long line
    /// without materialising the whole line.
    /// </summary>
    public (string Text, int Offset) LineWindow(int line, int fromColumn, int maxChars)
    {
        var length = LineLength(line);
        if (length == 0) return ("", 0);
        fromColumn = Math.Clamp(fromColumn, 0, length);
        var start = LineStartChars[line - 1] + fromColumn;
        return (Text.Substring(start, Math.Min(maxChars, length - fromColumn)), fromColumn);
    }

    public string TextOfBytes(int startByte, int endByte)
    {
        startByte = Math.Clamp(startByte, 0, Utf8.Length);
        endByte = Math.Clamp(endByte, startByte, Utf8.Length);
        return Encoding.UTF8.GetString(Utf8, startByte, endByte - startByte);
    }

    private static int LineIndex(int[] starts, int offset)
    {
        var index = Array.BinarySearch(starts, offset);
        return index >= 0 ? index : ~index - 1;
    }

    private static bool IsAscii(ReadOnlySpan<byte> bytes) => System.Text.Ascii.IsValid(bytes);
}
