using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine;

/// <summary>
/// What a scan (or a whole <c>check</c>) found: plain, immutable data that every reporter renders.
/// Later steps (the merge-base comparison, a baseline) make changed copies with <c>with</c>.
/// </summary>
public sealed record ScanResult
{
    public required string Root { get; init; }
    public required GuardsPolicy Policy { get; init; }
    /// <summary>The tree that was scanned, for reporters that quote source lines.</summary>
    public required ISourceTree Tree { get; init; }
    /// <summary>Sorted by path, line, column, rule id: the same at any degree of parallelism.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>
    /// With a report-only set (pre-commit): the findings at other paths (repository rules report
    /// wherever the cause is), fingerprinted and sorted, for callers that decide which of them a
    /// change caused. Empty otherwise.
    /// </summary>
    public IReadOnlyList<Finding> Unreported { get; init; } = [];
    public required ScanStatistics Statistics { get; init; }
    /// <summary>Rule ids that ran in this scan.</summary>
    public required IReadOnlyList<string> RulesRun { get; init; }
    /// <summary>Rules that ran but had nothing to read: no file of the tree is in their scopes.</summary>
    public IReadOnlyList<IdleRule> IdleRules { get; init; } = [];

    /// <summary>True when every content rule that ran was idle: the run checked nothing at all.</summary>
    public bool CheckedNothing =>
        IdleRules.Count > 0 && RulesRun.Where(id => !GuardsEngine.IsEngineRule(id)).All(id => IdleRules.Any(r => r.RuleId == id));

    /// <summary>
    /// The files each repository rule read (itself or through the shared models it used): a rule
    /// that read none of the files a change touches judges the tree as it did before the change.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> RepositoryReads { get; init; } = new Dictionary<string, IReadOnlySet<string>>();
    /// <summary>
    /// The findings each repository rule that ran reported, by rule id, before suppressions: its
    /// own, and the engine diagnostics of the shared models it built. A caller that re-runs some
    /// repository rules after a change replaces exactly these.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Finding>> RepositoryFindings { get; init; } = new Dictionary<string, IReadOnlyList<Finding>>();
    /// <summary>
    /// The contract questions each repository rule asked (does an entrypoint exist, is a component
    /// enabled on a node), by rule id, decided or not. Rules that ask none are absent.
    /// </summary>
    public IReadOnlyDictionary<string, ContractQuestions> Questions { get; init; } = new Dictionary<string, ContractQuestions>();

    /// <summary>Every contract question of the run, summed over its rules.</summary>
    public ContractQuestions TotalQuestions =>
        Questions.Values.Aggregate(ContractQuestions.None, (sum, q) => sum + q);

    /// <summary>The decoded texts of the files the file rules analyzed, for reporters that quote source lines.</summary>
    public IReadOnlyDictionary<string, SourceText> Texts { get; init; } = new Dictionary<string, SourceText>();
    /// <summary>Rule crashes and other faults of the tool itself (exit code 3).</summary>
    public IReadOnlyList<string> InternalErrors { get; init; } = [];

    /// <summary>In a pre-commit run (<c>--staged</c>), the files the commit adds or changes; null otherwise.</summary>
    public IReadOnlySet<string>? StagedPaths { get; init; }
    /// <summary>
    /// Findings of the earlier side (a baseline's stale entries, a merge base's resolved findings):
    /// SARIF lists them with baselineState "absent"; they never count as failures.
    /// </summary>
    public IReadOnlyList<Finding> Absent { get; init; } = [];
    /// <summary>Baseline entries that matched no finding: the baseline file can shrink.</summary>
    public IReadOnlyList<BaselineEntry> StaleBaseline { get; init; } = [];
    /// <summary>With <c>--changed-since</c>, the merge base's commit id.</summary>
    public string? MergeBase { get; init; }
    /// <summary>The repository and revision scanned, when known (SARIF provenance, links in Markdown).</summary>
    public VersionControlInfo? VersionControl { get; init; }

    public IEnumerable<Finding> Active => Findings.Where(f => !f.IsSuppressed);

    /// <summary>True when an active finding fails the run at <paramref name="threshold"/> (none: never).</summary>
    public bool HasFailures(Severity threshold) => Active.Any(f => f.Severity.FailsAt(threshold));

    public IReadOnlyList<RuleDescriptor> Descriptors =>
        Policy.Rules.Values.Select(r => r.Descriptor).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
}

public sealed class ScanStatistics
{
    public int FilesOffered { get; init; }
    public int FilesRead { get; init; }
    public int FilesAnalyzed { get; init; }
    public long LinesAnalyzed { get; init; }
    /// <summary>Skipped files by reason, each with its paths (sorted).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Skipped { get; init; }
    public TimeSpan Elapsed { get; init; }

    public int SkippedCount => Skipped.Values.Sum(v => v.Count);
}

/// <summary>How many contract questions a rule (or a run) asked, and how many of them it could decide.</summary>
public readonly record struct ContractQuestions(int Decided, int Undecided)
{
    public static ContractQuestions None => default;
    public int Asked => Decided + Undecided;
    public static ContractQuestions operator +(ContractQuestions a, ContractQuestions b) => new(a.Decided + b.Decided, a.Undecided + b.Undecided);
}

/// <summary>A rule that had nothing to read, and the scopes it reads.</summary>
public sealed record IdleRule(string RuleId, IReadOnlyList<string> Scopes);
