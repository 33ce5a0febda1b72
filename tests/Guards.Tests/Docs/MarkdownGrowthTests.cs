using System.Text;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Docs;

/// <summary>
/// The Markdown frontend and the wording rule are linear in the document: each shape that once
/// made them quadratic (a paragraph or a table of many links) and the shapes the sentence
/// judgement reads (many hits in one paragraph, one sentence, one clause) at two sizes.
/// </summary>
[Collection(GrowthCheck.Collection)]
public sealed class MarkdownGrowthTests
{
    private const string Doc = "docs/guide.md";
    private static readonly GuardsPolicy Policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);

    private static Func<int, Action> Scanning(Func<int, string> document, Func<int, int> findings) => n =>
    {
        var tree = new InMemoryTree(new Dictionary<string, string> { [Doc] = document(n) });
        return () =>
        {
            var result = GuardsEngine.Scan(new ScanOptions { Path = "memory", Tree = tree, Policy = Policy, Rules = ["UCG1004"], Jobs = 1 });
            Assert.DoesNotContain(result.Active, f => f.RuleId == "UCG0001");
            Assert.Equal(findings(n), result.Active.Count(f => f.RuleId == "UCG1004"));
        };
    };

    private static string Repeat(int n, Func<int, string> piece)
    {
        var text = new StringBuilder();
        for (var i = 0; i < n; i++) text.Append(piece(i));
        return text.ToString();
    }

    [Fact]
    public void A_paragraph_of_bare_urls_is_linear() =>
        GrowthCheck.AssertLinear("a paragraph of bare URLs", 4000,
            Scanning(n => Repeat(n, i => $"see https://example.com/{i}/TODO and ") + "TODO.\n", _ => 1));

    [Fact]
    public void A_table_of_links_is_linear() =>
        GrowthCheck.AssertLinear("a table of links", 2000,
            Scanning(n => "| link | target |\n| --- | --- |\n" + Repeat(n, i => $"| [l{i}](u{i}) | https://example.com/{i}/WIP |\n") + "| TBD | x |\n", _ => 1));

    [Fact]
    public void A_paragraph_of_links_is_linear() =>
        GrowthCheck.AssertLinear("a paragraph of links", 4000,
            Scanning(n => Repeat(n, i => $"[link {i}](https://example.com/{i}) ") + "coming soon\n", _ => 1));

    [Fact]
    public void Many_hits_in_one_sentence_are_linear() =>
        GrowthCheck.AssertLinear("many hits in one sentence", 8000,
            Scanning(n => Repeat(n, _ => "TODO, ") + "end.\n", n => n));

    [Fact]
    public void Many_status_phrases_in_one_sentence_are_linear() =>
        GrowthCheck.AssertLinear("many status phrases in one sentence of many clauses", 4000,
            Scanning(n => "The release notes say: " + Repeat(n, i => $"lane {i} is coming soon, and ") + "that is all.\n", n => n));

    [Fact]
    public void Many_technical_terms_in_one_document_are_linear() =>
        GrowthCheck.AssertLinear("many placeholder phrases in one document", 2000,
            Scanning(n => Repeat(n, i => $"Section {i} is a placeholder.\n\n") + "The end.\n", n => n));
}
