using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>Where a scanned path's root and git work tree are.</summary>
public static class RepositoryRoots
{
    /// <summary>
    /// The root findings are relative to: the folder of <paramref name="configPath"/> when the path
    /// is in it, else of the nearest uc-guards.yaml at or above the path, else the git work tree
    /// holding it, else the path itself (its folder for a file). A configuration named on the
    /// command line may live anywhere; it anchors the root only when it lives above the path.
    /// </summary>
    public static string Resolve(string fullPath, string? configPath, string? gitWorkTree)
    {
        if (configPath is not null && Path.GetDirectoryName(Path.GetFullPath(configPath)) is { } folder
            && !PathUtil.ToRelative(folder, fullPath).StartsWith("..", StringComparison.Ordinal))
            return folder;
        var config = PolicyLoader.FindRepositoryConfig(fullPath);
        if (config is not null) return Path.GetDirectoryName(config)!;
        if (gitWorkTree is not null) return Path.GetFullPath(gitWorkTree).TrimEnd('/');
        return File.Exists(fullPath) ? Path.GetDirectoryName(fullPath)! : fullPath;
    }

    /// <summary>
    /// The work tree of the git repository holding <paramref name="fullPath"/>, or null outside any.
    /// A bare repository (nothing checked out to scan) or a repository libgit2 cannot open (a
    /// broken <c>.git</c> file or folder) is a <see cref="PolicyException"/>: exit 2 with a clear
    /// message, never a crash and never a silent walk of git's own files.
    /// </summary>
    public static string? GitWorkTreeOf(string fullPath)
    {
        string? gitDir;
        try { gitDir = GitDiscovery.Find(fullPath); }
        catch (LibGit2SharpException ex) { throw new PolicyException(fullPath, 0, 0, $"cannot read the git repository holding this path: {ex.Message}"); }
        if (gitDir is null) return null;
        try
        {
            using var repo = new Repository(gitDir);
            if (repo.Info.IsBare || repo.Info.WorkingDirectory is null)
                throw new PolicyException(fullPath, 0, 0, $"is in a bare git repository ({gitDir.TrimEnd('/')}), which has no working tree to scan: scan a checkout of it (git clone, git worktree add)");
            return repo.Info.WorkingDirectory;
        }
        catch (LibGit2SharpException ex)
        {
            throw new PolicyException(fullPath, 0, 0, $"cannot open the git repository at {gitDir.TrimEnd('/')}: {ex.Message}");
        }
    }
}
