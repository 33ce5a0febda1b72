using System.Text.Json;
using System.Text.Json.Serialization;

namespace UltraCloud.Guards.Lsp.Protocol;

// The part of the Language Server Protocol 3.17 the server speaks, as plain data. Names follow the
// specification; JSON names are its camelCase (see LspJson). Capabilities and options a client may
// shape freely are kept as JSON elements and read by path.

public sealed class Position
{
    public int Line { get; set; }
    public int Character { get; set; }
}

public sealed class Range
{
    public Position Start { get; set; } = new();
    public Position End { get; set; } = new();
}

public sealed class Location
{
    public string Uri { get; set; } = "";
    public Range Range { get; set; } = new();
}

public sealed class TextDocumentIdentifier
{
    public string Uri { get; set; } = "";
}

public sealed class VersionedTextDocumentIdentifier
{
    public string Uri { get; set; } = "";
    public int? Version { get; set; }
}

public sealed class TextDocumentItem
{
    public string Uri { get; set; } = "";
    public string LanguageId { get; set; } = "";
    public int Version { get; set; }
    public string Text { get; set; } = "";
}

public sealed class WorkspaceFolder
{
    public string Uri { get; set; } = "";
    public string? Name { get; set; }
}

public sealed class InitializeParams
{
    public int? ProcessId { get; set; }
    public string? RootUri { get; set; }
    public string? RootPath { get; set; }
    public List<WorkspaceFolder>? WorkspaceFolders { get; set; }
    public JsonElement? Capabilities { get; set; }
    public JsonElement? InitializationOptions { get; set; }
}

public sealed class InitializeResult
{
    public ServerCapabilities Capabilities { get; set; } = new();
    public ServerInfo ServerInfo { get; set; } = new();
}

public sealed class ServerInfo
{
    public string Name { get; set; } = "";
    public string? Version { get; set; }
}

public sealed class ServerCapabilities
{
    public string PositionEncoding { get; set; } = "utf-16";
    public TextDocumentSyncOptions TextDocumentSync { get; set; } = new();
    public bool HoverProvider { get; set; }
    public CodeActionOptions? CodeActionProvider { get; set; }
    public ExecuteCommandOptions? ExecuteCommandProvider { get; set; }
}

public static class TextDocumentSyncKind
{
    public const int Full = 1;
    public const int Incremental = 2;
}

public sealed class TextDocumentSyncOptions
{
    public bool OpenClose { get; set; }
    public int Change { get; set; }
    public SaveOptions? Save { get; set; }
}

public sealed class SaveOptions
{
    public bool IncludeText { get; set; }
}

public sealed class CodeActionOptions
{
    public List<string> CodeActionKinds { get; set; } = [];
}

public sealed class ExecuteCommandOptions
{
    public List<string> Commands { get; set; } = [];
}

public sealed class DidOpenTextDocumentParams
{
    public TextDocumentItem TextDocument { get; set; } = new();
}

public sealed class TextDocumentContentChangeEvent
{
    public Range? Range { get; set; }
    public int? RangeLength { get; set; }
    public string Text { get; set; } = "";
}

public sealed class DidChangeTextDocumentParams
{
    public VersionedTextDocumentIdentifier TextDocument { get; set; } = new();
    public List<TextDocumentContentChangeEvent> ContentChanges { get; set; } = [];
}

public sealed class DidSaveTextDocumentParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    public string? Text { get; set; }
}

public sealed class DidCloseTextDocumentParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
}

public static class FileChangeType
{
    public const int Created = 1;
    public const int Changed = 2;
    public const int Deleted = 3;
}

public sealed class FileEvent
{
    public string Uri { get; set; } = "";
    public int Type { get; set; }
}

public sealed class DidChangeWatchedFilesParams
{
    public List<FileEvent> Changes { get; set; } = [];
}

public static class DiagnosticSeverity
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;
}

public sealed class Diagnostic
{
    public Range Range { get; set; } = new();
    public int Severity { get; set; }
    public string? Code { get; set; }
    public CodeDescription? CodeDescription { get; set; }
    public string Source { get; set; } = "";
    public string Message { get; set; } = "";
    public List<DiagnosticRelatedInformation>? RelatedInformation { get; set; }
}

public sealed class CodeDescription
{
    public string Href { get; set; } = "";
}

public sealed class DiagnosticRelatedInformation
{
    public Location Location { get; set; } = new();
    public string Message { get; set; } = "";
}

public sealed class PublishDiagnosticsParams
{
    public string Uri { get; set; } = "";
    public int? Version { get; set; }
    public List<Diagnostic> Diagnostics { get; set; } = [];
}

public sealed class TextDocumentPositionParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    public Position Position { get; set; } = new();
}

public sealed class MarkupContent
{
    public string Kind { get; set; } = "plaintext";
    public string Value { get; set; } = "";
}

public sealed class Hover
{
    public MarkupContent Contents { get; set; } = new();
    public Range? Range { get; set; }
}

public sealed class CodeActionContext
{
    public JsonElement? Diagnostics { get; set; }
    public List<string>? Only { get; set; }
}

public sealed class CodeActionParams
{
    public TextDocumentIdentifier TextDocument { get; set; } = new();
    public Range Range { get; set; } = new();
    public CodeActionContext? Context { get; set; }
}

public sealed class TextEdit
{
    public Range Range { get; set; } = new();
    public string NewText { get; set; } = "";
}

public sealed class WorkspaceEdit
{
    public Dictionary<string, List<TextEdit>> Changes { get; set; } = [];
}

public sealed class Command
{
    public string Title { get; set; } = "";
    [JsonPropertyName("command")]
    public string Name { get; set; } = "";
    public List<JsonElement>? Arguments { get; set; }
}

public sealed class CodeAction
{
    public string Title { get; set; } = "";
    public string? Kind { get; set; }
    public List<Diagnostic>? Diagnostics { get; set; }
    public bool? IsPreferred { get; set; }
    public WorkspaceEdit? Edit { get; set; }
    public Command? Command { get; set; }
}

public sealed class ExecuteCommandParams
{
    public string Command { get; set; } = "";
    public List<JsonElement>? Arguments { get; set; }
}

public sealed class ShowDocumentParams
{
    public string Uri { get; set; } = "";
    public bool? External { get; set; }
    public bool? TakeFocus { get; set; }
    public Range? Selection { get; set; }
}

public sealed class WorkDoneProgressCreateParams
{
    public string Token { get; set; } = "";
}

public sealed class WorkDoneProgressCancelParams
{
    public JsonElement? Token { get; set; }
}

/// <summary>begin, report and end of work-done progress in one shape; members a kind has not are left out.</summary>
public sealed class WorkDoneProgress
{
    public string Kind { get; set; } = "";
    public string? Title { get; set; }
    public bool? Cancellable { get; set; }
    public string? Message { get; set; }
    public int? Percentage { get; set; }
}

public sealed class ProgressParams
{
    public string Token { get; set; } = "";
    public WorkDoneProgress Value { get; set; } = new();
}

public static class MessageType
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Info = 3;
    public const int Log = 4;
}

public sealed class LogMessageParams
{
    public int Type { get; set; }
    public string Message { get; set; } = "";
}

public sealed class FileSystemWatcher
{
    public string GlobPattern { get; set; } = "";
    public int? Kind { get; set; }
}

public sealed class DidChangeWatchedFilesRegistrationOptions
{
    public List<FileSystemWatcher> Watchers { get; set; } = [];
}

public sealed class Registration
{
    public string Id { get; set; } = "";
    public string Method { get; set; } = "";
    public DidChangeWatchedFilesRegistrationOptions? RegisterOptions { get; set; }
}

public sealed class RegistrationParams
{
    public List<Registration> Registrations { get; set; } = [];
}

/// <summary>Params of requests and notifications that take none (shutdown, exit) or whose content the server ignores.</summary>
public sealed class NoParams;
