using System.Text.Json;
using System.Xml.Linq;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;

namespace UltraCloud.Guards.Tests.Reporting;

/// <summary>
/// A file name, a message, a suppression reason or a ref name holding terminal escapes, line breaks
/// or bidirectional overrides reaches every human-facing format escaped and visible, each finding on
/// its own line(s); JSON and SARIF carry the same text exactly, in valid JSON.
/// </summary>
public class EscapingTests
{
    // ESC ] 0 ; title BEL, a newline, a right-to-left override, a NUL.
    private const string HostilePath = "docs/evil\u001b]0;pwned\u0007\n\u202Eexe.md";
    private const string HostileMessage = "bad \u001b[2J wording\r\n\u2066hidden\u2069";
    private const string HostileReason = "ok \u001b[31mred\u0000";

    private static readonly string[] Raw = ["\u001b", "\u0007", "\u202E", "\u2066", "\u2069", "\u0000", "\r"];

    private static ScanResult HostileResult()
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        var tree = new InMemoryTree("hostile").Add(HostilePath, "# Title\n\nsome \u001b[2J TODO\u202E here\n");
        var span = new SourceSpan(3, 11, 3, 15, 0, 0);
        Finding Make(string message) => new("UCG1004", Severity.Error, HostilePath, span, message, "TODO") { Fingerprint = "0123456789abcdef0123456789abcdef" };
        return new ScanResult
        {
            Root = "/repo",
            Policy = policy,
            Tree = tree,
            Findings =
            [
                Make(HostileMessage),
                Make("second") with { Fingerprint = "fedcba9876543210fedcba9876543210", Suppression = new Suppression("inSource", HostileReason) },
            ],
            Statistics = new ScanStatistics { FilesOffered = 1, FilesAnalyzed = 1, Skipped = new Dictionary<string, IReadOnlyList<string>>() },
            RulesRun = ["UCG1004"],
        };
    }

    private static string Render(IReporter reporter) => Render(reporter, new ReportOptions { IncludeTiming = false, ShowSuppressed = true });

    private static string Render(IReporter reporter, ReportOptions options)
    {
        var writer = new StringWriter { NewLine = "\n" };
        reporter.Write(HostileResult(), writer, options);
        return writer.ToString();
    }

    private static void AssertNoRawControls(string output)
    {
        foreach (var raw in Raw) Assert.DoesNotContain(raw, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_escapes_paths_messages_reasons_and_quoted_source_visibly()
    {
        var text = Render(new TextReporter());
        AssertNoRawControls(text);
        var lines = text.Split('\n');
        Assert.Equal("error[UCG1004]: bad \\u{1b}[2J wording\\r\\n\\u{2066}hidden\\u{2069}", lines[0]);
        Assert.Equal(" --> docs/evil\\u{1b}]0;pwned\\u{7}\\n\\u{202e}exe.md:3:11", lines[1]);
        // The caret stays under TODO although the escape before it widened the line.
        var source = lines.First(l => l.StartsWith("3 |", StringComparison.Ordinal));
        var caret = lines[Array.IndexOf(lines, source) + 1];
        Assert.Equal("3 | some \\u{1b}[2J TODO\\u{202e} here", source);
        Assert.Equal(source.IndexOf("TODO", StringComparison.Ordinal), caret.IndexOf('^'));
        Assert.Equal("^^^^", caret.Trim().TrimStart('|').Trim());
        Assert.Contains("= note: suppressed: ok \\u{1b}[31mred\\0", text);
    }

    [Fact]
    public void Markdown_keeps_each_path_and_message_on_its_line_and_in_its_code_span()
    {
        var md = Render(new MarkdownReporter());
        AssertNoRawControls(md);
        Assert.Contains("#### [`docs/evil\\u{1b}]0;pwned\\u{7}\\n\\u{202e}exe.md`](docs/evil%1B%5D0%3Bpwned%07%0A%E2%80%AEexe.md)\n", md);
        Assert.Contains(": bad \\u{1b}[2J wording\\r\\n\\u{2066}hidden\\u{2069}\n", md);
    }

    [Fact]
    public void GitHub_commands_stay_one_line_each_with_visible_escapes()
    {
        var lines = Render(new GitHubReporter()).TrimEnd('\n').Split('\n');
        var only = Assert.Single(lines);
        AssertNoRawControls(only);
        Assert.StartsWith("::error file=docs/evil\\u{1b}]0;pwned\\u{7}\\n\\u{202e}exe.md,line=3,", only);
        Assert.Contains("::bad \\u{1b}[2J wording\\r\\n\\u{2066}hidden\\u{2069}%0Ahelp: ", only);
    }

    [Fact]
    public void JUnit_is_well_formed_xml_with_visible_escapes()
    {
        var xml = Render(new JUnitReporter());
        AssertNoRawControls(xml);
        var failure = XDocument.Parse(xml).Descendants("failure").Single();
        Assert.Equal("docs/evil\\u{1b}]0;pwned\\u{7}\\n\\u{202e}exe.md:3:11: bad \\u{1b}[2J wording\\r\\n\\u{2066}hidden\\u{2069}", (string)failure.Attribute("message")!);
    }

    [Fact]
    public void Json_and_sarif_carry_the_exact_text_in_valid_json()
    {
        var jsonText = Render(new JsonReporter());
        AssertNoRawControls(jsonText);
        var json = JsonDocument.Parse(jsonText).RootElement.GetProperty("findings");
        Assert.Equal(HostilePath, json[0].GetProperty("path").GetString());
        Assert.Equal(HostileMessage, json[0].GetProperty("message").GetString());
        Assert.Equal(HostileReason, json[1].GetProperty("suppression").GetProperty("reason").GetString());

        var sarifText = Render(new SarifReporter());
        AssertNoRawControls(sarifText);
        var result = JsonDocument.Parse(sarifText).RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.Equal(HostileMessage, result.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal("docs/evil%1B%5D0%3Bpwned%07%0A%E2%80%AEexe.md",
            result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void Drift_markdown_embeds_ref_names_and_subjects_in_code_spans_they_cannot_close()
    {
        var report = new DriftReport
        {
            From = new DriftSide("v1`\n# injected", new string('a', 40)),
            To = new DriftSide("``x\u202E", new string('b', 40)),
            Introduced = [new DriftFinding("UCG1001", "stub-macro", Severity.Error, "src/a`b\u001b.rs", 2, 5, 2, 12, "`todo!` left\nhere", "0123456789abcdef0123456789abcdef")],
            Resolved = [],
            Surface = [new SurfaceChange(SurfaceAreas.Entrypoint, "added", "apps.x86_64-linux.`evil`\u202E", "flake.nix:3:1", "a\nb")],
        };
        var writer = new StringWriter { NewLine = "\n" };
        DriftMarkdownWriter.Write(report, writer);
        var md = writer.ToString();
        AssertNoRawControls(md);

        var lines = md.Split('\n');
        Assert.Equal("## Supported-surface drift: ``v1`\\n# injected`` → ``` ``x\\u{202e} ```", lines[0]);
        Assert.DoesNotContain(lines, l => l.StartsWith("# injected", StringComparison.Ordinal));
        Assert.Contains("- ``src/a`b\\u{1b}.rs:2:5``: `todo!` left\\nhere", lines);
        Assert.Contains("- added: ``apps.x86_64-linux.`evil`\\u{202e}`` (`flake.nix:3:1`): a\\nb", lines);
    }

    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`start", "`` `start ``")]
    [InlineData("a``b`", "``` a``b` ```")]
    [InlineData("", "` `")]
    public void Markdown_code_spans_take_a_fence_longer_than_any_backtick_run(string text, string span) =>
        Assert.Equal(span, MarkdownText.Code(text));

    [Theory]
    [InlineData("plain text/ü", "plain text/ü")]
    [InlineData("a\tb\nc\rd\0e", "a\\tb\\nc\\rd\\0e")]
    [InlineData("\u001b[0m\u007f\u0085", "\\u{1b}[0m\\u{7f}\\u{85}")]
    [InlineData("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C", "\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200e}\\u{200f}\\u{61c}")]
    [InlineData("line\u2028para\u2029", "line\\u{2028}para\\u{2029}")]
    public void Visible_escapes_are_rusts(string text, string shown) => Assert.Equal(shown, VisibleText.Escape(text));
}
