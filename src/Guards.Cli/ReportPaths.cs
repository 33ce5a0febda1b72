using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli;

/// <summary>How reports name the files of a scan, whose paths are relative to its root.</summary>
public static class ReportPaths
{
    /// <summary>
    /// For people: relative to <paramref name="currentFolder"/> when it lies inside the root (run
    /// from <c>docs/</c>, a finding in <c>docs/a.md</c> is <c>a.md</c>, one in <c>src/x.rs</c> is
    /// <c>../src/x.rs</c>), so a terminal or editor opens it; relative to the root otherwise, or
    /// when no folder is given (<c>--paths root</c>).
    /// </summary>
    public static Func<string, string> Display(string root, string? currentFolder)
    {
        if (currentFolder is null) return path => path;
        var fullRoot = Path.GetFullPath(root).TrimEnd('/');
        var current = Path.GetFullPath(currentFolder).TrimEnd('/');
        if (current == fullRoot || !current.StartsWith(fullRoot + "/", StringComparison.Ordinal)) return path => path;
        return path => Path.GetRelativePath(current, Path.Combine(fullRoot, path)).Replace('\\', '/');
    }

    /// <summary>
    /// The root's folder inside the repository that tools resolve paths against: the GitHub
    /// Actions workspace when set and holding the root, else the git work tree holding it; "" when
    /// the root is that folder or lies in no repository.
    /// </summary>
    public static string RepositoryPrefix(string root)
    {
        var fullRoot = Path.GetFullPath(root).TrimEnd('/');
        var workspace = Environment.GetEnvironmentVariable("GITHUB_WORKSPACE") is { Length: > 0 } set ? set : null;
        string? repository = null;
        if (workspace is not null && Inside(fullRoot, Path.GetFullPath(workspace).TrimEnd('/'))) repository = workspace;
        else
        {
            try { repository = RepositoryRoots.GitWorkTreeOf(fullRoot); }
            catch (Engine.Policy.PolicyException) { }
        }
        if (repository is null) return "";
        var relative = Path.GetRelativePath(Path.GetFullPath(repository).TrimEnd('/'), fullRoot).Replace('\\', '/');
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) ? "" : relative + "/";
    }

    private static bool Inside(string path, string folder) => path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);
}
