namespace UltraCloud.Guards.Engine.Serialization;

// The product-surface manifest as JSON (docs/surface.md). A member that does not apply is null,
// never left out; every list and map arrives here in the order it is written.

public sealed record SurfaceManifestDto(
    int SchemaVersion,
    ToolDto Tool,
    string System,
    IReadOnlyList<SurfaceProfileDto> Profiles,
    IReadOnlyList<SurfaceCheckDto> Checks,
    IReadOnlyList<SurfaceArchivedHelperDto> ArchivedHelpers,
    IReadOnlyList<SurfaceFlakeDto> Flakes,
    SurfaceFindingsDto Findings);

/// <summary>A place in the tree: root-relative path, 1-based line and UTF-16 column.</summary>
public sealed record SurfaceLocationDto(string Path, int Line, int Column);

public sealed record SurfaceProfileDto(string Name, IReadOnlyList<SurfaceEntrypointDto> Entrypoints, IReadOnlyList<SurfaceNodeDto> Nodes);

public sealed record SurfaceEntrypointDto(
    string Entrypoint,
    string Kind,
    string Installable,
    string? Label,
    string Status,
    string? Attribute,
    SurfaceLocationDto? Location,
    string? Reason);

public sealed record SurfaceNodeDto(
    string Name,
    IReadOnlyList<string> Roles,
    string Status,
    SurfaceLocationDto? Location,
    string? Reason,
    IReadOnlyList<string> Enabled,
    IReadOnlyList<SurfaceComponentDto> Unknown,
    IReadOnlyList<string> MissingRequired,
    IReadOnlyList<string> ExcludedEnabled);

public sealed record SurfaceComponentDto(string Component, SurfaceLocationDto? Location, string? Reason);

public sealed record SurfaceCheckDto(string Name, string Status, SurfaceLocationDto? Location, IReadOnlyList<SurfaceCheckItemDto> Covers);

public sealed record SurfaceCheckItemDto(string Item, bool Covered, SurfaceLocationDto? Reference);

public sealed record SurfaceArchivedHelperDto(string Name, IReadOnlyList<SurfaceSightingDto> Seen);

public sealed record SurfaceSightingDto(string Kind, string Subject, SurfaceLocationDto Location);

public sealed record SurfaceFlakeDto(
    string Path,
    bool Exists,
    string? Unreadable,
    IReadOnlyList<string> Inputs,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Outputs,
    IReadOnlyDictionary<string, string> UnknownOutputs);

public sealed record SurfaceFindingsDto(int Total, int Suppressed, IReadOnlyDictionary<string, int> ByRule);
