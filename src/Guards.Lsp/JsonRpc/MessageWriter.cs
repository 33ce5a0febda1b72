using System.Text;

namespace UltraCloud.Guards.Lsp.JsonRpc;

/// <summary>
/// Writes base-protocol messages, one whole message at a time from any thread. When the reader
/// has gone (the editor closed the pipe), every later write is dropped and <see cref="Closed"/> is set.
/// </summary>
public sealed class MessageWriter
{
    private readonly Stream _output;
    private readonly object _gate = new();

    public MessageWriter(Stream output) => _output = output;

    public bool Closed { get; private set; }

    public void Write(ReadOnlySpan<byte> body)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_gate)
        {
            if (Closed) return;
            try
            {
                _output.Write(header);
                _output.Write(body);
                _output.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                Closed = true;
            }
        }
    }
}
