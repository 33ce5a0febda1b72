using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Tests.Flake;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Nix;

/// <summary>
/// The parser against Nix's own on tricky syntax (<c>Fixtures/nix-syntax/cases.txt</c>): each case
/// is accepted or rejected as Nix 2.8 does, and an accepted case reads as the tree Nix prints.
/// The recorded verdicts and trees are checked against <c>nix-instantiate --parse</c> where Nix is installed.
/// </summary>
public sealed partial class NixSyntaxCorpusTests
{
    private const string CaseDirectory = "/case";
    private const string CaseHome = "/home/nix-case";

    public sealed record Case(string Name, bool Accepted, string Source, string? Printed);

    private static string CorpusFile => Path.Combine(FlakeTestSupport.RepositoryRoot, "tests", "Guards.Tests", "Fixtures", "nix-syntax", "cases.txt");

    [GeneratedRegex(@"^=== (accept|reject) \| (.*)\n", RegexOptions.Multiline)]
    private static partial Regex CaseHeader();

    public static IReadOnlyList<Case> Cases { get; } = Load();

    private static List<Case> Load()
    {
        var text = File.ReadAllText(CorpusFile).ReplaceLineEndings("\n");
        var parts = CaseHeader().Split(text);
        var cases = new List<Case>();
        for (var i = 1; i + 2 <= parts.Length; i += 3)
        {
            var body = parts[i + 2];
            var marker = body.IndexOf("--- nix\n", StringComparison.Ordinal);
            var source = marker >= 0 ? body[..marker] : body;
            var printed = marker >= 0 ? body[(marker + "--- nix\n".Length)..].TrimEnd('\n') : null;
            cases.Add(new Case(parts[i + 1], parts[i] == "accept", source.EndsWith('\n') ? source[..^1] : source, printed));
        }
        return cases;
    }

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.Name));

    private static NixParseResult Parse(string source) =>
        NixParser.Parse(SourceText.FromString("case.nix", source), TimeSpan.FromSeconds(10));

    [Fact]
    public void The_corpus_covers_the_tricky_syntax()
    {
        Assert.True(Cases.Count >= 200, $"{Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct().Count());
        foreach (var topic in new[] { "trailing comma", "at pattern", "or ", "interpolated", "indented string", "path", "inherit", "old let", "URI", "curPos" })
            Assert.Contains(Cases, c => c.Name.Contains(topic, StringComparison.Ordinal));
        Assert.Contains(Cases, c => c.Accepted);
        Assert.Contains(Cases, c => !c.Accepted);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_case_is_read_as_nix_reads_it(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var parse = Parse(c.Source);
        Assert.True(c.Accepted == (parse.Error is null),
            c.Accepted ? $"Nix accepts it; the reader reports {parse.Error?.Location}: {parse.Error?.Message}" : "Nix rejects it; the reader accepts it");
        if (!c.Accepted)
        {
            Assert.IsType<NixParseDiagnostic>(parse.Error);
            return;
        }
        Assert.NotNull(c.Printed);
        AssertSameTree(c.Printed!, parse.Root);
    }

    /// <summary>
    /// The tree equals the one Nix printed; where Nix's order of let bindings or formals (by symbol
    /// address) differs from the source's, the trees are compared in canonical order.
    /// </summary>
    private static void AssertSameTree(string printed, NixExpr root)
    {
        var ours = new NixShow(CaseDirectory, CaseHome).Show(root);
        if (ours == printed) return;
        var readBack = NixParser.Parse(SourceText.FromString("printed.nix", printed), TimeSpan.FromSeconds(10));
        Assert.True(readBack.Error is null, $"Nix's printed tree does not read back: {readBack.Error?.Message}\n{printed}");
        Assert.Equal(new NixShow("/", CaseHome, canonical: true).Show(readBack.Root), new NixShow(CaseDirectory, CaseHome, canonical: true).Show(root));
    }

    [NixFact]
    [Trait("Category", "Slow")]
    public void The_recorded_verdicts_and_trees_are_nix_own()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Root, "case.nix");
        var mismatches = new List<string>();
        foreach (var c in Cases)
        {
            File.WriteAllText(file, c.Source);
            var outcome = NixOracle.Run(NixOracle.NixInstantiate!, ["--parse", "--store", "dummy://", file], environment: new() { ["HOME"] = CaseHome });
            var accepted = outcome.Exit == 0;
            if (accepted != c.Accepted) mismatches.Add($"{c.Name}: recorded {(c.Accepted ? "accept" : "reject")}, Nix says {(accepted ? "accept" : outcome.Stderr.Trim())}");
            else if (accepted && outcome.Stdout.TrimEnd('\n').Replace(folder.Root, CaseDirectory, StringComparison.Ordinal) != c.Printed)
                mismatches.Add($"{c.Name}: recorded tree differs from Nix's {outcome.Stdout.Trim()}");
        }
        Assert.Empty(mismatches);
    }
}
