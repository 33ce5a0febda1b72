using System.Text;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// Redirected standard output, written in 64 KiB blocks. A write that fails (a full disk,
/// <c>&gt; /dev/full</c>, a reader that went away) does not throw into the command that is
/// writing: the first error is kept, later output is dropped, and the run ends with it
/// (<see cref="GuardsCommandLine.Run(string[])"/>): a failed write is exit 2, a closed pipe ends quietly.
/// </summary>
internal sealed class StandardOutput(Stream stream) : TextWriter
{
    private const int EPIPE = 32;
    private readonly StreamWriter _writer = new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);

    /// <summary>The first write error, if any.</summary>
    public IOException? Error { get; private set; }

    /// <summary>True when the error is only that the reader has gone (<c>| head</c>): nothing is left to tell it.</summary>
    public bool ReaderGone => Error?.HResult == EPIPE;

    public override Encoding Encoding => _writer.Encoding;

    public override void Write(char value) => Guard(() => _writer.Write(value));

    public override void Write(string? value) => Guard(() => _writer.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => _writer.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (Error is not null) return;
        try
        {
            _writer.Write(buffer);
        }
        catch (IOException ex)
        {
            Error = ex;
        }
    }

    public override void Flush() => Guard(_writer.Flush);

    private void Guard(Action write)
    {
        if (Error is not null) return;
        try
        {
            write();
        }
        catch (IOException ex)
        {
            Error = ex;
        }
    }
}
