using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UltraCloud.Guards.Bench;

/// <summary>
/// A scripted editor for <c>uc-guards lsp</c>: speaks the base protocol over the server's standard
/// streams, answers the server's own requests (progress tokens, registrations, showDocument) with
/// null, and keeps every notification with the moment it arrived, for tests and the benchmark.
/// </summary>
public sealed class LspClient : IDisposable
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly Process? _process;
    private readonly Thread _reader;
    private readonly object _gate = new();
    private readonly List<Received> _notifications = [];
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StringBuilder _stderr = new();
    private long _nextId;
    private int _cursor;

    /// <summary>A notification from the server, or a request of the server's, with when it arrived (ms since the client started).</summary>
    public sealed record Received(JsonObject Message, double AtMilliseconds)
    {
        public string Method => (string?)Message["method"] ?? "";
        public JsonNode? Params => Message["params"];
    }

    private LspClient(Stream toServer, Stream fromServer, Process? process)
    {
        _input = fromServer;
        _output = toServer;
        _process = process;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "lsp client reader" };
        _reader.Start();
    }

    /// <summary>Starts a server process (e.g. <c>uc-guards lsp</c>) and talks to it.</summary>
    public static LspClient Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var client = new LspClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (client._stderr) client._stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        return client;
    }

    /// <summary>Talks to a server on the given streams (one running in this process).</summary>
    public static LspClient Connect(Stream toServer, Stream fromServer) => new(toServer, fromServer, null);

    public Process? Process => _process;

    public string StandardError
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public double Now => _clock.Elapsed.TotalMilliseconds;

    /// <summary>Every notification and server request so far.</summary>
    public IReadOnlyList<Received> Notifications
    {
        get { lock (_gate) return _notifications.ToList(); }
    }

    public JsonObject? Request(string method, JsonNode? parameters, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        if (!done.Task.Wait(timeout ?? TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"no answer to {method} {Diagnostics()}");
        return done.Task.Result;
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>Writes raw bytes to the server (malformed messages).</summary>
    public void SendRaw(byte[] bytes)
    {
        lock (_output)
        {
            _output.Write(bytes);
            _output.Flush();
        }
    }

    public void Send(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_output)
        {
            _output.Write(header);
            _output.Write(body);
            _output.Flush();
        }
    }

    /// <summary>The next notification after the last one waited for that matches; the ones before it are passed over.</summary>
    public Received WaitFor(Func<Received, bool> match, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = _clock.Elapsed + (timeout ?? TimeSpan.FromSeconds(60));
        lock (_gate)
        {
            while (true)
            {
                for (; _cursor < _notifications.Count; _cursor++)
                {
                    if (match(_notifications[_cursor])) return _notifications[_cursor++];
                }
                var left = deadline - _clock.Elapsed;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"waited in vain for {what ?? "a notification"} {Diagnostics()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>The next publishDiagnostics for the document (and buffer version, when given).</summary>
    public Received WaitForDiagnostics(string uri, int? version = null, TimeSpan? timeout = null) =>
        WaitFor(n => n.Method == "textDocument/publishDiagnostics" && (string?)n.Params!["uri"] == uri
            && (version is null || (int?)n.Params!["version"] == version), timeout, $"diagnostics of {uri}{(version is null ? "" : $" version {version}")}");

    /// <summary>Skips what has arrived so far: the next wait looks only at what comes later.</summary>
    public void SkipReceived()
    {
        lock (_gate) _cursor = _notifications.Count;
    }

    /// <summary>Sends shutdown and exit; the server's exit code (processes only).</summary>
    public int? Stop(TimeSpan? timeout = null)
    {
        Request("shutdown", null);
        Notify("exit", null);
        if (_process is null) return null;
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30))) throw new TimeoutException("the server did not exit");
        return _process.ExitCode;
    }

    /// <summary>The server's resident set size in KiB (Linux), or -1.</summary>
    public long ResidentKiB()
    {
        if (_process is null) return -1;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (IOException) { }
        return -1;
    }

    private string Diagnostics()
    {
        var last = Notifications.TakeLast(5).Select(n => n.Message.ToJsonString()).Select(s => s.Length > 300 ? s[..300] + "..." : s);
        return $"(last received: {string.Join(" | ", last)}; stderr: {StandardError})";
    }

    private void ReadLoop()
    {
        try
        {
            while (ReadMessage() is { } message)
            {
                var at = Now;
                var hasId = message.TryGetPropertyValue("id", out var idNode) && idNode is not null;
                var hasMethod = message.ContainsKey("method");
                if (hasId && !hasMethod)
                {
                    if (idNode!.GetValueKind() == JsonValueKind.Number && _pending.TryRemove(idNode.GetValue<long>(), out var done)) done.TrySetResult(message);
                    continue;
                }
                if (hasId && hasMethod)
                    Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = idNode!.DeepClone(), ["result"] = null });
                lock (_gate)
                {
                    _notifications.Add(new Received(message, at));
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException) { }
        lock (_gate) Monitor.PulseAll(_gate);
    }

    private JsonObject? ReadMessage()
    {
        var length = -1;
        while (true)
        {
            var line = ReadLine();
            if (line is null) return null;
            if (line.Length == 0)
            {
                if (length >= 0) break;
                continue;
            }
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        var body = new byte[length];
        _input.ReadExactly(body);
        return JsonNode.Parse(body) as JsonObject;
    }

    private string? ReadLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = _input.ReadByte();
            if (b < 0) return bytes.Count == 0 ? null : Encoding.ASCII.GetString(bytes.ToArray());
            if (b == '\n') break;
            if (b != '\r') bytes.Add((byte)b);
        }
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                try { _process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { }
                _process.WaitForExit(5000);
            }
            _process.Dispose();
        }
    }

    // Helpers that build the protocol's params.

    public static JsonObject Position(int line, int character) => new() { ["line"] = line, ["character"] = character };

    public static JsonObject Range(int startLine, int startCharacter, int endLine, int endCharacter) =>
        new() { ["start"] = Position(startLine, startCharacter), ["end"] = Position(endLine, endCharacter) };

    public static JsonObject Document(string uri) => new() { ["uri"] = uri };

    public void DidOpen(string uri, string languageId, int version, string text) =>
        Notify("textDocument/didOpen", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = languageId, ["version"] = version, ["text"] = text } });

    /// <summary>An incremental change replacing a range with text.</summary>
    public void DidChange(string uri, int version, JsonObject range, string text) =>
        Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = range, ["text"] = text }),
        });

    /// <summary>A full change: the whole new text.</summary>
    public void DidChangeFull(string uri, int version, string text) =>
        Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
        });

    public void DidSave(string uri) => Notify("textDocument/didSave", new JsonObject { ["textDocument"] = Document(uri) });

    public void DidClose(string uri) => Notify("textDocument/didClose", new JsonObject { ["textDocument"] = Document(uri) });

    public static string FileUri(string absolutePath) => new Uri(absolutePath).AbsoluteUri;
}
