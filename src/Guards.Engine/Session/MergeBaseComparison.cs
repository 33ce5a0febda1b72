using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>The comparison behind <c>check --changed-since REF</c>.</summary>
internal static class MergeBaseComparison
{
    /// <summary>
    /// Compares a scan of the work tree with the same scan of the merge base of
    /// <paramref name="revision"/> and HEAD, read from git objects. Each finding becomes "new" or
    /// "unchanged" by fingerprint (a renamed file is compared under its old path); unchanged ones
    /// are suppressed with kind "baseline" so that only new findings are reported and fail the run,
    /// while SARIF keeps them marked. Findings of the merge base that are gone are added as absent.
    /// </summary>
    public static ScanResult Apply(GuardsSession session, ScanRequest request, ScanResult current, string revision)
    {
        var (repo, location) = GitLocation.Open(session.Root);
        using (repo)
        {
            var (mergeBase, _, _) = GitRevisions.MergeBaseWithHead(repo, revision);
            using var baseTree = new GitCommitTree(repo, mergeBase, location) { MaxFileSize = current.Policy.MaxFileSize };
            var baseResult = session.Scan(request with { Tree = baseTree, ReportOnly = null, Progress = null });
            var renames = GitRenames.SinceTree(repo, mergeBase.Tree, location.WholeRoot);
            var shortBase = mergeBase.Id.ToString(12);
            var outcome = FindingComparison.Compare(current.Findings, baseResult.Findings, renames,
                $"present at {shortBase}, the merge base of {revision} and HEAD");
            var absent = current.Absent.Concat(outcome.Absent.Where(f => session.IsWithin(f.Path))).ToList();
            absent.Sort(GuardsEngine.CompareFindings);
            return current with
            {
                Findings = outcome.Current,
                Absent = absent,
                MergeBase = mergeBase.Sha,
            };
        }
    }
}
