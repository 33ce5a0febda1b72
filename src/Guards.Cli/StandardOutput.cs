using System.Text;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// The process's standard output, written in 64 KiB blocks when redirected. When the reader goes
/// away (<c>uc-guards check | head -1</c>) or the descriptor is closed, the rest of the output is
/// dropped quietly and the run ends with the exit code its findings decide.
/// </summary>
internal static class StandardOutput
{
    public static TextWriter Open()
    {
        var redirected = Console.IsOutputRedirected;
        var stream = new ReaderGoneStream(Console.OpenStandardOutput());
        return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), redirected ? 1 << 16 : 1 << 12)
        {
            AutoFlush = !redirected,
        };
    }

    /// <summary>Drops writes once one has failed: a pipe whose reader left, a closed descriptor.</summary>
    private sealed class ReaderGoneStream(Stream inner) : Stream
    {
        private bool _gone;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_gone) return;
            try { inner.Write(buffer); }
            catch (IOException) { _gone = true; }
        }

        public override void Flush()
        {
            if (_gone) return;
            try { inner.Flush(); }
            catch (IOException) { _gone = true; }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
