using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Tests.Docs;

public class MarkdownSyntaxTests
{
    private static MdDocument Parse(string text) => MarkdownSyntax.Parse(SourceText.FromString("doc.md", text));

    private static (int Line, int Column) Find(MdDocument doc, string word)
    {
        foreach (var run in doc.ProseRuns)
        {
            var i = run.Text.IndexOf(word, StringComparison.Ordinal);
            if (i >= 0)
            {
                var span = run.SpanOf(i, i + word.Length);
                return (span.StartLine, span.StartColumn);
            }
        }
        return (0, 0);
    }

    [Fact]
    public void Every_char_of_a_prose_run_maps_to_its_source_offset_through_entities_and_line_breaks()
    {
        const string source = "Para &amp; text\nnext *line*";
        var run = Parse(source).ProseRuns.Single();

        Assert.Equal("Para & text next line", run.Text);
        int[] expected = [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25];
        Assert.Equal(expected, Enumerable.Range(0, run.Text.Length).Select(run.Mapped.SourceOffset));
        Assert.Equal(source.Length - 1, run.Mapped.SourceOffset(run.Text.Length));
        Assert.Equal((5, 6), run.Mapped.SourceRange(5, 6));
        Assert.Equal((22, 26), run.Mapped.SourceRange(17, 21));
    }

    [Fact]
    public void Prose_runs_skip_code_html_urls_and_front_matter()
    {
        var doc = Parse(string.Join("\n",
            "---",
            "title: FRONT",
            "---",
            "# Head",
            "",
            "Para `CODE` text <span>HTMLI</span> [LINKTEXT](http://x/URLT \"TITLEW\") <http://auto/AUTOL> https://bare.example/BAREURL ![ALTTEXT](img/IMGT.png)",
            "",
            "```sh",
            "FENCED",
            "```",
            "",
            "    INDENTED",
            "",
            "<!-- COMMENTW -->",
            "",
            "<div>",
            "HTMLBLOCK",
            "</div>",
            ""));
        var prose = string.Join("|", doc.ProseRuns.Select(r => r.Text));
        foreach (var hidden in new[] { "FRONT", "CODE", "URLT", "TITLEW", "AUTOL", "BAREURL", "IMGT", "FENCED", "INDENTED", "COMMENTW", "HTMLBLOCK" })
            Assert.DoesNotContain(hidden, prose);
        foreach (var visible in new[] { "Head", "Para", "text", "HTMLI", "LINKTEXT", "ALTTEXT" })
            Assert.Contains(visible, prose);
        Assert.True(doc.ProseRuns.Single(r => r.Text.Contains("LINKTEXT")).InLinkText);
        Assert.False(doc.ProseRuns.First(r => r.Text.Contains("Para")).InLinkText);
        Assert.Equal(2, doc.CodeBlocks.Count);
        Assert.Equal("sh", doc.CodeBlocks[0].Info);
        Assert.Equal("FENCED", doc.CodeBlocks[0].Lines.Single().Text);
        Assert.Equal("INDENTED", doc.CodeBlocks[1].Lines.Single().Text);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Positions_are_exact_on_any_line_ending_and_after_multibyte_chars(string nl)
    {
        var doc = Parse(string.Join(nl,
            "# Tïtle ALPHA",
            "",
            "😀😀 x *BETA* and",
            "next é GAMMA",
            "",
            "| a | b |",
            "|---|---|",
            "| ü | 🎉 DELTA |",
            "",
            "> quote EPS",
            ""));
        Assert.Equal((1, 9), Find(doc, "ALPHA"));
        Assert.Equal((3, 9), Find(doc, "BETA"));
        Assert.Equal((4, 8), Find(doc, "GAMMA"));
        Assert.Equal((8, 10), Find(doc, "DELTA"));
        Assert.Equal((10, 9), Find(doc, "EPS"));
    }

    [Fact]
    public void Phrases_join_across_emphasis_and_soft_line_breaks()
    {
        var doc = Parse("Some *coming*\nsoon text\n");
        var run = doc.ProseRuns.Single();
        Assert.Equal("Some coming soon text", run.Text);
        var span = run.SpanOf(5, 16);
        Assert.Equal((1, 7, 2, 5), (span.StartLine, span.StartColumn, span.EndLine, span.EndColumn));
    }

    [Fact]
    public void Context_knows_headings_list_items_cells_and_quotes()
    {
        var doc = Parse(string.Join("\n",
            "# Top",
            "## Sub `code`",
            "- one",
            "  - two NESTED",
            "### Deeper",
            "| Name | Value |",
            "| --- | --- |",
            "| a | CELL |",
            "## Other",
            "> QUOTED",
            "1. ORDERED",
            ""));
        MdContext Ctx(string word) => doc.ProseRuns.First(r => r.Text.Contains(word)).Context;

        var nested = Ctx("NESTED");
        Assert.Equal(["Top", "Sub code"], nested.HeadingPath.Select(h => h.Text));
        Assert.Equal(2, nested.ListItem!.Depth);
        Assert.Equal(4, nested.ListItem.Line);

        var cell = Ctx("CELL");
        Assert.Equal(["Top", "Sub code", "Deeper"], cell.HeadingPath.Select(h => h.Text));
        Assert.Equal((1, 1, "Value"), (cell.TableCell!.Row, cell.TableCell.Column, cell.TableCell.HeaderText));

        var quoted = Ctx("QUOTED");
        Assert.True(quoted.InBlockQuote);
        Assert.Equal(["Top", "Other"], quoted.HeadingPath.Select(h => h.Text));
        Assert.True(Ctx("ORDERED").ListItem!.Ordered);

        var table = Assert.Single(doc.Tables);
        Assert.Equal(["Name", "Value"], table.HeaderTexts);
        Assert.Equal("CELL", table.Body.Single().Cell(1)!.Text);
    }

    [Fact]
    public void Sentences_end_at_prose_full_stops_not_inside_code()
    {
        var doc = Parse("First one. The `nixosConfigurations.netboot-worker` image is archived. Third.\n");
        var block = doc.TextBlocks.Single();
        var offset = doc.Source.Text.IndexOf("netboot", StringComparison.Ordinal);
        Assert.Equal("The nixosConfigurations.netboot-worker image is archived.", block.SentenceAt(offset));
    }

    [Fact]
    public void Code_blocks_know_their_lead_paragraph()
    {
        var doc = Parse("# H\n\nFor debugging only:\n\n```\nrun\n```\n");
        Assert.Equal("For debugging only:", doc.CodeBlocks.Single().Lead!.PlainText);
    }

    [Fact]
    public void A_byte_order_mark_does_not_hide_the_first_heading()
    {
        var doc = Parse("\uFEFF# Title\n");
        Assert.Equal("Title", Assert.Single(doc.Headings).Text);
    }

    [Fact]
    public void Bare_urls_are_link_targets_and_the_prose_around_them_stays_prose()
    {
        var doc = Parse(string.Join("\n",
            "See https://example.com/a_(b)/TODO, WWW.example.org/WIP and mailto:ops@example.com.",
            "Also (http://x.test/FIXME) and *ftp://files.test/TBD* but not xhttp://no.test/KEEP1 nor http:// KEEP2.",
            "Entities stay in a URL: https://x.test/?a=1&amp;b=TODO2 then KEEP3 &amp; KEEP4 https://y.test/.",
            "",
            "| link | note |",
            "| --- | --- |",
            "| https://z.test/TODO3 | KEEP5 |",
            ""));
        var prose = string.Join(" | ", doc.ProseRuns.Select(r => r.Text.Trim()));

        Assert.Equal("See | , | and | . Also ( | ) and | but not xhttp://no.test/KEEP1 nor http:// KEEP2. Entities stay in a URL: | then KEEP3 & KEEP4 | . | link | note | KEEP5", prose);
        var urls = doc.TextBlocks.SelectMany(b => b.Inlines).Where(i => i.Kind == MdInlineKind.AutoLink).Select(i => i.Text).ToList();
        Assert.Equal(["https://example.com/a_(b)/TODO", "WWW.example.org/WIP", "mailto:ops@example.com", "http://x.test/FIXME", "ftp://files.test/TBD",
            "https://x.test/?a=1&amp;b=TODO2", "https://y.test/", "https://z.test/TODO3"], urls);
    }
}
