using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// The tree of one commit, read from git objects without checking anything out: the base side
/// of <c>check --changed-since</c>, both sides of <c>drift</c>, and HEAD for the pre-commit
/// comparison of repository-wide findings.
/// </summary>
public sealed class GitCommitTree : GitObjectTree
{
    public GitCommitTree(Repository repository, Commit commit, GitLocation location, bool ownsRepository = false)
        : base(repository, location, ownsRepository)
    {
        Commit = commit;
    }

    /// <summary>
    /// Opens the repository holding <paramref name="root"/> and resolves <paramref name="revision"/>
    /// (a ref, tag, or commit id). See <see cref="GitObjectTree.SizesUpFront"/> for <paramref name="sizesUpFront"/>.
    /// </summary>
    public static GitCommitTree Open(string root, string revision, string? scanPath = null, long maxFileSize = long.MaxValue, bool sizesUpFront = true)
    {
        var (repo, location) = GitLocation.Open(root, scanPath);
        try
        {
            return new GitCommitTree(repo, GitRevisions.ResolveCommit(repo, revision), location, ownsRepository: true) { MaxFileSize = maxFileSize, SizesUpFront = sizesUpFront };
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    public Commit Commit { get; }

    public override string Description => $"commit {Commit.Id.ToString(12)}";

    protected override IEnumerable<(string RepoPath, GitFile File)> LoadEntries()
    {
        // Only the subtree holding the root is walked.
        var tree = Commit.Tree;
        var prefix = "";
        if (Location.RootInRepo.Length > 0)
        {
            if (tree[Location.RootInRepo] is not { TargetType: TreeEntryTargetType.Tree } rootEntry) yield break;
            tree = (Tree)rootEntry.Target;
            prefix = Location.RootInRepo + "/";
        }
        var stack = new Stack<(Tree Tree, string Prefix)>();
        stack.Push((tree, prefix));
        while (stack.Count > 0)
        {
            var (current, currentPrefix) = stack.Pop();
            foreach (var entry in current)
            {
                var path = currentPrefix + entry.Name;
                if (entry.TargetType == TreeEntryTargetType.Tree) stack.Push(((Tree)entry.Target, path + "/"));
                else yield return (path, new GitFile(entry.Target.Id, entry.Mode, SkipFor(entry.Mode)));
            }
        }
    }
}

/// <summary>Revision lookups shared by the git workflows.</summary>
public static class GitRevisions
{
    /// <summary>A ref, tag (annotated or light), abbreviated id or revision expression, peeled to its commit.</summary>
    public static Commit ResolveCommit(Repository repo, string revision)
    {
        GitObject? target;
        try
        {
            target = repo.Lookup(revision);
        }
        catch (LibGit2SharpException ex)
        {
            throw new GitWorkflowException($"cannot resolve revision '{revision}': {ex.Message}");
        }
        if (target is null) throw new GitWorkflowException($"unknown revision '{revision}'");
        try
        {
            return target.Peel<Commit>();
        }
        catch (LibGit2SharpException)
        {
            throw new GitWorkflowException($"revision '{revision}' is a {target.GetType().Name.ToLowerInvariant()}, not a commit");
        }
    }

    /// <summary>The merge base of <paramref name="revision"/> and HEAD (what a pull request is judged against).</summary>
    public static (Commit Base, Commit Head, Commit Other) MergeBaseWithHead(Repository repo, string revision)
    {
        var head = repo.Head.Tip ?? throw new GitWorkflowException("HEAD has no commit yet: there is nothing to compare with");
        var other = ResolveCommit(repo, revision);
        var mergeBase = repo.ObjectDatabase.FindMergeBase(other, head)
            ?? throw new GitWorkflowException($"'{revision}' and HEAD have no common ancestor");
        return (mergeBase, head, other);
    }
}
