using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Engine.Git;

/// <summary>The commit that gave a line its current text, as git blame reports it.</summary>
public sealed record LineIntroduction(string Commit, string Author, string Email, DateTimeOffset Date, string Summary);

/// <summary>
/// Which commit introduced a line of a scanned file, through git blame (LibGit2Sharp). The blame
/// runs on the tree's base commit (HEAD for the work tree and the index, the commit itself for a
/// commit's tree); a line of the scanned text is found in the base commit's version of the file by
/// its exact text (the n-th line with that text maps to the n-th one there), so edits elsewhere in
/// the file do not move it. A line the base commit does not hold is not committed yet (null).
/// Renames are not followed: a moved file's lines date from the move. Thread-safe.
/// </summary>
public sealed class LineHistory : IDisposable
{
    private readonly Repository _repository;
    private readonly GitLocation _location;
    private readonly Commit? _base;
    private readonly Lock _gate = new();

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

    /// <summary>
    /// The introduction of each of <paramref name="lines"/> (1-based) of the file at
    /// <paramref name="rootPath"/> whose current text is <paramref name="currentLines"/> (one entry per
    /// line); a line not in the base commit maps to null. One blame per call, limited to the lines asked.
    /// </summary>
    public IReadOnlyDictionary<int, LineIntroduction?> Introductions(string rootPath, IReadOnlyList<string> currentLines, IReadOnlyCollection<int> lines)
    {
        var result = lines.Distinct().ToDictionary(l => l, _ => (LineIntroduction?)null);
        if (_base is null || result.Count == 0) return result;
        var repoPath = _location.ToRepo(rootPath);
        lock (_gate)
        {
            if (_base[repoPath] is not { TargetType: TreeEntryTargetType.Blob } entry) return result;
            var blob = (Blob)entry.Target;
            if (blob.IsBinary) return result;
            var baseLines = SplitLines(blob.GetContentText());
            var mapped = MapByText(currentLines, baseLines, result.Keys);
            if (mapped.Count == 0) return result;
            var hunks = _repository.Blame(repoPath, new BlameOptions
            {
                StartingAt = _base,
                MinLine = mapped.Values.Min(),
                MaxLine = mapped.Values.Max(),
            });
            foreach (var (line, baseLine) in mapped)
            {
                var hunk = hunks.HunkForLine(baseLine - 1);
                var signature = hunk.FinalSignature;
                result[line] = new LineIntroduction(hunk.FinalCommit.Sha, signature.Name, signature.Email, signature.When, hunk.FinalCommit.MessageShort);
            }
        }
        return result;
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

    public void Dispose() => _repository.Dispose();
}
