using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>
/// UCG9990, a test-only file rule that reads every file and reports each occurrence of the word
/// PROBE: it drives the read path (discovery, reading, decoding, suppressions, reports) on any
/// tree, whatever the shipped rules handle.
/// </summary>
public sealed class ProbeRule : FileRule
{
    public const string RuleId = "UCG9990";
    public const string Word = "PROBE";

    internal const string Yaml = """
        id: UCG9990
        name: test-probe
        title: "Test rule: the word PROBE"
        severity: error
        message: "probe at {0}"
        summary: A test-only rule that reports every occurrence of PROBE in any file.
        scopes: []
        """;

    public override string Id => RuleId;

    public override bool HandlesFile(string relativePath) => true;

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => utf8.IndexOf("PROBE"u8) >= 0;

    public override void Analyze(FileContext context)
    {
        var text = context.Text.Text;
        for (var at = text.IndexOf(Word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(Word, at + Word.Length, StringComparison.Ordinal))
        {
            var span = context.Text.SpanOfChars(at, at + Word.Length);
            Report(context, span, Word, $"{span.StartLine}:{span.StartColumn}");
        }
    }
}

/// <summary>Scans with the shipped rules plus <see cref="ProbeRule"/>.</summary>
public static class Probe
{
    /// <summary>The shipped rules plus the probe.</summary>
    public static RuleCatalog Catalog { get; } = new(
        RuleCatalog.Default.CreateRules().Select(r => r.GetType()).Append(typeof(ProbeRule)));

    /// <summary>The shipped policy (with the repository's uc-guards.yaml, if any) plus the probe's rule file.</summary>
    public static GuardsPolicy Policy(string? repositoryConfig = null) =>
        PolicyLoader.Load([.. PolicyLoader.ShippedDocuments(), ("rules/UCG9990-test-probe.yaml", ProbeRule.Yaml)], repositoryConfig);

    /// <summary>Scans with the shipped rules and the probe.</summary>
    public static ScanResult Scan(string path, ISourceTree? tree = null, int jobs = 0, string? config = null) =>
        GuardsEngine.Scan(new ScanOptions
        {
            Path = path,
            Tree = tree,
            Jobs = jobs,
            Catalog = Catalog,
            Policy = Policy(config ?? PolicyLoader.FindRepositoryConfig(path)),
        });
}
