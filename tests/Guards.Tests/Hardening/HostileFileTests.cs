using System.Diagnostics;
using System.Text;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Bad files, each through the whole engine with the shipped rules: every one gives findings or a
/// UCG000x diagnostic with a location, or is skipped and counted; none gives an exception (an
/// internal error), a hang, or a finding outside its file.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HostileFileTests
{
    internal const string RustServer = "chainfire/crates/chainfire-server/src/hostile.rs";
    internal const string RustProvider = "fiberlb/crates/fiberlb-server/src/hostile.rs";

    private static (ScanResult Result, (string Rule, string Path, int Line, int Column)[] Findings) ScanOne(string path, byte[] content, string? config = null, double seconds = 20)
    {
        using var tree = new TempFolder();
        tree.WriteBytes(path, content);
        if (config is not null) tree.Write("uc-guards.yaml", config);
        var result = Hostile.Within(seconds, () => Probe.Scan(tree.Root));
        Hostile.AssertHonest(result);
        return (result, result.Findings.Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToArray());
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Invalid_utf8_is_read_with_replacement_characters_and_positions_stay_in_the_file()
    {
        var bytes = Utf8("// caf\u00e9 ").Concat(new byte[] { 0xC3, 0x28, 0xFF, 0xFE, 0x80, (byte)'\n' })
            .Concat(Utf8("fn a() { let _ = \"")).Concat(new byte[] { 0xF0, 0x9F, 0x98 }).Concat(Utf8("\"; todo!() }\n")).ToArray();

        var (_, findings) = ScanOne(RustServer, bytes);

        Assert.Equal([("UCG1001", RustServer, 2, 23)], findings);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Utf16_with_a_bom_is_transcoded_and_columns_count_utf16_units(string encoding)
    {
        var text = "// \U0001F600 smile\nfn a() { /* \u00e9 */ todo!() }\n";
        var bom = encoding == "utf-16le" ? new byte[] { 0xFF, 0xFE } : new byte[] { 0xFE, 0xFF };
        var body = encoding == "utf-16le" ? Encoding.Unicode.GetBytes(text) : Encoding.BigEndianUnicode.GetBytes(text);

        var (result, findings) = ScanOne(RustServer, [.. bom, .. body]);

        Assert.Equal([("UCG1001", RustServer, 2, 18)], findings);
        Assert.Empty(result.Statistics.Skipped);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void Crlf_and_lone_cr_end_lines_like_lf(string eol)
    {
        var source = string.Join(eol, "/* one */", "fn a() {", "    todo!()", "}", "");

        var (_, findings) = ScanOne(RustServer, Utf8(source));

        Assert.Equal([("UCG1001", RustServer, 3, 5)], findings);
    }

    [Fact]
    public void Nul_bytes_near_the_start_mark_a_binary_file_which_is_skipped_and_counted()
    {
        var (result, findings) = ScanOne(RustServer, Utf8("fn a() { todo!() }\0\0\0\n"));

        Assert.Empty(findings);
        Assert.Equal([RustServer], result.Statistics.Skipped[SkipReasons.Binary]);
    }

    [Fact]
    public void Nul_bytes_past_the_binary_sniff_are_text_with_a_parse_error_at_their_place()
    {
        var padding = string.Concat(Enumerable.Repeat("// padding line to push the NUL bytes past the binary sniff\n", 200));
        var source = padding + "fn a() { todo!() }\nfn b() { \0\0 }\n";

        var (_, findings) = ScanOne(RustServer, Utf8(source));

        Assert.Contains(("UCG1001", RustServer, 201, 10), findings);
        Assert.All(findings, f => Assert.True(f.Rule is "UCG1001" or "UCG0001", f.ToString()));
    }

    [Fact]
    public void A_50_megabyte_file_is_skipped_as_over_the_size_limit_without_being_read()
    {
        using var tree = new TempFolder();
        var big = tree[RustServer];
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        using (var stream = File.Create(big))
        {
            var line = Utf8("fn a() { todo!() }\n");
            var block = new byte[1 << 20];
            for (var i = 0; i + line.Length <= block.Length; i += line.Length) line.CopyTo(block, i);
            for (var i = 0; i < 50; i++) stream.Write(block);
        }
        tree.Write("chainfire/crates/chainfire-server/src/small.rs", "fn a() { todo!() }\n");
        var clock = Stopwatch.StartNew();

        var result = Hostile.Within(20, () => Probe.Scan(tree.Root));

        Hostile.AssertHonest(result);
        Assert.Equal([RustServer], result.Statistics.Skipped[SkipReasons.TooLarge]);
        Assert.Equal(["chainfire/crates/chainfire-server/src/small.rs"], result.Findings.Select(f => f.Path).ToArray());
        Assert.True(GC.GetTotalMemory(false) < 400L * 1024 * 1024, "the big file was read into memory");
    }

    [Fact]
    public void A_one_line_5_megabyte_file_is_analysed_in_seconds()
    {
        var body = new StringBuilder("fn a() { todo!(); /*");
        while (body.Length < 5 * 1024 * 1024) body.Append(" lorem ipsum dolor sit amet TODO: x");
        body.Append(" */ todo!(); }");

        var (result, findings) = ScanOne(RustProvider, Utf8(body.ToString()), "version: 1\nmax-file-size: 8MiB\n", seconds: 30);

        Assert.True(findings.Length > 100_000, $"{findings.Length} findings: {string.Join("; ", result.Findings.Take(3).Select(f => f.Message))} in {result.Statistics.Elapsed}");
        Assert.All(findings, f => Assert.Equal(1, f.Line));
        Assert.Equal(["UCG1001", "UCG1003"], findings.Select(f => f.Rule).Distinct().Order().ToArray());
        Assert.Equal(body.ToString().LastIndexOf("todo!", StringComparison.Ordinal) + 1, findings.Where(f => f.Rule == "UCG1001").Max(f => f.Column));
        var text = new StringWriter();
        Hostile.Within(30, () => { Engine.Reporting.Reporters.Find("text")!.Write(result, text, new Engine.Reporting.ReportOptions()); return 0; });
        Assert.True(text.GetStringBuilder().Length < 1000L * findings.Length, "the text report quotes the whole line");
    }

    [Fact]
    public void A_parse_over_the_configured_budget_is_a_parse_error_at_the_file_start_not_a_hang()
    {
        var body = new StringBuilder();
        for (var i = 0; body.Length < 3 * 1024 * 1024; i++) body.Append($"fn f{i}(x: u32) -> u32 {{ let y = x + {i}; if y > 3 {{ todo!() }} else {{ y * 2 }} }}\n");

        var (_, findings) = ScanOne(RustServer, Utf8(body.ToString()), "version: 1\nparse-budget: 0.01s\nmax-file-size: 8MiB\n");

        Assert.Equal([("UCG0001", RustServer, 1, 1)], findings);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    public void Nesting_thousands_deep_is_parsed_without_exhausting_the_stack(int depth)
    {
        var source = "fn a() { let _ = " + new string('(', depth) + "todo!()" + new string(')', depth) + "; }\n"
            + "fn b() { " + string.Concat(Enumerable.Repeat("{ ", depth)) + "todo!(); " + string.Concat(Enumerable.Repeat("} ", depth)) + "}\n"
            + "mod m { " + string.Concat(Enumerable.Repeat("mod m { ", depth / 10)) + string.Concat(Enumerable.Repeat("} ", depth / 10)) + "}\n";

        var (_, findings) = ScanOne(RustServer, Utf8(source));

        Assert.Equal([("UCG1001", RustServer, 1, 18 + depth), ("UCG1001", RustServer, 2, 10 + 2 * depth)], findings);
    }

    [Theory]
    [InlineData("*", "*", false)]
    [InlineData("_", "_", false)]
    [InlineData("*a ", " a*", true)]
    [InlineData("[", "](x)", true)]
    public void Markdown_inlines_nested_a_hundred_thousand_deep_are_read_without_exhausting_the_stack(string open, string close, bool markdigRefuses)
    {
        // Markdig bounds block nesting, not emphasis: a line of asterisks becomes an inline tree as deep as the line.
        const int Depth = 100_000;
        var source = string.Concat(Enumerable.Repeat(open, Depth)) + "TODO" + string.Concat(Enumerable.Repeat(close, Depth)) + "\n\nTODO\n";

        var (_, findings) = ScanOne("docs/deep.md", Utf8(source));

        if (markdigRefuses)
            Assert.Equal([("UCG0001", "docs/deep.md", 1, 1)], findings);
        else
            Assert.Equal([("UCG1004", "docs/deep.md", 1, open.Length * Depth + 1), ("UCG1004", "docs/deep.md", 3, 1)], findings);
    }

    public static TheoryData<string, string> Unterminated => new()
    {
        { "string", "fn a() { todo!(); let s = \"never closed;\n}\n" },
        { "raw string", "fn a() { todo!(); let s = r#\"never closed;\n}\n" },
        { "block comment", "fn a() { todo!(); /* never closed\n}\n" },
        { "nested block comment", "fn a() { todo!(); /* /* */ never closed\n}\n" },
        { "char", "fn a() { todo!(); let c = '\n}\n" },
        { "braces", "fn a() { todo!(); " + new string('{', 5000) + "\n" },
        { "closers", "fn a() { todo!(); }" + new string('}', 5000) + "\n" },
    };

    [Theory]
    [MemberData(nameof(Unterminated))]
    public void Unterminated_strings_comments_and_blocks_give_a_parse_error_with_a_place_and_the_finding(string what, string source)
    {
        var (_, findings) = ScanOne(RustServer, Utf8(source));

        Assert.Contains(("UCG1001", RustServer, 1, 10), findings);
        var parseError = Assert.Single(findings, f => f.Rule == "UCG0001");
        Assert.True(parseError.Line >= 1, what);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\uFEFF")]
    [InlineData("// uc-guards: allow(UCG1001)")]
    public void An_empty_or_nearly_empty_file_gives_nothing_or_a_located_diagnostic(string content)
    {
        var (_, findings) = ScanOne(RustServer, Utf8(content));

        Assert.All(findings, f => Assert.Equal(("UCG0002", 1), (f.Rule, f.Line)));
    }

    [Fact]
    public void Control_characters_and_bidi_overrides_never_reach_the_terminal_raw()
    {
        var source = "fn a() { todo!() } // \u001b[2J\u001b]0;owned\u0007 \u202Eevil\u202C\n";
        using var tree = new TempFolder();
        tree.Write(RustServer, source);
        var result = Probe.Scan(tree.Root);
        var text = new StringWriter();
        Engine.Reporting.Reporters.Find("text")!.Write(result, text, new Engine.Reporting.ReportOptions { Color = false });

        Assert.Contains("todo!()", text.ToString());
        Assert.DoesNotContain('\u001b', text.ToString());
        Assert.DoesNotContain('\u0007', text.ToString());
        Assert.DoesNotContain('\u202E', text.ToString());
    }
}
