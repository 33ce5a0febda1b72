using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Cli.Solutions;

/// <summary>
/// What loading a solution or project with MSBuild and running the UCG1006 analyzer on its
/// shipped projects produced, as plain data (no Roslyn or MSBuild types), for the rules of
/// <see cref="SolutionRules"/> to report through the engine. Paths are relative to the scan root.
/// </summary>
internal sealed class SolutionAnalysis
{
    private readonly List<SourceEntry> _files = [];
    private readonly HashSet<string> _filePaths = new(StringComparer.Ordinal);
    private readonly List<SolutionDiagnostic> _diagnostics = [];
    private readonly HashSet<SolutionDiagnostic> _diagnosticSet = [];
    private ILookup<string, SolutionDiagnostic>? _diagnosticsByPath;
    private readonly List<SolutionProblem> _problems = [];
    private readonly List<string> _internalErrors = [];

    public SolutionAnalysis(string root, string inputPath)
    {
        Root = root;
        InputPath = inputPath;
        AddFile(inputPath, skipReason: null);
    }

    /// <summary>The scan root (absolute): findings are relative to it.</summary>
    public string Root { get; }

    /// <summary>The .sln, .slnx or project file that was loaded (absolute).</summary>
    public string InputPath { get; }

    /// <summary>Every file the solution offered: the solution and project files, each C# document once.</summary>
    public IReadOnlyList<SourceEntry> Files => _files;

    /// <summary>UCG1006 diagnostics and the first C# syntax error of each analysed file.</summary>
    public IReadOnlyList<SolutionDiagnostic> Diagnostics => _diagnostics;

    /// <summary>The diagnostics of one file (built once the loading is over, when the scan first asks).</summary>
    public IEnumerable<SolutionDiagnostic> DiagnosticsOf(string path) =>
        (_diagnosticsByPath ??= _diagnostics.ToLookup(d => d.Path, StringComparer.Ordinal))[path];

    /// <summary>Projects that could not be loaded, evaluated or restored (UCG0004).</summary>
    public IReadOnlyList<SolutionProblem> Problems => _problems;

    /// <summary>Faults of the analyzer itself (AD0001 and the like).</summary>
    public IReadOnlyList<string> InternalErrors => _internalErrors;

    /// <summary>The root-relative path of an absolute one; null when it lies outside the root.</summary>
    public string? Relative(string fullPath)
    {
        var relative = PathUtil.ToRelative(Root, Path.GetFullPath(fullPath));
        return relative == "." || relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative) ? null : relative;
    }

    /// <summary>Replaces the root's absolute prefix in a message by nothing, so messages name root-relative paths.</summary>
    public string RelativeMessage(string message) =>
        message.Replace(Path.TrimEndingDirectorySeparator(Root) + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    public void AddFile(string fullPath, string? skipReason)
    {
        if (Relative(fullPath) is not { } relative || !_filePaths.Add(relative)) return;
        long size;
        try { size = new FileInfo(fullPath).Length; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { size = 0; }
        _files.Add(new SourceEntry(relative, size, skipReason));
    }

    public void AddDiagnostic(SolutionDiagnostic diagnostic)
    {
        if (_diagnosticSet.Add(diagnostic)) _diagnostics.Add(diagnostic);
    }

    /// <summary>A load problem at <paramref name="fullPath"/> (the solution file when the path is outside the root).</summary>
    public void AddProblem(string fullPath, string message, IReadOnlyList<string>? needles = null, int line = 0, int column = 0)
    {
        var path = Relative(fullPath) ?? Relative(InputPath) ?? Path.GetFileName(InputPath);
        var problem = new SolutionProblem(path, RelativeMessage(message), needles ?? [], line, column);
        if (!_problems.Contains(problem)) _problems.Add(problem);
    }

    public void AddInternalError(string message) => _internalErrors.Add(RelativeMessage(message));
}

/// <summary>
/// One diagnostic of a C# file: a UCG1006 finding or (<see cref="IsParseError"/>) the file's first
/// syntax error. Offsets are into the text as Roslyn read it (without a byte order mark).
/// <see cref="Severity"/> is set when the project's .editorconfig changed the analyzer's severity.
/// </summary>
internal sealed record SolutionDiagnostic(string Path, int StartChar, int EndChar, string Message, Severity? Severity, bool IsParseError);

/// <summary>
/// A project that could not be loaded (UCG0004), reported at <see cref="Path"/>: at the first
/// <see cref="Needles"/> text found in the file (a project's path in the solution file), else at
/// <see cref="Line"/>:<see cref="Column"/> when known, else at the start of the file.
/// </summary>
internal sealed record SolutionProblem(string Path, string Message, IReadOnlyList<string> Needles, int Line, int Column)
{
    public bool Equals(SolutionProblem? other) =>
        other is not null && Path == other.Path && Message == other.Message && Line == other.Line && Column == other.Column;

    public override int GetHashCode() => HashCode.Combine(Path, Message, Line, Column);
}

/// <summary>
/// The files of a loaded solution as the engine's source tree: read from disk under the root
/// (with the working tree's safe reads), enumerated from the solution rather than the folder.
/// </summary>
internal sealed class SolutionTree(SolutionAnalysis analysis) : ISourceTree
{
    private readonly WorkingTree _disk = new(analysis.Root);

    public SolutionAnalysis Analysis => analysis;
    public string Description => analysis.Root;
    public string? DiskRoot => analysis.Root;
    public IEnumerable<SourceEntry> Enumerate() => analysis.Files;
    public byte[]? Read(string relativePath, out string? error) => _disk.Read(relativePath, out error);
    public bool FileExists(string relativePath) => _disk.FileExists(relativePath);
    public bool DirectoryExists(string relativePath) => _disk.DirectoryExists(relativePath);
}
