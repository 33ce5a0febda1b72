using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// What the next commit will hold: the blobs staged in the git index. <see cref="ISourceTree.Read"/>
/// returns the staged content (a file staged and then edited again is read as staged), and
/// existence questions are answered from the index, so repository-wide rules judge the commit,
/// not the work tree. <see cref="StagedPaths"/> are the files the commit adds, modifies or renames
/// (deleted files are not in it), found by comparing the index with HEAD's tree.
/// </summary>
public sealed class GitIndexTree : GitObjectTree
{
    private IReadOnlySet<string>? _staged;

    public GitIndexTree(Repository repository, GitLocation location, bool ownsRepository = false)
        : base(repository, location, ownsRepository) { }

    /// <summary>
    /// Opens the repository holding <paramref name="root"/> and reads its index, or the index file
    /// <paramref name="indexPath"/>: `git commit -a` and `git commit PATH...` run the pre-commit hook
    /// with GIT_INDEX_FILE naming a temporary index that holds what will be committed.
    /// </summary>
    public static GitIndexTree Open(string root, string? scanPath = null, long maxFileSize = long.MaxValue, string? indexPath = null)
    {
        var (repo, location) = GitLocation.Open(root, scanPath, indexPath);
        return new GitIndexTree(repo, location, ownsRepository: true) { MaxFileSize = maxFileSize };
    }

    public override string Description => "index";

    /// <summary>HEAD's commit, or null on an unborn branch (the first commit).</summary>
    public Commit? HeadCommit => Repository.Head.Tip;

    /// <summary>
    /// Root-relative paths, within the scanned folder, whose staged blob differs from HEAD's:
    /// added, modified, renamed or copied (at the new path) and type-changed files. Deletions are
    /// not scanned and so not listed.
    /// </summary>
    public IReadOnlySet<string> StagedPaths => _staged ??= ComputeStaged();

    private HashSet<string> ComputeStaged()
    {
        var staged = new HashSet<string>(StringComparer.Ordinal);
        var options = new CompareOptions { Similarity = SimilarityOptions.None, IncludeUnmodified = false };
        var pathspec = Location.RepoScanPath.Length > 0 ? new[] { Location.RepoScanPath } : null;
        var changes = Repository.Diff.Compare<TreeChanges>(HeadCommit?.Tree, DiffTargets.Index, pathspec, null, options);
        foreach (var change in changes)
        {
            if (change.Status is ChangeKind.Deleted or ChangeKind.Unmodified or ChangeKind.Ignored or ChangeKind.Untracked) continue;
            var relative = Location.ToRoot(change.Path);
            if (relative is null || !Location.InScan(relative)) continue;
            staged.Add(relative);
        }
        return staged;
    }

    protected override IEnumerable<(string RepoPath, GitFile File)> LoadEntries()
    {
        foreach (var entry in Repository.Index)
        {
            var skip = entry.StageLevel != StageLevel.Staged ? SkipReasons.Unmerged : SkipFor(entry.Mode);
            yield return (entry.Path, new GitFile(entry.Id, entry.Mode, skip));
        }
    }

    /// <summary>
    /// Sizes are looked up for staged files only, so a pre-commit run stays proportional to what is
    /// staged; other entries offer 0 and the size limit is checked when a rule reads them.
    /// </summary>
    protected override long SizeOf(string rootPath, ObjectId id) =>
        StagedPaths.Contains(rootPath) ? base.SizeOf(rootPath, id) : 0;
}
