using System.Text.Json;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Lsp.JsonRpc;
using UltraCloud.Guards.Lsp.Protocol;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary>
/// <c>uc-guards lsp</c>: the guards' findings in the editor, over the Language Server Protocol 3.17.
/// <c>initialize</c> opens one <see cref="GuardsSession"/> (root and policy found once); after
/// <c>initialized</c> the whole tree is scanned once, with progress and cancellation. Then file
/// rules run on each open buffer as it changes (an <see cref="OverlayTree"/> serves the buffers
/// over the working tree), repository rules re-run when a file they read is saved, and every file
/// whose findings change is published, or cleared. Messages are read on the calling thread; the
/// scans run on two background lanes (one file at a time for buffers, whole-tree work beside it),
/// so an edit is analysed while a long scan runs. This class is the lifecycle and the text
/// synchronisation; the analysis and the editor features are its other parts.
/// </summary>
public sealed partial class GuardsLanguageServer
{
    public const string SelectReasonCommand = "uc-guards.selectReason";

    private readonly JsonRpcConnection _rpc;
    private readonly LanguageServerOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly WorkLane _fileLane;
    private readonly WorkLane _treeLane;

    private GuardsSession? _session;
    private bool _initialized, _shutdown;
    private ClientCapabilities _client = new(false, false, false, false);
    private string? _policyDirectory, _configPath;

    private GuardsLanguageServer(Stream input, Stream output, LanguageServerOptions options)
    {
        _options = options;
        _rpc = new JsonRpcConnection(input, output) { Log = message => Log(MessageType.Error, message), Gate = Refuse };
        _fileLane = new WorkLane("uc-guards buffers", RunFileLane, ex => Log(MessageType.Error, $"analysing a buffer failed: {ex}"));
        _treeLane = new WorkLane("uc-guards tree", RunTreeLane, ex => Log(MessageType.Error, $"analysing the tree failed: {ex}"));
        Register();
    }

    /// <summary>Serves one client until it sends <c>exit</c> or closes the input; the exit code the protocol asks for (0 after shutdown, 1 otherwise).</summary>
    public static int Run(Stream input, Stream output, LanguageServerOptions options)
    {
        var server = new GuardsLanguageServer(input, output, options);
        try
        {
            server._rpc.Run();
        }
        finally
        {
            server.StopLanes();
            server._session?.Dispose();
        }
        return server._shutdown ? 0 : 1;
    }

    private sealed record ClientCapabilities(bool WorkDoneProgress, bool ShowDocument, bool WatchRegistration, bool MarkdownHover);

    private void Register()
    {
        _rpc.OnRequest("initialize", LspJson.Default.InitializeParams, LspJson.Default.InitializeResult, Initialize);
        _rpc.OnNotification("initialized", LspJson.Default.NoParams, _ => Initialized());
        _rpc.OnRequest("shutdown", LspJson.Default.NoParams, LspJson.Default.NoParams, _ => Shutdown());
        _rpc.OnNotification("exit", LspJson.Default.NoParams, _ => _rpc.Stop());
        _rpc.OnNotification("textDocument/didOpen", LspJson.Default.DidOpenTextDocumentParams, DidOpen);
        _rpc.OnNotification("textDocument/didChange", LspJson.Default.DidChangeTextDocumentParams, DidChange);
        _rpc.OnNotification("textDocument/didSave", LspJson.Default.DidSaveTextDocumentParams, DidSave);
        _rpc.OnNotification("textDocument/didClose", LspJson.Default.DidCloseTextDocumentParams, DidClose);
        _rpc.OnNotification("workspace/didChangeWatchedFiles", LspJson.Default.DidChangeWatchedFilesParams, DidChangeWatchedFiles);
        _rpc.OnNotification("window/workDoneProgress/cancel", LspJson.Default.WorkDoneProgressCancelParams, CancelProgress);
        _rpc.OnRequest("textDocument/hover", LspJson.Default.TextDocumentPositionParams, LspJson.Default.Hover, Hover);
        _rpc.OnRequest("textDocument/codeAction", LspJson.Default.CodeActionParams, LspJson.Default.ListCodeAction, CodeActions);
        _rpc.OnRequest("workspace/executeCommand", LspJson.Default.ExecuteCommandParams, LspJson.Default.NoParams, ExecuteCommand);
        // Requests here are answered as they are read, before the next message: a $/cancelRequest
        // always comes too late to matter, and is dropped like every unhandled notification.
    }

    private RpcException? Refuse(string method)
    {
        if (_shutdown) return new RpcException(ErrorCodes.InvalidRequest, $"{method} after shutdown");
        if (!_initialized && method != "initialize") return new RpcException(ErrorCodes.ServerNotInitialized, $"{method} before initialize");
        return null;
    }

    private InitializeResult Initialize(InitializeParams? parameters)
    {
        if (_initialized) throw new RpcException(ErrorCodes.InvalidRequest, "initialize was already called");
        parameters ??= new InitializeParams();
        _client = new ClientCapabilities(
            WorkDoneProgress: Capability(parameters.Capabilities, "window", "workDoneProgress"),
            ShowDocument: Capability(parameters.Capabilities, "window", "showDocument", "support"),
            WatchRegistration: Capability(parameters.Capabilities, "workspace", "didChangeWatchedFiles", "dynamicRegistration"),
            MarkdownHover: HoverFormats(parameters.Capabilities).Contains("markdown"));

        var folder = WorkspaceFolder(parameters);
        _configPath = Option(parameters.InitializationOptions, "config", folder) ?? _options.ConfigPath;
        _policyDirectory = Option(parameters.InitializationOptions, "policy", folder) ?? _options.PolicyDirectory;
        try
        {
            _session = GuardsSession.Open(new SessionOptions { Path = folder, ConfigPath = _configPath, PolicyDirectory = _policyDirectory, Catalog = _options.Catalog });
        }
        catch (Exception ex) when (ex is PolicyException or IOException or UnauthorizedAccessException)
        {
            throw new RpcException(ErrorCodes.RequestFailed, $"uc-guards cannot serve {folder}: {ex.Message}");
        }
        // The policy is read once, now; a broken configuration is published as a diagnostic once the client is ready.
        LoadPolicy();
        _initialized = true;
        return new InitializeResult
        {
            Capabilities = new ServerCapabilities
            {
                TextDocumentSync = new TextDocumentSyncOptions { OpenClose = true, Change = TextDocumentSyncKind.Incremental, Save = new SaveOptions { IncludeText = false } },
                HoverProvider = true,
                CodeActionProvider = new CodeActionOptions { CodeActionKinds = ["quickfix"] },
                ExecuteCommandProvider = new ExecuteCommandOptions { Commands = [SelectReasonCommand] },
            },
            ServerInfo = new ServerInfo { Name = "uc-guards", Version = _options.Version.Length > 0 ? _options.Version : null },
        };
    }

    private void Initialized()
    {
        if (_session is null) return;
        _fileLane.Start();
        _treeLane.Start();
        RegisterWatchers();
        PublishPolicyProblem();
        lock (_gate) _fullScanRequested = true;
        _treeLane.Poke();
    }

    private NoParams? Shutdown()
    {
        _shutdown = true;
        StopLanes();
        return null;
    }

    private void StopLanes()
    {
        lock (_gate)
        {
            _stopping = true;
            _scanCancellation?.Cancel();
        }
        _fileLane.Stop(TimeSpan.FromSeconds(10));
        _treeLane.Stop(TimeSpan.FromSeconds(10));
    }

    private static string WorkspaceFolder(InitializeParams parameters)
    {
        foreach (var folder in parameters.WorkspaceFolders ?? [])
        {
            if (FileUris.ToPath(folder.Uri) is { } path) return path;
        }
        if (parameters.RootUri is { } rootUri && FileUris.ToPath(rootUri) is { } root) return root;
        if (parameters.RootPath is { Length: > 0 } rootPath) return Path.GetFullPath(rootPath);
        return Environment.CurrentDirectory;
    }

    private static bool Capability(JsonElement? capabilities, params string[] path)
    {
        if (capabilities is not { ValueKind: JsonValueKind.Object } element) return false;
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return false;
        }
        return element.ValueKind == JsonValueKind.True;
    }

    private static HashSet<string> HoverFormats(JsonElement? capabilities)
    {
        var formats = new HashSet<string>(StringComparer.Ordinal);
        if (capabilities is { ValueKind: JsonValueKind.Object } c
            && c.TryGetProperty("textDocument", out var td) && td.ValueKind == JsonValueKind.Object
            && td.TryGetProperty("hover", out var hover) && hover.ValueKind == JsonValueKind.Object
            && hover.TryGetProperty("contentFormat", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String) formats.Add(item.GetString()!);
            }
        }
        return formats;
    }

    /// <summary>A path option of initializationOptions, relative to the workspace folder.</summary>
    private static string? Option(JsonElement? options, string name, string folder) =>
        options is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? Path.GetFullPath(Path.Combine(folder, text))
            : null;

    /// <summary>The root-relative path of a document URI, or null when it is not a file under the root.</summary>
    private string? RelativePath(string uri)
    {
        if (_session is null || FileUris.ToPath(uri) is not { } full) return null;
        var relative = PathUtil.ToRelative(_session.Root, Path.GetFullPath(full));
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    /// <summary>The URI to publish a root-relative path under: the client's own for an open buffer.</summary>
    private string UriOf(string path)
    {
        lock (_gate)
        {
            if (_documents.TryGetValue(path, out var document)) return document.Uri;
        }
        return FileUris.FromPath(Path.Combine(_session!.Root, path));
    }

    private void DidOpen(DidOpenTextDocumentParams? parameters)
    {
        if (parameters?.TextDocument is not { } item || RelativePath(item.Uri) is not { } path) return;
        lock (_gate)
        {
            _documents[path] = new OpenDocument(item.Uri, path, item.LanguageId ?? "", item.Version, item.Text ?? "");
            _dirtyFiles.Add(path);
            if (_listed is not null && !_listed.Contains(path) && BaseFileExists(path)) _listingStale = true;
        }
        _fileLane.Poke();
        _treeLane.Poke();
    }

    private void DidChange(DidChangeTextDocumentParams? parameters)
    {
        if (parameters?.TextDocument is not { } id || RelativePath(id.Uri) is not { } path) return;
        lock (_gate)
        {
            if (!_documents.TryGetValue(path, out var document)) return;
            document.Apply(parameters.ContentChanges ?? [], id.Version);
            _dirtyFiles.Add(path);
        }
        _fileLane.Poke();
    }

    private void DidSave(DidSaveTextDocumentParams? parameters)
    {
        if (parameters?.TextDocument is not { } id || RelativePath(id.Uri) is not { } path) return;
        lock (_gate)
        {
            _savedFiles.Add(path);
            if (_listed is not null && !_listed.Contains(path)) _listingStale = true;
        }
        _treeLane.Poke();
    }

    private void DidClose(DidCloseTextDocumentParams? parameters)
    {
        if (parameters?.TextDocument is not { } id || RelativePath(id.Uri) is not { } path) return;
        OpenDocument? closed;
        lock (_gate)
        {
            if (!_documents.Remove(path, out closed)) return;
        }
        // Unsaved edits are gone: what counts now is the file on disk.
        byte[]? disk;
        try { disk = File.ReadAllBytes(Path.Combine(_session!.Root, path)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { disk = null; }
        if (disk is not null && disk.AsSpan().SequenceEqual(closed.Utf8)) return;
        lock (_gate)
        {
            _dirtyFiles.Add(path);
            _savedFiles.Add(path);
        }
        _fileLane.Poke();
        _treeLane.Poke();
    }

    private void DidChangeWatchedFiles(DidChangeWatchedFilesParams? parameters)
    {
        if (_session is null || parameters?.Changes is not { } changes) return;
        var poke = false;
        lock (_gate)
        {
            foreach (var change in changes)
            {
                if (FileUris.ToPath(change.Uri) is not { } full) continue;
                if (IsPolicyFile(full))
                {
                    _reloadRequested = true;
                    poke = true;
                    continue;
                }
                if (RelativePath(change.Uri) is not { } path) continue;
                if (change.Type is FileChangeType.Created or FileChangeType.Deleted) _listingStale = true;
                if (!_documents.ContainsKey(path)) _dirtyFiles.Add(path);
                _savedFiles.Add(path);
                poke = true;
            }
        }
        if (!poke) return;
        _fileLane.Poke();
        _treeLane.Poke();
    }

    /// <summary>True for the configuration and policy files: uc-guards.yaml, what it includes, the policy folder's files.</summary>
    private bool IsPolicyFile(string fullPath)
    {
        if (Path.GetFileName(fullPath) == PolicyLoader.ConfigFileName) return true;
        if (_configPath is not null && fullPath == _configPath) return true;
        if (_policyDirectory is not null && fullPath.StartsWith(_policyDirectory.TrimEnd('/') + "/", StringComparison.Ordinal)) return true;
        var sources = _policy?.SourceFiles ?? [];
        return sources.Any(source => Path.IsPathRooted(source) && Path.GetFullPath(source) == fullPath);
    }

    private void RegisterWatchers()
    {
        if (!_client.WatchRegistration) return;
        var watchers = new List<Protocol.FileSystemWatcher>
        {
            new() { GlobPattern = "**/" + PolicyLoader.ConfigFileName },
            // The kinds of files the rules read, for edits made outside the editor (a checkout, a generator).
            new() { GlobPattern = "**/*.{rs,nix,md,markdown,sh,bash,cs,csproj,toml}" },
        };
        if (_policyDirectory is not null) watchers.Add(new() { GlobPattern = _policyDirectory.TrimEnd('/') + "/**/*.yaml" });
        foreach (var source in _policy?.SourceFiles ?? [])
        {
            if (Path.IsPathRooted(source)) watchers.Add(new() { GlobPattern = Path.GetFullPath(source) });
        }
        _rpc.Request("client/registerCapability", new RegistrationParams
        {
            Registrations = [new Registration { Id = "uc-guards-watched-files", Method = "workspace/didChangeWatchedFiles", RegisterOptions = new() { Watchers = watchers } }],
        }, LspJson.Default.RegistrationParams, (_, error) =>
        {
            if (error is not null) Log(MessageType.Warning, $"the client did not watch the configuration files: {error}");
        });
    }

    private void Log(int type, string message)
    {
        if (_rpc.OutputClosed) return;
        _rpc.Notify("window/logMessage", new LogMessageParams { Type = type, Message = message }, LspJson.Default.LogMessageParams);
    }

    private static bool IsEngineRule(Finding finding) => GuardsEngine.IsEngineRule(finding.RuleId);
}
