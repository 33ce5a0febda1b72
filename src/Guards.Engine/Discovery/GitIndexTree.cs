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
    private List<TreeEntryChanges>? _changes;

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

    /// <summary>Every difference between HEAD's tree and the index, in the whole repository.</summary>
    private List<TreeEntryChanges> Changes
    {
        get
        {
            if (_changes is not null) return _changes;
            var options = new CompareOptions { Similarity = SimilarityOptions.None, IncludeUnmodified = false };
            using var changes = Repository.Diff.Compare<TreeChanges>(HeadCommit?.Tree, DiffTargets.Index, null, null, options);
            return _changes = changes.ToList();
        }
    }

    private HashSet<string> ComputeStaged()
    {
        var staged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in Changes)
        {
            if (change.Status is ChangeKind.Deleted or ChangeKind.Unmodified or ChangeKind.Ignored or ChangeKind.Untracked) continue;
            var relative = Location.ToRoot(change.Path);
            if (relative is null || !Location.InScan(relative)) continue;
            staged.Add(relative);
        }
        return staged;
    }

    /// <summary>
    /// The root-relative paths of every difference between HEAD and the index under the root, and
    /// whether all of them are edits of a file both sides have (no file added, deleted or turned
    /// into another kind, so both sides list the same files).
    /// </summary>
    public (IReadOnlySet<string> Paths, bool EditsOnly) ChangeSummary()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var editsOnly = true;
        foreach (var change in Changes)
        {
            foreach (var path in new[] { change.Path, change.OldPath }.Distinct())
            {
                if (Location.ToRoot(path) is { } relative) paths.Add(relative);
            }
            if (change.Status != ChangeKind.Modified || change.Mode != change.OldMode) editsOnly = false;
        }
        return (paths, editsOnly);
    }

    /// <summary>
    /// HEAD's tree for the pre-commit comparison, told from the index and the staged change (the
    /// index with each staged change undone) instead of walking HEAD's trees; null when that cannot
    /// be told exactly (no HEAD yet, an unmerged index), where HEAD's own tree is read instead.
    /// Shares this tree's repository: dispose it before this one.
    /// </summary>
    public GitObjectTree? HeadFromIndex()
    {
        if (HeadCommit is null || !Repository.Index.IsFullyMerged) return null;
        // The index's entries as this tree already holds them (root-relative), each change undone.
        var head = new Dictionary<string, GitFile>(Files, StringComparer.Ordinal);
        foreach (var change in Changes)
        {
            if (Location.ToRoot(change.Path) is not { } relative) continue;
            switch (change.Status)
            {
                case ChangeKind.Added:
                    head.Remove(relative);
                    break;
                case ChangeKind.Deleted or ChangeKind.Modified or ChangeKind.TypeChanged:
                    head[relative] = new GitFile(change.OldOid, change.OldMode, SkipFor(change.OldMode));
                    break;
                default:
                    return null;
            }
        }
        return new GitEntriesTree(Repository, Location, $"commit {HeadCommit.Id.ToString(12)}", head) { MaxFileSize = MaxFileSize, SizesUpFront = false };
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

/// <summary>A tree of known entries (root-relative path, blob, mode) read from the repository's objects.</summary>
internal sealed class GitEntriesTree(Repository repository, GitLocation location, string description, IReadOnlyDictionary<string, GitObjectTree.GitFile> entries)
    : GitObjectTree(repository, location, ownsRepository: false)
{
    public override string Description => description;

    protected override IEnumerable<(string RepoPath, GitFile File)> LoadEntries() => entries.Select(e => (Location.ToRepo(e.Key), e.Value));
}
