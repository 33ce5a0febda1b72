using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Tests.Examples;

/// <summary>A file rule for runner tests: every occurrence of the option `word` in a .txt file.</summary>
public sealed class WordFixtureRule : FileRule<WordFixtureOptions>
{
    private byte[] _word = [];

    public override string Id => "UCG9901";

    protected override void OnConfigure() => _word = Encoding.UTF8.GetBytes(Options.Word);

    public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".txt", StringComparison.Ordinal);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => utf8.IndexOf(_word) >= 0;

    public override void Analyze(FileContext context)
    {
        var bytes = context.Text.Utf8;
        for (var at = bytes.AsSpan().IndexOf(_word); at >= 0;)
        {
            Report(context, context.Text.SpanOfBytes(at, at + _word.Length), Encoding.UTF8.GetString(_word), Encoding.UTF8.GetString(_word));
            var next = bytes.AsSpan(at + 1).IndexOf(_word);
            at = next < 0 ? -1 : at + 1 + next;
        }
    }
}

public sealed record WordFixtureOptions(string Word) : IRuleOptions<WordFixtureOptions>
{
    public static WordFixtureOptions Read(RuleOptionsReader options) => new(options.Text("word", "the forbidden word", "forbidden"));
}

/// <summary>A repository rule for multi-file examples: each `*.want` file names a file that must exist.</summary>
public sealed class PairFixtureRule : RepositoryRule
{
    public override string Id => "UCG9902";

    public override void Analyze(RepositoryContext context)
    {
        foreach (var entry in context.Files.Where(f => f.Path.EndsWith(".want", StringComparison.Ordinal)))
        {
            var text = context.ReadText(entry.Path);
            if (text is null) continue;
            var wanted = text.LineText(1).Trim();
            if (!context.Tree.FileExists(wanted))
                Report(context, entry.Path, text.SpanOfChars(0, text.LineText(1).Length), wanted, wanted);
        }
    }
}

internal static class FixturePolicy
{
    public static readonly RuleCatalog Catalog = new([typeof(WordFixtureRule), typeof(PairFixtureRule)]);

    /// <summary>The shipped policy data plus the fixture rules given as YAML documents.</summary>
    public static GuardsPolicy Load(params string[] ruleFiles)
    {
        var documents = PolicyLoader.ShippedDocuments()
            .Where(d => d.Name.EndsWith("policy.yaml", StringComparison.Ordinal) || d.Name.Contains("UCG000", StringComparison.Ordinal))
            .ToList();
        documents.Add(("fixture-scopes.yaml", "scopes:\n  fixture-text:\n    include: [\"text/**/*.txt\"]\n"));
        documents.AddRange(ruleFiles.Select((text, i) => ($"fixture-rule-{i}.yaml", text)));
        return PolicyLoader.Load(documents, null);
    }

    public const string WordRuleHeader = """
        id: UCG9901
        name: word
        title: Forbidden word
        message: "{0} is forbidden"
        scopes: [fixture-text]
        options:
          word: forbidden

        """;

    public const string PairRuleHeader = """
        id: UCG9902
        name: pair
        title: Wanted file missing
        message: "{0} is missing"

        """;
}
