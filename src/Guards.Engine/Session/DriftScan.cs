using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>
/// Builds a <see cref="DriftReport"/>: both revisions' trees are read from git objects (nothing is
/// checked out) and scanned with the session's policy (the one the work tree's uc-guards.yaml
/// gives), so a difference is a change of the code, not of the rules.
/// </summary>
internal static class DriftScan
{
    public static DriftReport Build(GuardsSession session, ScanRequest request, string fromRevision, string toRevision, ISurfaceComparer? surface)
    {
        var policy = session.Policy;
        var (repo, location) = GitLocation.Open(session.Root);
        using (repo)
        {
            var from = GitRevisions.ResolveCommit(repo, fromRevision);
            var to = GitRevisions.ResolveCommit(repo, toRevision);
            using var fromTree = new GitCommitTree(repo, from, location) { MaxFileSize = policy.MaxFileSize };
            using var toTree = new GitCommitTree(repo, to, location) { MaxFileSize = policy.MaxFileSize };
            var options = request with { ReportOnly = null, Everywhere = true, Progress = null };
            var fromResult = session.Scan(options with { Tree = fromTree });
            var toResult = session.Scan(options with { Tree = toTree });
            var renames = GitRenames.Between(repo, from.Tree, to.Tree, location);
            var outcome = FindingComparison.Compare(toResult.Findings, fromResult.Findings, renames, unchangedReason: null);

            DriftFinding Describe(Finding f) => new(
                f.RuleId,
                policy.Rule(f.RuleId)?.Descriptor.Name ?? "",
                f.Severity,
                f.Path,
                f.Span.StartLine,
                f.Span.StartColumn,
                f.Span.EndLine,
                f.Span.EndColumn,
                f.Message,
                f.Fingerprint);

            return new DriftReport
            {
                From = new DriftSide(fromRevision, from.Sha),
                To = new DriftSide(toRevision, to.Sha),
                Introduced = outcome.Introduced.Select(Describe).ToList(),
                Resolved = outcome.Absent.Select(Describe).ToList(),
                Renames = renames.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList(),
                Surface = surface is null ? null : Sort(surface.Compare(fromResult, toResult)),
                Suppressions = SuppressionAudit.Compare(fromTree, toTree, policy, renames, request.Jobs),
                SuppressionsAsOf = to.Committer.When,
            };
        }
    }

    private static List<SurfaceChange> Sort(IReadOnlyList<SurfaceChange> changes) => changes
        .OrderBy(c => Array.IndexOf(SurfaceAreas.All, c.Area) is var i && i < 0 ? int.MaxValue : i)
        .ThenBy(c => c.Area, StringComparer.Ordinal)
        .ThenBy(c => c.Subject, StringComparer.Ordinal)
        .ThenBy(c => c.Change, StringComparer.Ordinal)
        .ToList();
}
