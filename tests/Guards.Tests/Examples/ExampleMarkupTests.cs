using UltraCloud.Guards.Engine.Examples;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Tests.Examples;

public class ExampleMarkupTests
{
    private static (int, int, int, int) Region(SourceSpan s) => (s.StartLine, s.StartColumn, s.EndLine, s.EndColumn);

    [Fact]
    public void Strips_markers_and_reports_the_spans_they_enclosed()
    {
        var (text, spans) = ExampleMarkup.StripMarkers("a.rs", "fn f() {\n    [|todo!()|]\n}\n");
        Assert.Equal("fn f() {\n    todo!()\n}\n", text);
        Assert.Equal([(2, 5, 2, 12)], spans.Select(Region));
        Assert.Equal(13, spans[0].StartByte);
        Assert.Equal(20, spans[0].EndByte);
    }

    [Fact]
    public void Nested_and_multi_line_markers()
    {
        var (text, spans) = ExampleMarkup.StripMarkers("a.rs", "x [|a [|b|]\nc|] y");
        Assert.Equal("x a b\nc y", text);
        Assert.Equal([(1, 3, 2, 2), (1, 5, 1, 6)], spans.Select(Region));
    }

    [Fact]
    public void Columns_count_utf16_code_units()
    {
        var (_, spans) = ExampleMarkup.StripMarkers("a.md", "é 😀 [|TODO|]");
        Assert.Equal([(1, 6, 1, 10)], spans.Select(Region));
    }

    [Theory]
    [InlineData("a [|b", "a.rs:1: '[|' is never closed with '|]'")]
    [InlineData("a\nb|] c", "a.rs:2: '|]' without a matching '[|'")]
    public void Unbalanced_markers_are_an_error(string code, string message)
    {
        var ex = Assert.Throws<ExampleMarkupException>(() => ExampleMarkup.StripMarkers("a.rs", code));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Valid_examples_are_used_verbatim()
    {
        var files = ExampleMarkup.Parse(new RuleExample("a.rs", "let v = [|x| x];\n", Valid: true));
        Assert.Equal("let v = [|x| x];\n", Assert.Single(files).Text);
    }

    [Fact]
    public void Invalid_example_without_markers_is_an_error()
    {
        var ex = Assert.Throws<ExampleMarkupException>(() => ExampleMarkup.Parse(new RuleExample("a.rs", "todo!()\n", Valid: false)));
        Assert.Contains("marks no expected finding", ex.Message);
    }

    [Fact]
    public void Several_files_split_on_path_separator_lines()
    {
        var code = "first\n--- path: nix/b.nix\nsecond [|x|]\n--- path: ./docs/../c.md\nthird\n";
        var files = ExampleMarkup.Parse(new RuleExample("flake.nix", code, Valid: false));
        Assert.Equal(["flake.nix", "nix/b.nix", "c.md"], files.Select(f => f.Path));
        Assert.Equal(["first\n", "second x\n", "third\n"], files.Select(f => f.Text));
        Assert.Empty(files[0].ExpectedSpans);
        Assert.Equal([(1, 8, 1, 9)], files[1].ExpectedSpans.Select(Region));
    }

    [Fact]
    public void A_file_named_twice_or_outside_the_tree_is_an_error()
    {
        Assert.Throws<ExampleMarkupException>(() => ExampleMarkup.Parse(new RuleExample("a.nix", "x\n--- path: a.nix\ny\n", Valid: true)));
        Assert.Throws<ExampleMarkupException>(() => ExampleMarkup.Parse(new RuleExample("a.nix", "x\n--- path: ../b.nix\ny\n", Valid: true)));
    }
}
