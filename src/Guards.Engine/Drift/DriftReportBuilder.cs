using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Drift;

/// <summary>
/// Builds a <see cref="DriftReport"/>: both revisions' trees are read from git objects (nothing is
/// checked out) and scanned with the same policy (the one the work tree's uc-guards.yaml gives),
/// so a difference is a change of the code, not of the rules.
/// </summary>
public static class DriftReportBuilder
{
    /// <param name="template">Path (any folder of the repository), configuration, rules and jobs of the scans.</param>
    /// <param name="surface">Compares the two scans' product surface (while their trees are open); null leaves it out.</param>
    public static DriftReport Build(ScanOptions template, string fromRevision, string toRevision, SurfaceComparer? surface = null)
    {
        var root = GuardsEngine.ResolveRoot(template.Path, template.ConfigPath);
        var policy = template.Policy ?? GuardsEngine.LoadPolicy(root, template.ConfigPath, template.PolicyDirectory);
        var (repo, location) = GitLocation.Open(root);
        using (repo)
        {
            var from = GitRevisions.ResolveCommit(repo, fromRevision);
            var to = GitRevisions.ResolveCommit(repo, toRevision);
            using var fromTree = new GitCommitTree(repo, from, location) { MaxFileSize = policy.MaxFileSize };
            using var toTree = new GitCommitTree(repo, to, location) { MaxFileSize = policy.MaxFileSize };
            var options = template with { Path = root, Policy = policy, ReportOnly = null, Progress = null };
            var fromResult = GuardsEngine.Scan(options with { Tree = fromTree });
            var toResult = GuardsEngine.Scan(options with { Tree = toTree });
            var renames = GitRenames.Between(repo, from.Tree, to.Tree, location);
            var outcome = FindingComparison.Compare(toResult.Findings, fromResult.Findings, renames, unchangedReason: null);

            static List<SurfaceChange> Sort(IReadOnlyList<SurfaceChange> changes) => changes
                .OrderBy(c => Array.IndexOf(SurfaceAreas.All, c.Area) is var i && i < 0 ? int.MaxValue : i)
                .ThenBy(c => c.Area, StringComparer.Ordinal)
                .ThenBy(c => c.Subject, StringComparer.Ordinal)
                .ThenBy(c => c.Change, StringComparer.Ordinal)
                .ToList();

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
                Surface = surface is null ? null : Sort(surface(fromResult, toResult)),
            };
        }
    }
}
