using System.Text;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// The process's standard output: written in 64 KiB blocks when redirected, flushed per write on a
/// terminal. A write that fails (a full disk, <c>&gt; /dev/full</c>, a reader that went away, a
/// closed descriptor) does not throw into the command that is writing: the first error is kept,
/// later output is dropped, and the run ends with it (<see cref="GuardsCommandLine.Run(string[])"/>):
/// a failed write is exit 2; a reader that left (<c>| head -1</c>) ends quietly with the exit code
/// the findings decide.
/// </summary>
internal sealed class StandardOutput : TextWriter
{
    private const int EPIPE = 32;
    private const int EBADF = 9;
    private readonly StreamWriter _writer;

    public StandardOutput(Stream stream, bool redirected)
    {
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), redirected ? 1 << 16 : 1 << 12)
        {
            AutoFlush = !redirected,
        };
    }

    /// <summary>The first write error, if any.</summary>
    public IOException? Error { get; private set; }

    /// <summary>True when the error is only that nobody reads any more (<c>| head</c>, a closed descriptor): nothing is left to tell.</summary>
    public bool ReaderGone => Error is { } error && (error.HResult & 0xFFFF) is EPIPE or EBADF;

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
