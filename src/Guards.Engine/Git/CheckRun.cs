using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Reporting;

namespace UltraCloud.Guards.Engine.Git;

/// <summary>How <c>check</c> chooses and filters its findings besides the plain scan.</summary>
public sealed record CheckModes
{
    /// <summary>Scan the index (pre-commit) instead of the work tree.</summary>
    public bool Staged { get; init; }
    /// <summary>With <see cref="Staged"/>: the index file to read instead of the repository's (GIT_INDEX_FILE, as git sets it for hooks).</summary>
    public string? IndexPath { get; init; }
    /// <summary>Report only findings new against the merge base of this revision and HEAD.</summary>
    public string? ChangedSince { get; init; }
    /// <summary>Report only findings not in this baseline file.</summary>
    public string? BaselinePath { get; init; }
    /// <summary>Describe the repository in SARIF (versionControlProvenance).</summary>
    public bool VersionControl { get; init; } = true;
}

/// <summary>
/// One <c>check</c>: the scan (work tree or index), then the merge-base comparison, then the
/// baseline, and what the reporters need besides the findings. Dispose after reporting (the
/// index tree holds the repository open for reporters that quote source lines).
/// </summary>
public sealed class CheckRun : IDisposable
{
    public required ScanResult Result { get; init; }
    /// <summary>Findings of the earlier side (merge base or baseline) that no longer exist.</summary>
    public IReadOnlyList<Finding> Absent { get; init; } = [];
    /// <summary>Baseline entries that matched no finding.</summary>
    public IReadOnlyList<BaselineEntry> StaleBaseline { get; init; } = [];
    public VersionControlInfo? VersionControl { get; init; }
    /// <summary>The merge base's commit id with --changed-since.</summary>
    public string? MergeBase { get; init; }

    /// <summary>The report options with this run's absent results, stale entries and provenance (a provenance the caller already set wins).</summary>
    public ReportOptions Apply(ReportOptions options) => options with
    {
        StaleBaseline = StaleBaseline.Select(e => e.Fingerprint).ToList(),
        Absent = Absent,
        VersionControl = options.VersionControl ?? VersionControl,
    };

    public static CheckRun Execute(ScanOptions options, CheckModes modes)
    {
        if (modes.Staged && modes.ChangedSince is not null)
            throw new GitWorkflowException("--staged and --changed-since cannot be combined: a pre-commit check already judges only the staged change");
        var baseline = modes.BaselinePath is null ? null : BaselineFile.Load(modes.BaselinePath);

        var result = modes.Staged ? GitChecks.ScanStaged(options, modes.IndexPath) : GuardsEngine.Scan(options);
        try
        {
            var absent = new List<Finding>();
            string? mergeBase = null;
            if (modes.ChangedSince is { } revision)
            {
                var changed = GitChecks.CompareWithMergeBase(result, options, revision);
                result = changed.Result;
                absent.AddRange(changed.Absent);
                mergeBase = changed.MergeBase;
            }
            IReadOnlyList<BaselineEntry> stale = [];
            if (baseline is not null)
            {
                var applied = baseline.Apply(result.Findings, result.Policy, Path.GetFileName(modes.BaselinePath!), BaselineScope(result, options));
                result = GitChecks.With(result, applied.Findings);
                stale = applied.Stale;
                var known = absent.Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
                absent.AddRange(applied.Absent.Where(a => known.Add(a.Fingerprint)));
            }
            absent.Sort(GuardsEngine.CompareFindings);
            return new CheckRun
            {
                Result = result,
                Absent = absent,
                StaleBaseline = stale,
                MergeBase = mergeBase,
                VersionControl = modes.VersionControl ? Git.VersionControl.Describe(result.Root) : null,
            };
        }
        catch
        {
            (result.Tree as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>The baseline entries this scan can speak for: rules that ran, files that were in the scan.</summary>
    private static Func<BaselineEntry, bool> BaselineScope(ScanResult result, ScanOptions options)
    {
        var rules = result.RulesRun.ToHashSet(StringComparer.Ordinal);
        if (result.Tree is GitIndexTree index)
        {
            var staged = index.StagedPaths;
            return e => rules.Contains(e.RuleId) && staged.Contains(e.Path);
        }
        var prefix = Discovery.PathUtil.ToRelative(result.Root, Path.GetFullPath(options.Path));
        if (prefix == "." || prefix.StartsWith("..", StringComparison.Ordinal)) prefix = "";
        return e => rules.Contains(e.RuleId) && (prefix.Length == 0 || e.Path == prefix || e.Path.StartsWith(prefix + "/", StringComparison.Ordinal));
    }

    public void Dispose() => (Result.Tree as IDisposable)?.Dispose();
}
