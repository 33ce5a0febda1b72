using CsCheck;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Tests.Docs;

public class FencedCodeScanTests
{
    /// <summary>The scan's blocks as the line numbers (1-based) of their first and last lines, or null when it gives no answer.</summary>
    private static List<(int First, int Last)>? Blocks(params string[] lines)
    {
        var text = string.Join("\n", lines);
        var blocks = new List<(int Start, int End)>();
        if (!FencedCodeScan.TryFind(text, blocks)) return null;
        int LineOf(int offset) => text[..offset].Count(c => c == '\n') + 1;
        return blocks.Select(b => (LineOf(b.Start), LineOf(Math.Max(b.Start, b.End - 1)))).ToList();
    }

    [Fact]
    public void Backtick_and_tilde_fences_close_on_a_fence_of_the_same_char_at_least_as_long()
    {
        Assert.Equal([(2, 4), (6, 10)], Blocks(
            "Intro",
            "```sh",
            "make TODO",
            "```",
            "Between",
            "~~~~",
            "```",
            "~~~",
            "still code",
            "~~~~~",
            "After"));
    }

    [Fact]
    public void An_unclosed_fence_runs_to_the_end_and_a_backtick_info_with_a_backtick_is_no_fence()
    {
        Assert.Equal([(3, 4)], Blocks("``` not `a` fence", "prose", "```", "code to the end"));
        Assert.Equal([(1, 3)], Blocks("```", "code", "``` info cannot close"));
    }

    [Fact]
    public void Fences_indented_up_to_three_spaces_count_while_their_content_stays_indented()
    {
        Assert.Equal([(1, 3)], Blocks("   ```", "   code", "   ```"));
        Assert.Equal([(2, 5)], Blocks("- item", "  ```", "  code", "", "  ```"));
    }

    [Theory]
    [InlineData("---", "title: x", "---", "```", "x", "```")]
    [InlineData("<div>", "```", "", "TODO", "```")]
    [InlineData("- ```", "  code", "  ```")]
    [InlineData("> ```", "> code", "> ```")]
    [InlineData("1. ```", "   code", "   ```")]
    [InlineData("    ```", "TODO", "    ```")]
    [InlineData("\t```", "TODO", "\t```")]
    [InlineData("- item", "  ```", "TODO", "  ```")]
    [InlineData("```", "code", "    ```", "TODO")]
    [InlineData("  ```", "code at column 0: a list item may have ended", "  ```")]
    [InlineData("text\rTODO")]
    public void A_document_that_could_place_a_fence_elsewhere_gets_no_answer(params string[] lines) =>
        Assert.Null(Blocks(lines));

    [Fact]
    public void A_document_without_fences_has_no_blocks() => Assert.Equal([], Blocks("# Title", "", "Text `code` and ``x``.", "- item"));

    [Fact]
    public void Block_at_finds_the_block_holding_an_offset()
    {
        var blocks = new List<(int Start, int End)> { (10, 20), (30, 40) };
        Assert.Equal(-1, FencedCodeScan.BlockAt(blocks, 9));
        Assert.Equal(0, FencedCodeScan.BlockAt(blocks, 10));
        Assert.Equal(0, FencedCodeScan.BlockAt(blocks, 19));
        Assert.Equal(-1, FencedCodeScan.BlockAt(blocks, 20));
        Assert.Equal(1, FencedCodeScan.BlockAt(blocks, 39));
        Assert.Equal(-1, FencedCodeScan.BlockAt(blocks, 40));
    }

    private static readonly string[] s_lineShapes =
    [
        "", "   ", "prose WORD", "  indented WORD", "    four WORD", "\ttab WORD", "```", "```sh", "````", "~~~", "~~~~ info",
        " ```", "  ```", "   ```", "    ```", "\t```", "``` `x`", "- ```", "* item WORD", "- item WORD", "  - nested WORD",
        "1. ```", "1. first WORD", "> ```", "> quote WORD", ">", "<div>", "</div>", "<!-- WORD", "-->", "---", "***", "# Head WORD",
        "| a | WORD |", "|---|---|", "WORD\r", "Setext WORD", "===", "[ref]: http://x WORD", "  ~~~", "- - -",
    ];

    /// <summary>
    /// The scan is a fast path for Markdig: wherever it answers, no prose of Markdig's document may
    /// lie inside a block it calls code. Random documents of tricky line shapes check that.
    /// </summary>
    [Fact]
    public void Where_the_scan_answers_no_prose_of_the_parsed_document_lies_inside_its_blocks()
    {
        var answered = 0;
        Gen.Select(Gen.Int[0, s_lineShapes.Length - 1].Array[1, 14], Gen.Bool)
            .Sample(t =>
            {
                var text = string.Join(t.Item2 ? "\r\n" : "\n", t.Item1.Select(i => s_lineShapes[i]));
                var blocks = new List<(int Start, int End)>();
                if (!FencedCodeScan.TryFind(text, blocks)) return true;
                answered++;
                var document = MarkdownSyntax.Parse(SourceText.FromString("doc.md", text));
                foreach (var run in document.ProseRuns)
                {
                    for (var i = 0; i < run.Text.Length; i++)
                    {
                        if (char.IsWhiteSpace(run.Text[i])) continue;
                        if (FencedCodeScan.IsInside(blocks, run.Mapped.SourceOffset(i))) return false;
                    }
                }
                return true;
            }, iter: 20000, threads: 1, print: t => string.Join(" / ", t.Item1.Select(i => s_lineShapes[i])));
        Assert.True(answered > 1000, $"only {answered} documents were answered");
    }
}
