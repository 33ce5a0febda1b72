using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace UltraCloud.Guards.Lsp.JsonRpc;

/// <summary>JSON-RPC 2.0 error codes, with the LSP's own.</summary>
public static class ErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestFailed = -32803;
}

/// <summary>An error a request handler answers with instead of a result.</summary>
public sealed class RpcException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>
/// JSON-RPC 2.0 over the base protocol, on one input and one output stream. Messages are read and
/// dispatched in order on the thread that calls <see cref="Run"/>: a request's handler answers
/// before the next message is read, so a request always sees the text changes sent before it.
/// Handlers are typed by source-generated JSON metadata (no reflection, for Native AOT). A
/// malformed message, an unknown method or a failing handler is answered with an error (or
/// logged, for a notification) and the connection goes on.
/// </summary>
public sealed class JsonRpcConnection
{
    private delegate void Handler(JsonElement? parameters, JsonElement? id);

    private readonly MessageReader _reader;
    private readonly MessageWriter _writer;
    private readonly Dictionary<string, Handler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Action<JsonElement?, string?>> _pending = new();
    private long _nextId;
    private volatile bool _stopped;

    public JsonRpcConnection(Stream input, Stream output)
    {
        _reader = new MessageReader(input);
        _writer = new MessageWriter(output);
    }

    /// <summary>Where problems of the connection itself go (a malformed message, a failing notification handler).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Answers a request before its handler runs (not initialized yet, shut down); null lets it through.</summary>
    public Func<string, RpcException?>? Gate { get; set; }

    /// <summary>True once the output is gone: nothing written any more reaches the client.</summary>
    public bool OutputClosed => _writer.Closed;

    public void OnRequest<TParams, TResult>(string method, JsonTypeInfo<TParams> parameters, JsonTypeInfo<TResult> result, Func<TParams?, TResult?> handler)
    {
        _handlers[method] = (p, id) =>
        {
            var value = handler(Deserialize(p, parameters, isRequest: true));
            Respond(id, w =>
            {
                if (value is null) w.WriteNullValue();
                else JsonSerializer.Serialize(w, value, result);
            });
        };
    }

    public void OnNotification<TParams>(string method, JsonTypeInfo<TParams> parameters, Action<TParams?> handler) =>
        _handlers[method] = (p, _) => handler(Deserialize(p, parameters, isRequest: false));

    /// <summary>Stops reading after the message being handled.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Reads and dispatches messages until the input ends or <see cref="Stop"/> is called.</summary>
    public void Run()
    {
        while (!_stopped)
        {
            Frame? frame;
            try { frame = _reader.Read(); }
            catch (IOException ex)
            {
                Log?.Invoke($"reading the input failed: {ex.Message}");
                return;
            }
            if (frame is not { } f) return;
            if (f.Problem is not null)
            {
                Log?.Invoke($"skipped a malformed message: {f.Problem}");
                continue;
            }
            Dispatch(f.Body!);
        }
    }

    public void Notify<T>(string method, T value, JsonTypeInfo<T> info) => Send(w =>
    {
        w.WriteString("method", method);
        w.WritePropertyName("params");
        JsonSerializer.Serialize(w, value, info);
    });

    /// <summary>
    /// Sends a request to the client. <paramref name="onResponse"/> gets the result, or null and the
    /// error message; it runs on the reading thread, so it must not wait for anything.
    /// </summary>
    public void Request<T>(string method, T value, JsonTypeInfo<T> info, Action<JsonElement?, string?>? onResponse = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        if (onResponse is not null) _pending[id] = onResponse;
        Send(w =>
        {
            w.WriteNumber("id", id);
            w.WriteString("method", method);
            w.WritePropertyName("params");
            JsonSerializer.Serialize(w, value, info);
        });
    }

    private void Dispatch(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 512 });
        }
        catch (JsonException ex)
        {
            Log?.Invoke($"a message is not JSON: {ex.Message}");
            RespondError(null, ErrorCodes.ParseError, $"not JSON: {ex.Message}");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                RespondError(null, ErrorCodes.InvalidRequest, "a message must be a JSON object");
                return;
            }
            JsonElement? id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind is JsonValueKind.Number or JsonValueKind.String ? idValue : null;
            var hasMethod = root.TryGetProperty("method", out var methodValue);
            if (!hasMethod)
            {
                if (root.TryGetProperty("result", out var result)) Complete(id, result, null);
                else if (root.TryGetProperty("error", out var error)) Complete(id, null, error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : "error");
                else RespondError(id, ErrorCodes.InvalidRequest, "a message with neither a method nor a result");
                return;
            }
            if (methodValue.ValueKind != JsonValueKind.String)
            {
                RespondError(id, ErrorCodes.InvalidRequest, "method must be a string");
                return;
            }
            var method = methodValue.GetString()!;
            JsonElement? parameters = root.TryGetProperty("params", out var p) && p.ValueKind != JsonValueKind.Null ? p : null;
            var isRequest = root.TryGetProperty("id", out _);
            Handle(method, parameters, isRequest ? id ?? default(JsonElement) : null, isRequest);
        }
    }

    private void Handle(string method, JsonElement? parameters, JsonElement? id, bool isRequest)
    {
        try
        {
            if (isRequest && Gate?.Invoke(method) is { } refused) throw refused;
            if (!_handlers.TryGetValue(method, out var handler))
            {
                // Notifications the server does not handle ($/setTrace, workspace/didChangeConfiguration, ...) are dropped.
                if (isRequest) RespondError(id, ErrorCodes.MethodNotFound, $"unknown method {method}");
                return;
            }
            handler(parameters, id);
        }
        catch (RpcException ex)
        {
            if (isRequest) RespondError(id, ex.Code, ex.Message);
            else Log?.Invoke($"{method}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (isRequest) RespondError(id, ErrorCodes.InternalError, $"{method} failed: {ex.GetType().Name}: {ex.Message}");
            Log?.Invoke($"{method} failed: {ex}");
        }
    }

    private static T? Deserialize<T>(JsonElement? parameters, JsonTypeInfo<T> info, bool isRequest)
    {
        if (parameters is not { } element) return default;
        try
        {
            return element.Deserialize(info);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new RpcException(ErrorCodes.InvalidParams, $"invalid params: {ex.Message}");
        }
    }

    private void Complete(JsonElement? id, JsonElement? result, string? error)
    {
        if (id is not { ValueKind: JsonValueKind.Number } number || !number.TryGetInt64(out var key)) return;
        if (!_pending.TryRemove(key, out var callback)) return;
        try { callback(result, error); }
        catch (Exception ex) when (ex is not OutOfMemoryException) { Log?.Invoke($"handling a response failed: {ex}"); }
    }

    private void Respond(JsonElement? id, Action<Utf8JsonWriter> writeResult) => Send(w =>
    {
        WriteId(w, id);
        w.WritePropertyName("result");
        writeResult(w);
    });

    private void RespondError(JsonElement? id, int code, string message) => Send(w =>
    {
        WriteId(w, id);
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private static void WriteId(Utf8JsonWriter w, JsonElement? id)
    {
        w.WritePropertyName("id");
        if (id is { ValueKind: JsonValueKind.Number or JsonValueKind.String } value) value.WriteTo(w);
        else w.WriteNullValue();
    }

    private void Send(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            writeMembers(w);
            w.WriteEndObject();
        }
        _writer.Write(buffer.WrittenSpan);
    }
}
