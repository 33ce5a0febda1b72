using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>
/// The suppressions added and removed between two revisions: both trees read from git objects,
/// their directives matched by path (renames followed) and rule ids and reason. Only the changed
/// ones are blamed: an added one at the later revision, a removed one at the earlier.
/// </summary>
internal static class SuppressionAudit
{
    public static SuppressionDrift Between(GuardsSession session, ScanRequest request, string fromRevision, string toRevision)
    {
        var policy = session.Policy;
        var (repo, location) = GitLocation.Open(session.Root);
        using (repo)
        {
            var from = GitRevisions.ResolveCommit(repo, fromRevision);
            var to = GitRevisions.ResolveCommit(repo, toRevision);
            using var fromTree = new GitCommitTree(repo, from, location) { MaxFileSize = policy.MaxFileSize };
            using var toTree = new GitCommitTree(repo, to, location) { MaxFileSize = policy.MaxFileSize };
            var renames = GitRenames.Between(repo, from.Tree, to.Tree, location);
            var changes = Compare(fromTree, toTree, policy, renames, request.Jobs);
            if (!request.Everywhere)
            {
                changes = new SuppressionChanges(
                    changes.Added.Where(r => session.IsWithin(r.Path)).ToList(),
                    changes.Removed.Where(r => session.IsWithin(r.Path)).ToList());
            }
            return new SuppressionDrift(new Drift.DriftSide(fromRevision, from.Sha), new Drift.DriftSide(toRevision, to.Sha), to.Committer.When, changes);
        }
    }

    public static SuppressionChanges Compare(GitCommitTree fromTree, GitCommitTree toTree, GuardsPolicy policy, IReadOnlyDictionary<string, string> renames, int jobs)
    {
        var changes = SuppressionInventory.Compare(
            SuppressionInventory.Build(fromTree, policy, history: null, jobs),
            SuppressionInventory.Build(toTree, policy, history: null, jobs),
            renames);
        using var fromHistory = changes.Removed.Count > 0 ? LineHistory.For(fromTree) : null;
        using var toHistory = changes.Added.Count > 0 ? LineHistory.For(toTree) : null;
        return new SuppressionChanges(
            SuppressionInventory.Introduce(changes.Added, toTree, toHistory),
            SuppressionInventory.Introduce(changes.Removed, fromTree, fromHistory));
    }
}
