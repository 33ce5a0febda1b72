using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine;

public sealed record ScanOptions
{
    /// <summary>The folder or file to scan. Findings are reported relative to the root (see <see cref="GuardsEngine.ResolveRoot"/>).</summary>
    public required string Path { get; init; }

    /// <summary>An explicit uc-guards.yaml; otherwise found by walking up from <see cref="Path"/>.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>A folder of policy files replacing the shipped <c>rules/</c>.</summary>
    public string? PolicyDirectory { get; init; }

    /// <summary>Run only these rule ids (engine diagnostics UCG000x always run).</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>Worker threads; 0 means one per core.</summary>
    public int Jobs { get; init; }

    /// <summary>The source of files; the working tree under the root when null.</summary>
    public ISourceTree? Tree { get; init; }

    /// <summary>
    /// When set, findings are reported only for these root-relative paths (staged files): file rules
    /// run only on them, repository rules still read the whole tree and their findings elsewhere
    /// are kept aside in <see cref="ScanResult.Unreported"/>.
    /// </summary>
    public IReadOnlySet<string>? ReportOnly { get; init; }

    public RuleCatalog? Catalog { get; init; }

    /// <summary>Policy already loaded by the caller (skips loading).</summary>
    public GuardsPolicy? Policy { get; init; }

    /// <summary>Called as files are processed (for progress displays); may be called from several threads.</summary>
    public IProgress<ScanProgress>? Progress { get; init; }
}

public readonly record struct ScanProgress(int FilesTotal, int FilesDone, int FilesParsed, int Findings);
