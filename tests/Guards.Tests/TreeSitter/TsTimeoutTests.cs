using System.Diagnostics;
using System.Text;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using static UltraCloud.Guards.Tests.TreeSitter.TsTestSupport;

namespace UltraCloud.Guards.Tests.TreeSitter;

[Trait("Category", "Slow")]
public class TsTimeoutTests
{
    private static readonly byte[] s_fiveMegabytes = LargeNestedRust(5_000_000);

    [Fact]
    public void TryParse_of_a_large_input_gives_up_with_a_tiny_budget_and_completes_with_a_normal_one()
    {
        using var parser = new TsParser(TsLanguage.Rust);

        var clock = Stopwatch.StartNew();
        var completedInTinyBudget = parser.TryParse(s_fiveMegabytes, TimeSpan.FromMilliseconds(1), out var abandoned);
        var cancelledAfter = clock.Elapsed;

        clock.Restart();
        var completedInNormalBudget = parser.TryParse(s_fiveMegabytes, TimeSpan.FromMinutes(5), out var tree);
        var fullParse = clock.Elapsed;

        Assert.False(completedInTinyBudget);
        Assert.Null(abandoned);
        Assert.True(completedInNormalBudget);
        using (tree)
        {
            Assert.NotNull(tree);
            Assert.False(tree.HasError);
            Assert.Equal(s_fiveMegabytes.Length, tree.Root.EndByte);
            Assert.Equal("function_item", tree.Root.NamedChild(0).Type);
            Assert.Equal("f0", tree.Root.NamedChild(0).ChildByFieldName("name").Text);
        }

        // The cancelled parse stopped early rather than running to the end and then reporting failure.
        Assert.True(cancelledAfter * 10 < fullParse, $"cancelled after {cancelledAfter}, full parse {fullParse}");
    }

    [Fact]
    public void TryParse_with_a_normal_budget_matches_Parse()
    {
        var source = Encoding.UTF8.GetBytes("fn f() { if a { b(1); } }");
        using var parser = new TsParser(TsLanguage.Rust);

        Assert.True(parser.TryParse(source, TimeSpan.FromSeconds(10), out var timed));
        Assert.True(parser.TryParse(source, Timeout.InfiniteTimeSpan, out var unlimited));
        using var plain = parser.Parse(source);
        using (timed)
        using (unlimited)
        {
            Assert.Equal(Outline(plain.Root), Outline(timed!.Root));
            Assert.Equal(Outline(plain.Root), Outline(unlimited!.Root));
        }
    }

    [Fact]
    public void Parser_starts_afresh_after_a_cancelled_parse()
    {
        // tree-sitter keeps a cancelled parse to resume it on the next call; the binding must reset it,
        // otherwise the next (unrelated) input would be glued onto the abandoned one.
        var parser = TsParser.ForCurrentThread(TsLanguage.Rust);
        Assert.False(parser.TryParse(s_fiveMegabytes, TimeSpan.Zero, out _));

        using var tree = parser.Parse(Encoding.UTF8.GetBytes("fn after() {}"));

        Assert.Equal("(source_file (function_item name: (identifier) parameters: (parameters) body: (block)))", tree.Root.ToSExpression());
        Assert.Equal(13, tree.Root.EndByte);
        Assert.True(parser.TryParse(Encoding.UTF8.GetBytes("fn again() {}"), TimeSpan.FromSeconds(10), out var again));
        using (again)
        {
            Assert.Equal("again", again!.Root.NamedChild(0).ChildByFieldName("name").Text);
        }
    }

    [Fact]
    public void TryParse_rejects_a_negative_budget()
    {
        using var parser = new TsParser(TsLanguage.Nix);

        Assert.Throws<ArgumentOutOfRangeException>(() => parser.TryParse("1"u8.ToArray(), TimeSpan.FromSeconds(-1), out _));
    }
}
