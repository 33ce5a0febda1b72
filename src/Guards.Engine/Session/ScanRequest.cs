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
}

public readonly record struct ScanProgress(int FilesTotal, int FilesDone, int FilesParsed, int Findings);
