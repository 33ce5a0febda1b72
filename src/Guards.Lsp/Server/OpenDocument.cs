using System.Text;
using UltraCloud.Guards.Lsp.Protocol;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary>
/// A buffer the editor has open: its text as the client last sent it, edited in place by full or
/// incremental changes (positions in UTF-16 code units, lines ended by LF, CRLF or CR).
/// </summary>
public sealed class OpenDocument
{
    private byte[]? _utf8;

    public OpenDocument(string uri, string path, string languageId, int version, string text)
    {
        Uri = uri;
        Path = path;
        LanguageId = languageId;
        Version = version;
        Text = text;
    }

    /// <summary>The URI exactly as the client spelled it (publishing uses it so the client recognises it).</summary>
    public string Uri { get; }

    /// <summary>Root-relative, '/'-separated.</summary>
    public string Path { get; }

    public string LanguageId { get; }

    public int Version { get; private set; }

    public string Text { get; private set; }

    /// <summary>The text as UTF-8, made once per change and shared by the scans that read it.</summary>
    public byte[] Utf8 => _utf8 ??= Encoding.UTF8.GetBytes(Text);

    public void Apply(IReadOnlyList<TextDocumentContentChangeEvent> changes, int? version)
    {
        foreach (var change in changes)
        {
            if (change.Range is null) { Text = change.Text ?? ""; continue; }
            var start = OffsetOf(Text, change.Range.Start);
            var end = Math.Max(start, OffsetOf(Text, change.Range.End));
            Text = string.Concat(Text.AsSpan(0, start), change.Text ?? "", Text.AsSpan(end));
        }
        _utf8 = null;
        if (version is { } v) Version = v;
    }

    /// <summary>The offset of an LSP position in <paramref name="text"/>, clamped to the line's end and the text's end.</summary>
    public static int OffsetOf(string text, Position position)
    {
        var lineStart = LineStart(text, position.Line);
        if (lineStart < 0) return text.Length;
        var lineEnd = LineEnd(text, lineStart);
        return lineStart + Math.Clamp(position.Character, 0, lineEnd - lineStart);
    }

    /// <summary>The offset where 0-based line <paramref name="line"/> starts, or -1 past the last line.</summary>
    public static int LineStart(string text, int line)
    {
        var offset = 0;
        for (var current = 0; current < line; current++)
        {
            var next = text.AsSpan(offset).IndexOfAny('\n', '\r');
            if (next < 0) return -1;
            offset += next;
            offset += text[offset] == '\r' && offset + 1 < text.Length && text[offset + 1] == '\n' ? 2 : 1;
        }
        return offset;
    }

    /// <summary>The offset of the line break (or the text's end) of the line starting at <paramref name="lineStart"/>.</summary>
    public static int LineEnd(string text, int lineStart)
    {
        var next = text.AsSpan(lineStart).IndexOfAny('\n', '\r');
        return next < 0 ? text.Length : lineStart + next;
    }
}
