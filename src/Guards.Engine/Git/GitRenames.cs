using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Engine.Git;

/// <summary>Rename detection through libgit2's similarity search, as root-relative path maps.</summary>
public static class GitRenames
{
    private static CompareOptions Options() => new()
    {
        Similarity = new SimilarityOptions { RenameDetectionMode = RenameDetectionMode.Renames },
        IncludeUnmodified = false,
    };

    /// <summary>New path → old path for files renamed between two trees (both under the root).</summary>
    public static IReadOnlyDictionary<string, string> Between(Repository repo, Tree from, Tree to, GitLocation location) =>
        Collect(repo.Diff.Compare<TreeChanges>(from, to, Options()), location);

    /// <summary>
    /// New path → old path for files renamed between a tree and what is checked now: the index
    /// plus the work tree (tracked files; a move that git does not know yet is an add and a delete).
    /// </summary>
    public static IReadOnlyDictionary<string, string> SinceTree(Repository repo, Tree from, GitLocation location) =>
        Collect(repo.Diff.Compare<TreeChanges>(from, DiffTargets.Index | DiffTargets.WorkingDirectory, null, null, Options()), location);

    private static Dictionary<string, string> Collect(TreeChanges changes, GitLocation location)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in changes.Renamed)
        {
            var newPath = location.ToRoot(change.Path);
            var oldPath = location.ToRoot(change.OldPath);
            if (newPath is not null && oldPath is not null && newPath != oldPath) map[newPath] = oldPath;
        }
        return map;
    }
}
