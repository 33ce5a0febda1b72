using LibGit2Sharp;
using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Git;

/// <summary>The git-aware scans behind <c>check --staged</c> and <c>check --changed-since</c>.</summary>
public static class GitChecks
{
    private static readonly IReadOnlySet<string> s_nothing = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Scans what the index holds. File rules run on the staged files only (added, modified,
    /// renamed; deletions are not scanned), reading their staged blobs, so locations are in the
    /// staged text. Repository rules read every file they need from the index too. Reported: the
    /// findings in staged files, plus repository-rule findings at other files that the staged
    /// change caused, i.e. whose fingerprint is absent from the same repository rules' findings on
    /// HEAD's tree (a flake edit that drops an entrypoint is reported at the flake even when the
    /// flake is not staged; a finding that HEAD already had is not the commit's doing). HEAD is
    /// scanned only when such findings exist, and only with the rules that read a changed file
    /// (or all of them when files were added or deleted). The statistics describe the staged files.
    /// <paramref name="indexPath"/> replaces the repository's index file (git's GIT_INDEX_FILE).
    /// The returned result's tree (the index) must be disposed by the caller after reporting.
    /// </summary>
    public static ScanResult ScanStaged(ScanOptions options, string? indexPath = null)
    {
        var root = GuardsEngine.ResolveRoot(options.Path, options.ConfigPath);
        var policy = options.Policy ?? GuardsEngine.LoadPolicy(root, options.ConfigPath, options.PolicyDirectory);
        var index = GitIndexTree.Open(root, options.Path, policy.MaxFileSize, indexPath);
        try
        {
            var staged = index.StagedPaths;
            var result = GuardsEngine.Scan(options with { Tree = index, Policy = policy, ReportOnly = staged });

            var caused = new List<Finding>();
            if (result.Unreported.Count > 0)
            {
                var before = new HashSet<string>(StringComparer.Ordinal);
                // Only the rules that found something outside the staged files need the HEAD side;
                // an engine diagnostic (UCG0001, UCG0003) can come from any rule, so it needs them all.
                var ruleIds = result.Unreported.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToList();
                var needAll = ruleIds.Any(GuardsEngine.IsEngineRule);
                // A rule that read none of the changed files, when the change only edits files, judges
                // HEAD exactly as it judged the index: its findings outside the staged files were HEAD's.
                var (changed, editsOnly) = index.ChangeSummary();
                var unaffected = editsOnly && !needAll
                    ? ruleIds.Where(id => result.RepositoryReads.TryGetValue(id, out var reads) && !reads.Overlaps(changed)).ToHashSet(StringComparer.Ordinal)
                    : [];
                before.UnionWith(result.Unreported.Where(f => unaffected.Contains(f.RuleId)).Select(f => f.Fingerprint));
                var rerun = ruleIds.Where(id => !unaffected.Contains(id)).ToList();
                if (rerun.Count > 0 && index.HeadCommit is { } head)
                {
                    using var headTree = index.HeadFromIndex() ?? GitCommitTree.Open(root, head.Sha, options.Path, policy.MaxFileSize, sizesUpFront: false);
                    var headResult = GuardsEngine.Scan(options with
                    {
                        Tree = headTree, Policy = policy, ReportOnly = s_nothing, Progress = null,
                        Rules = needAll ? options.Rules : rerun,
                    });
                    before.UnionWith(headResult.Unreported.Select(f => f.Fingerprint));
                }
                caused.AddRange(result.Unreported.Where(f => !before.Contains(f.Fingerprint)));
            }

            var findings = result.Findings.Concat(caused).ToList();
            findings.Sort(GuardsEngine.CompareFindings);
            var stats = result.Statistics;
            return new ScanResult
            {
                Root = root, // a tree read from git objects has no folder of its own: the root is where it came from

                Policy = result.Policy,
                Tree = index,
                Findings = findings,
                Unreported = result.Unreported.Where(f => !caused.Contains(f)).ToList(),
                RulesRun = result.RulesRun,
                Texts = result.Texts,
                InternalErrors = result.InternalErrors,
                Statistics = new ScanStatistics
                {
                    FilesOffered = staged.Count,
                    FilesRead = stats.FilesRead,
                    FilesAnalyzed = stats.FilesAnalyzed,
                    LinesAnalyzed = stats.LinesAnalyzed,
                    Skipped = stats.Skipped
                        .Select(kv => (kv.Key, Paths: (IReadOnlyList<string>)kv.Value.Where(staged.Contains).ToList()))
                        .Where(kv => kv.Paths.Count > 0)
                        .ToDictionary(kv => kv.Key, kv => kv.Paths, StringComparer.Ordinal),
                    Elapsed = stats.Elapsed,
                },
            };
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>What <see cref="CompareWithMergeBase"/> found.</summary>
    public sealed record ChangedSince(ScanResult Result, IReadOnlyList<Finding> Absent, string MergeBase, IReadOnlyList<Finding> Introduced);

    /// <summary>
    /// Compares a scan of the work tree with the same scan of the merge base of
    /// <paramref name="revision"/> and HEAD, read from git objects. Each finding becomes "new" or
    /// "unchanged" by fingerprint (a renamed file is compared under its old path); unchanged ones
    /// are suppressed with kind "baseline" so that only new findings are reported and fail the run,
    /// while SARIF keeps them marked. Findings of the merge base that are gone are returned as absent.
    /// </summary>
    public static ChangedSince CompareWithMergeBase(ScanResult current, ScanOptions options, string revision)
    {
        var (repo, location) = GitLocation.Open(current.Root, options.Path);
        using (repo)
        {
            var (mergeBase, _, _) = GitRevisions.MergeBaseWithHead(repo, revision);
            using var baseTree = new GitCommitTree(repo, mergeBase, location) { MaxFileSize = current.Policy.MaxFileSize };
            var baseResult = GuardsEngine.Scan(options with { Tree = baseTree, Policy = current.Policy, ReportOnly = null, Progress = null });
            var renames = GitRenames.SinceTree(repo, mergeBase.Tree, location.WholeRoot);
            var shortBase = mergeBase.Id.ToString(12);
            var outcome = FindingComparison.Compare(current.Findings, baseResult.Findings, renames,
                $"present at {shortBase}, the merge base of {revision} and HEAD");
            return new ChangedSince(With(current, outcome.Current), outcome.Absent, mergeBase.Sha, outcome.Introduced);
        }
    }

    /// <summary>A copy of <paramref name="result"/> with other findings (same order).</summary>
    public static ScanResult With(ScanResult result, IReadOnlyList<Finding> findings) => new()
    {
        Root = result.Root,
        Policy = result.Policy,
        Tree = result.Tree,
        Findings = findings,
        Unreported = result.Unreported,
        RulesRun = result.RulesRun,
        InternalErrors = result.InternalErrors,
        Statistics = result.Statistics,
    };
}
