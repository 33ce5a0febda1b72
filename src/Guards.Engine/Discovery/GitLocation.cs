using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// Where a scanned root sits inside a git repository: maps repository paths (what the index and
/// trees hold) to root-relative paths (what findings carry) and back, and limits them to the
/// scanned folder or file.
/// </summary>
public sealed class GitLocation
{
    private GitLocation(string workdir, string rootInRepo, string scanPrefix)
    {
        Workdir = workdir;
        RootInRepo = rootInRepo;
        ScanPrefix = scanPrefix;
    }

    /// <summary>The repository's work tree, absolute, without a trailing separator.</summary>
    public string Workdir { get; }

    /// <summary>The scanned root relative to the work tree ("" at the top).</summary>
    public string RootInRepo { get; }

    /// <summary>The scanned folder or file relative to the root ("" for the whole root).</summary>
    public string ScanPrefix { get; }

    /// <summary>
    /// Opens the repository holding <paramref name="root"/>; throws <see cref="GitWorkflowException"/>
    /// when there is none or it is bare.
    /// </summary>
    /// <param name="indexPath">An index file other than the repository's own (git's GIT_INDEX_FILE).</param>
    public static (Repository Repository, GitLocation Location) Open(string root, string? scanPath = null, string? indexPath = null)
    {
        var fullRoot = Path.GetFullPath(root);
        var gitDir = GitDiscovery.Find(fullRoot)
            ?? throw new GitWorkflowException($"{fullRoot} is not inside a git repository");
        if (indexPath is not null && !File.Exists(indexPath))
            throw new GitWorkflowException($"the index file {indexPath} does not exist");
        var repo = indexPath is null ? new Repository(gitDir) : new Repository(gitDir, new RepositoryOptions { IndexPath = Path.GetFullPath(indexPath) });
        if (repo.Info.IsBare || repo.Info.WorkingDirectory is null)
        {
            repo.Dispose();
            throw new GitWorkflowException($"{gitDir} is a bare repository: there is no index or work tree to read");
        }
        var workdir = Path.GetFullPath(repo.Info.WorkingDirectory).TrimEnd('/', '\\');
        var rootInRepo = PathUtil.ToRelative(workdir, fullRoot);
        if (rootInRepo == ".") rootInRepo = "";
        var prefix = scanPath is null ? "" : PathUtil.ToRelative(fullRoot, Path.GetFullPath(scanPath));
        if (prefix == ".") prefix = "";
        if (prefix.StartsWith("..", StringComparison.Ordinal)) prefix = "";
        return (repo, new GitLocation(workdir, rootInRepo, prefix));
    }

    /// <summary>A location over a repository opened by the caller (root = work tree unless given).</summary>
    public static GitLocation For(Repository repo, string? root = null, string? scanPath = null)
    {
        var workdir = Path.GetFullPath(repo.Info.WorkingDirectory ?? repo.Info.Path).TrimEnd('/', '\\');
        var fullRoot = root is null ? workdir : Path.GetFullPath(root).TrimEnd('/', '\\');
        var rootInRepo = PathUtil.ToRelative(workdir, fullRoot);
        if (rootInRepo == ".") rootInRepo = "";
        var prefix = scanPath is null ? "" : PathUtil.ToRelative(fullRoot, Path.GetFullPath(scanPath));
        if (prefix == "." || prefix.StartsWith("..", StringComparison.Ordinal)) prefix = "";
        return new GitLocation(workdir, rootInRepo, prefix);
    }

    /// <summary>The same root without the scan limit (repository rules read the whole root).</summary>
    public GitLocation WholeRoot => ScanPrefix.Length == 0 ? this : new GitLocation(Workdir, RootInRepo, "");

    /// <summary>Root-relative path of a repository path, or null when it lies outside the root.</summary>
    public string? ToRoot(string repoPath)
    {
        if (RootInRepo.Length == 0) return repoPath;
        return repoPath.StartsWith(RootInRepo + "/", StringComparison.Ordinal) ? repoPath[(RootInRepo.Length + 1)..] : null;
    }

    /// <summary>The scanned folder or file as a repository path ("" for the whole repository).</summary>
    public string RepoScanPath => string.Join('/', new[] { RootInRepo, ScanPrefix }.Where(p => p.Length > 0));

    public string ToRepo(string rootPath) => RootInRepo.Length == 0 ? rootPath : RootInRepo + "/" + rootPath;

    public bool InScan(string rootPath) =>
        ScanPrefix.Length == 0 || rootPath == ScanPrefix || rootPath.StartsWith(ScanPrefix + "/", StringComparison.Ordinal);
}

/// <summary>A git workflow that cannot run here (no repository, unknown ref, no merge base): exit 2.</summary>
public sealed class GitWorkflowException(string message) : Exception(message);
