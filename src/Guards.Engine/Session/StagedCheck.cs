using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>The pre-commit scan behind <c>check --staged</c>.</summary>
internal static class StagedCheck
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
    /// The index stays open, owned by the session, for reporters that quote source lines.
    /// </summary>
    public static ScanResult Scan(GuardsSession session, ScanRequest request, string? indexPath)
    {
        var policy = session.Policy;
        var index = session.Own(GitIndexTree.Open(session.Root, maxFileSize: policy.MaxFileSize, indexPath: indexPath));
        var staged = index.StagedPaths.Where(session.IsWithin).ToHashSet(StringComparer.Ordinal);
        var result = session.Scan(request with { Tree = index, ReportOnly = staged });

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
                using var headTree = index.HeadFromIndex() ?? GitCommitTree.Open(session.Root, head.Sha, maxFileSize: policy.MaxFileSize, sizesUpFront: false);
                var headResult = session.Scan(request with
                {
                    Tree = headTree, ReportOnly = s_nothing, Progress = null,
                    Rules = needAll ? request.Rules : rerun,
                });
                before.UnionWith(headResult.Unreported.Select(f => f.Fingerprint));
            }
            caused.AddRange(result.Unreported.Where(f => !before.Contains(f.Fingerprint) && session.IsWithin(f.Path)));
        }

        var findings = result.Findings.Concat(caused).ToList();
        findings.Sort(GuardsEngine.CompareFindings);
        return result with
        {
            Findings = findings,
            Unreported = result.Unreported.Where(f => !caused.Contains(f)).ToList(),
            StagedPaths = staged,
        };
    }
}
