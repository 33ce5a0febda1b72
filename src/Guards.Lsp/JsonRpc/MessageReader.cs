using System.Text;

namespace UltraCloud.Guards.Lsp.JsonRpc;

/// <summary>One message of the base protocol: its body, or what was wrong with its framing.</summary>
public readonly record struct Frame(byte[]? Body, string? Problem);

/// <summary>
/// Reads the LSP base protocol: header lines (<c>Content-Length: N</c>, others ignored), a blank
/// line, then N bytes of JSON. A header block it cannot use is reported and skipped up to the
/// next <c>Content-Length</c> header; a body larger than <see cref="MaxBodyBytes"/> is read past
/// without being kept. Neither stops the reading.
/// </summary>
public sealed class MessageReader
{
    private const int MaxHeaderLineBytes = 8 * 1024;
    private static ReadOnlySpan<byte> ContentLength => "Content-Length:"u8;

    private readonly Stream _input;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _position, _length;
    private bool _ended;

    public MessageReader(Stream input) => _input = input;

    /// <summary>The largest body kept; larger ones are skipped with a problem.</summary>
    public long MaxBodyBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>The next frame, or null at the end of the input.</summary>
    public Frame? Read()
    {
        long? length = null;
        string? problem = null;
        var lines = 0;
        while (true)
        {
            var line = ReadLine(out var tooLong);
            if (line is null) return lines == 0 ? null : new Frame(null, "the input ended inside a message's headers");
            if (tooLong) { problem ??= "a header line is longer than 8 KiB"; lines++; continue; }
            if (line.Length == 0)
            {
                if (lines == 0) continue; // blank lines between messages
                break;
            }
            lines++;
            var colon = line.IndexOf(':');
            if (colon <= 0) { problem ??= $"not a header line: '{Shorten(line)}'"; continue; }
            var name = line[..colon].Trim();
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (long.TryParse(line[(colon + 1)..].Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                length = value;
            else problem ??= $"Content-Length is not a number: '{Shorten(line)}'";
        }

        if (problem is not null || length is null)
        {
            // Where this message's body ends is unknown: read on from the next Content-Length header.
            SkipToNextHeader();
            return new Frame(null, problem ?? "a message without a Content-Length header");
        }
        if (length > MaxBodyBytes)
        {
            Skip(length.Value);
            return new Frame(null, $"a message of {length} bytes is larger than the {MaxBodyBytes / (1024 * 1024)} MiB the server reads; skipped");
        }
        var body = new byte[length.Value];
        var filled = 0;
        while (filled < body.Length)
        {
            if (_position == _length && !Fill()) return new Frame(null, "the input ended inside a message's body");
            var take = Math.Min(body.Length - filled, _length - _position);
            Buffer.BlockCopy(_buffer, _position, body, filled, take);
            _position += take;
            filled += take;
        }
        return new Frame(body, null);
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;

    private bool Fill()
    {
        if (_ended) return false;
        _position = 0;
        _length = _input.Read(_buffer, 0, _buffer.Length);
        if (_length > 0) return true;
        _length = 0;
        _ended = true;
        return false;
    }

    /// <summary>A header line without its line break (CRLF, or a bare LF); null at the end of the input.</summary>
    private string? ReadLine(out bool tooLong)
    {
        tooLong = false;
        var line = new List<byte>(64);
        var any = false;
        while (true)
        {
            if (_position == _length && !Fill()) return any ? Encoding.ASCII.GetString(line.ToArray()) : null;
            var b = _buffer[_position++];
            any = true;
            if (b == (byte)'\n') break;
            if (line.Count < MaxHeaderLineBytes) line.Add(b);
            else tooLong = true;
        }
        if (line.Count > 0 && line[^1] == (byte)'\r') line.RemoveAt(line.Count - 1);
        return Encoding.ASCII.GetString(line.ToArray());
    }

    /// <summary>
    /// Reads up to (not including) the next <c>Content-Length:</c>. Messages follow each other with
    /// no separator, so the header can start right after the bytes of a body that could not be framed.
    /// </summary>
    private void SkipToNextHeader()
    {
        while (true)
        {
            if (_length - _position < ContentLength.Length && !Compact()) { _position = _length; return; }
            var at = _buffer.AsSpan(_position, _length - _position).IndexOf(ContentLength);
            if (at >= 0) { _position += at; return; }
            // Keep the tail that could be the start of the header name.
            _position = _length - (ContentLength.Length - 1);
            if (!Compact()) { _position = _length; return; }
        }
    }

    /// <summary>Moves the unread bytes to the front and reads more behind them; false when fewer than a header name's bytes are left.</summary>
    private bool Compact()
    {
        var remaining = _length - _position;
        Buffer.BlockCopy(_buffer, _position, _buffer, 0, remaining);
        _position = 0;
        _length = remaining;
        while (!_ended && _length < ContentLength.Length)
        {
            var read = _input.Read(_buffer, _length, _buffer.Length - _length);
            if (read <= 0) { _ended = true; break; }
            _length += read;
        }
        return _length - _position >= ContentLength.Length;
    }

    private void Skip(long count)
    {
        while (count > 0)
        {
            if (_position == _length && !Fill()) return;
            var take = (int)Math.Min(count, _length - _position);
            _position += take;
            count -= take;
        }
    }
}
