using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>One scan of a session: which rules, how many workers, which files are reported.</summary>
public sealed record ScanRequest
{
    /// <summary>Run only these rule ids (engine diagnostics UCG000x always run).</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>Worker threads; 0 means one per core.</summary>
    public int Jobs { get; init; }

    /// <summary>The source of files; the session's tree when null.</summary>
    public ISourceTree? Tree { get; init; }

    /// <summary>
    /// When set, findings are reported only for these root-relative paths (staged files): file rules
    /// run only on them, repository rules still read the whole tree and their findings elsewhere
    /// are kept aside in <see cref="ScanResult.Unreported"/>.
    /// </summary>
    public IReadOnlySet<string>? ReportOnly { get; init; }

    /// <summary>Report findings everywhere, whatever paths the session checks (a drift report is about the whole tree).</summary>
    public bool Everywhere { get; init; }

    /// <summary>Called as files are processed (for progress displays); may be called from several threads.</summary>
    public IProgress<ScanProgress>? Progress { get; init; }

    /// <summary>
    /// When set, the file rules run on these root-relative files only and the tree is not listed
    /// (an editor's open file, whose path is known to be listed). Repository rules read the whole
    /// listing, so they do not run.
    /// </summary>
    public IReadOnlyCollection<string>? Files { get; init; }

    /// <summary>Run the file rules (the default). False to re-run only repository rules after a change.</summary>
    public bool FileRules { get; init; } = true;

    /// <summary>Run the repository rules (the default, unless <see cref="Files"/> is set).</summary>
    public bool RepositoryRules { get; init; } = true;

    /// <summary>
    /// Findings as the rules reported them: no inline suppression applied and no UCG0002 reported,
    /// for a caller that merges the findings of several scans and resolves suppressions once over
    /// their union (<see cref="Analysis.SuppressionResolver"/>). They carry no fingerprint either:
    /// its occurrence index counts every finding of the file, which only the merged set has.
    /// </summary>
    public bool Unsuppressed { get; init; }

    /// <summary>Stops the scan between files and between repository rules; the scan then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }
}

public readonly record struct ScanProgress(int FilesTotal, int FilesDone, int FilesParsed, int Findings);
