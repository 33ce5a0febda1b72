using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Engine.Git;

/// <summary>The commit that gave a line its current text, as git blame reports it.</summary>
public sealed record LineIntroduction(string Commit, string Author, string Email, DateTimeOffset Date, string Summary);

/// <summary>
/// Which commit introduced a line of a scanned file, as git blame answers it: the commit that last
/// gave the line its text. A line of the scanned text is first found in the base commit's version of
/// the file (HEAD for the work tree and the index, the commit itself for a commit's tree) by its
/// exact text and occurrence, so edits elsewhere in the file do not move it; a line the base does
/// not hold is not committed yet (null). From the base the line's text is followed back through the
/// history (LibGit2Sharp): a commit that leaves the file as its parent had it passes the line on, a
/// parent whose file still holds the text takes it over, and the commit none of whose parents holds
/// it introduced it. All the lines asked at once share one walk, and each commit's changed paths are
/// read once (one tree diff per commit, only as deep as the oldest line needs). Moving a line within
/// its file keeps its date; renames are not followed (a moved file's lines date from the move).
/// Thread-safe.
/// </summary>
public sealed class LineHistory : IDisposable
{
    private const int BlobCacheLimit = 4096;

    private readonly Repository _repository;
    private readonly GitLocation _location;
    private readonly Commit? _base;
    private readonly Lock _gate = new();
    private readonly Dictionary<(ObjectId Commit, ObjectId Parent), HashSet<string>> _changed = [];
    private readonly Dictionary<ObjectId, HashSet<string>> _blobLines = [];
    // The history from the base in topological order, read as far as a walk has needed it.
    private readonly List<Commit> _order = [];
    private IEnumerator<Commit>? _reader;
    private static readonly CompareOptions s_compare = new() { Similarity = SimilarityOptions.None, IncludeUnmodified = false };

    private LineHistory(Repository repository, GitLocation location, Commit? baseCommit)
    {
        _repository = repository;
        _location = location;
        _base = baseCommit;
    }

    /// <summary>The commit lines are blamed at (null in a repository with no commit yet).</summary>
    public string? BaseCommit => _base?.Sha;

    /// <summary>
    /// The history behind <paramref name="tree"/>: the work tree's or index's repository at HEAD, a
    /// commit tree's repository at that commit; null for a tree outside any git repository.
    /// </summary>
    public static LineHistory? For(ISourceTree tree)
    {
        switch (tree)
        {
            case GitCommitTree commitTree:
            {
                var repository = new Repository(commitTree.Location.Workdir);
                return new LineHistory(repository, commitTree.Location, repository.Lookup<Commit>(commitTree.Commit.Id));
            }
            case GitObjectTree objectTree:
            {
                var repository = new Repository(objectTree.Location.Workdir);
                return new LineHistory(repository, objectTree.Location, repository.Head.Tip);
            }
            default:
                if (tree.DiskRoot is not { } root || GitDiscovery.Find(Path.GetFullPath(root)) is null) return null;
                try
                {
                    var (repository, location) = GitLocation.Open(root);
                    return new LineHistory(repository, location, repository.Head.Tip);
                }
                catch (GitWorkflowException)
                {
                    return null;
                }
        }
    }

    /// <summary>One file's lines to date: its root-relative path, its current text (one entry per line) and the 1-based lines asked.</summary>
    public sealed record FileLines(string RootPath, IReadOnlyList<string> CurrentLines, IReadOnlyCollection<int> Lines);

    /// <summary>The introduction of each of <paramref name="lines"/> of one file (see <see cref="Introductions(IReadOnlyList{FileLines})"/>).</summary>
    public IReadOnlyDictionary<int, LineIntroduction?> Introductions(string rootPath, IReadOnlyList<string> currentLines, IReadOnlyCollection<int> lines) =>
        Introductions([new FileLines(rootPath, currentLines, lines)])
            .Where(kv => kv.Key.Path == rootPath)
            .ToDictionary(kv => kv.Key.Line, kv => kv.Value);

    /// <summary>The introduction of every asked line of every file, by (root path, line); null for a line not committed.</summary>
    public IReadOnlyDictionary<(string Path, int Line), LineIntroduction?> Introductions(IReadOnlyList<FileLines> files)
    {
        var result = new Dictionary<(string, int), LineIntroduction?>();
        foreach (var file in files)
        {
            foreach (var line in file.Lines) result[(file.RootPath, line)] = null;
        }
        if (_base is null || result.Count == 0) return result;
        lock (_gate)
        {
            var items = new List<Item>();
            foreach (var file in files)
            {
                var repoPath = _location.ToRepo(file.RootPath);
                if (_base[repoPath] is not { TargetType: TreeEntryTargetType.Blob } entry) continue;
                var blob = (Blob)entry.Target;
                if (blob.IsBinary) continue;
                var baseLines = SplitLines(blob.GetContentText());
                foreach (var (line, baseLine) in MapByText(file.CurrentLines, baseLines, file.Lines))
                    items.Add(new Item(file.RootPath, line, repoPath, baseLines[baseLine - 1]));
            }
            foreach (var (item, commit) in Walk(items))
            {
                var author = commit.Author;
                result[(item.RootPath, item.Line)] = new LineIntroduction(commit.Sha, author.Name, author.Email, author.When, commit.MessageShort);
            }
        }
        return result;
    }

    private sealed record Item(string RootPath, int Line, string RepoPath, string Text);

    /// <summary>Each item with the commit that introduced its text, walking back from the base in topological order.</summary>
    private IEnumerable<(Item Item, Commit Commit)> Walk(List<Item> items)
    {
        if (items.Count == 0) yield break;
        var pending = new Dictionary<ObjectId, List<Item>> { [_base!.Id] = items };
        for (var index = 0; CommitAt(index) is { } commit; index++)
        {
            if (!pending.Remove(commit.Id, out var here)) continue;
            var remaining = here;
            foreach (var parent in commit.Parents)
            {
                if (remaining.Count == 0) break;
                var changed = Changed(commit, parent);
                var passed = new List<Item>();
                var kept = new List<Item>();
                foreach (var item in remaining)
                {
                    if (!changed.Contains(item.RepoPath) || ParentHolds(parent, item)) passed.Add(item);
                    else kept.Add(item);
                }
                if (passed.Count > 0)
                {
                    if (pending.TryGetValue(parent.Id, out var existing)) existing.AddRange(passed);
                    else pending[parent.Id] = passed;
                }
                remaining = kept;
            }
            foreach (var item in remaining) yield return (item, commit);
            if (pending.Count == 0) yield break;
        }
    }

    /// <summary>The <paramref name="index"/>-th commit of the history from the base (topological order), or null past the root.</summary>
    private Commit? CommitAt(int index)
    {
        _reader ??= _repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = _base, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time }).GetEnumerator();
        while (_order.Count <= index)
        {
            if (!_reader.MoveNext()) return null;
            _order.Add(_reader.Current);
        }
        return _order[index];
    }

    /// <summary>The repository paths whose content differs between a commit and one of its parents (one tree diff, cached).</summary>
    private HashSet<string> Changed(Commit commit, Commit parent)
    {
        if (_changed.TryGetValue((commit.Id, parent.Id), out var cached)) return cached;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (commit.Tree.Id != parent.Tree.Id)
        {
            foreach (var change in _repository.Diff.Compare<TreeChanges>(parent.Tree, commit.Tree, s_compare))
            {
                paths.Add(change.Path);
                if (change.OldPath is { } old) paths.Add(old);
            }
        }
        _changed[(commit.Id, parent.Id)] = paths;
        return paths;
    }

    private bool ParentHolds(Commit parent, Item item)
    {
        if (parent[item.RepoPath] is not { TargetType: TreeEntryTargetType.Blob } entry) return false;
        if (!_blobLines.TryGetValue(entry.Target.Id, out var lines))
        {
            if (_blobLines.Count >= BlobCacheLimit) _blobLines.Clear();
            var blob = (Blob)entry.Target;
            lines = blob.IsBinary ? [] : new HashSet<string>(SplitLines(blob.GetContentText()), StringComparer.Ordinal);
            _blobLines[entry.Target.Id] = lines;
        }
        return lines.Contains(item.Text);
    }

    /// <summary>
    /// Current line → base line for each asked line whose text the base holds at the same
    /// occurrence (the n-th line with that text in the current file is the n-th in the base).
    /// </summary>
    internal static Dictionary<int, int> MapByText(IReadOnlyList<string> current, IReadOnlyList<string> baseLines, IEnumerable<int> asked)
    {
        var map = new Dictionary<int, int>();
        Dictionary<string, List<int>>? baseIndex = null;
        foreach (var line in asked)
        {
            if (line < 1 || line > current.Count) continue;
            var text = current[line - 1];
            var occurrence = 0;
            for (var i = 0; i < line - 1; i++)
            {
                if (string.Equals(current[i], text, StringComparison.Ordinal)) occurrence++;
            }
            baseIndex ??= Index(baseLines);
            if (baseIndex.TryGetValue(text, out var positions) && occurrence < positions.Count) map[line] = positions[occurrence];
        }
        return map;
    }

    private static Dictionary<string, List<int>> Index(IReadOnlyList<string> lines)
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!index.TryGetValue(lines[i], out var list)) index[lines[i]] = list = [];
            list.Add(i + 1);
        }
        return index;
    }

    /// <summary>Lines as git counts them: split at LF, a CR before it dropped, no empty entry after a final LF.</summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var line = text[start..end];
            lines.Add(line.EndsWith('\r') ? line[..^1] : line);
            start = end + 1;
        }
        return lines;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _repository.Dispose();
    }
}
