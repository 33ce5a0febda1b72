using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Engine;

/// <summary>
/// A one-shot scan (a session opened, one scan, closed), and the conventions every shell shares:
/// which rules are the engine's own and the order of findings.
/// </summary>
public static class GuardsEngine
{
    public static ScanResult Scan(ScanOptions options)
    {
        using var session = GuardsSession.Open(options.Session);
        return session.Scan(options.Request);
    }

    public static bool IsEngineRule(string id) => id.StartsWith("UCG000", StringComparison.Ordinal);

    public static int CompareFindings(Finding a, Finding b)
    {
        var c = string.CompareOrdinal(a.Path, b.Path);
        if (c != 0) return c;
        c = a.Span.StartLine.CompareTo(b.Span.StartLine);
        if (c != 0) return c;
        c = a.Span.StartColumn.CompareTo(b.Span.StartColumn);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.RuleId, b.RuleId);
        if (c != 0) return c;
        c = a.Span.EndLine.CompareTo(b.Span.EndLine);
        if (c != 0) return c;
        c = a.Span.EndColumn.CompareTo(b.Span.EndColumn);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }
}

/// <summary>A session and one scan of it, in one record (<see cref="GuardsEngine.Scan"/>).</summary>
public sealed record ScanOptions
{
    /// <summary>The folder or file to scan. Findings are reported relative to the root (see <see cref="RepositoryRoots.Resolve"/>).</summary>
    public required string Path { get; init; }
    public string? ConfigPath { get; init; }
    public string? PolicyDirectory { get; init; }
    public GuardsPolicy? Policy { get; init; }
    public RuleCatalog? Catalog { get; init; }
    public ISourceTree? Tree { get; init; }
    public IReadOnlyList<string> Rules { get; init; } = [];
    public int Jobs { get; init; }
    public IReadOnlySet<string>? ReportOnly { get; init; }
    public IProgress<ScanProgress>? Progress { get; init; }

    public SessionOptions Session => new()
    {
        Path = Path, ConfigPath = ConfigPath, PolicyDirectory = PolicyDirectory, Policy = Policy, Catalog = Catalog, Tree = Tree,
    };

    public ScanRequest Request => new() { Rules = Rules, Jobs = Jobs, ReportOnly = ReportOnly, Progress = Progress };
}
