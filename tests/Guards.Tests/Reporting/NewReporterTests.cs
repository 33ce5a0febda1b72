using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Tests.Cli;
using UltraCloud.Guards.Tests.Examples;

using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Reporting;

/// <summary>The JUnit, GitHub and Markdown reporters on a small in-memory tree with awkward paths and messages.</summary>
public class NewReporterTests
{
    private static ScanResult ScanFixture()
    {
        var policy = FixturePolicy.Load(FixturePolicy.WordRuleHeader.Replace("word: forbidden", "word: \"50%,a:b<c>&\""));
        var tree = new InMemoryTree("fixture")
            .Add("text/we,ird:name.txt", "ok\nhere 50%,a:b<c>& is\n")
            .Add("text/plain.txt", "50%,a:b<c>& and again 50%,a:b<c>&\n\u0001\n")
            .Add("text/clean.txt", "nothing\n");
        return GuardsEngine.Scan(new ScanOptions { Path = ".", Tree = tree, Policy = policy, Catalog = FixturePolicy.Catalog.DescribedBy(policy) });
    }

    private static string Render(IReporter reporter, ScanResult result, ReportOptions? options = null)
    {
        var writer = new StringWriter { NewLine = "\n" };
        reporter.Write(result, writer, options ?? new ReportOptions { IncludeTiming = false });
        return writer.ToString();
    }

    [Fact]
    public void Formats_are_registered()
    {
        Assert.IsType<JUnitReporter>(Reporters.Find("junit"));
        Assert.IsType<GitHubReporter>(Reporters.Find("github"));
        Assert.IsType<MarkdownReporter>(Reporters.Find("markdown"));
    }

    [Fact]
    public void GitHub_commands_escape_data_and_properties()
    {
        var lines = Render(new GitHubReporter(), ScanFixture()).TrimEnd('\n').Split('\n');
        Assert.Equal(
        [
            "::error file=text/plain.txt,line=1,col=1,endLine=1,endColumn=11,title=UCG9901 word::50%25,a:b<c>& is forbidden",
            "::error file=text/plain.txt,line=1,col=23,endLine=1,endColumn=33,title=UCG9901 word::50%25,a:b<c>& is forbidden",
            "::error file=text/we%2Cird%3Aname.txt,line=2,col=6,endLine=2,endColumn=16,title=UCG9901 word::50%25,a:b<c>& is forbidden",
        ], lines);
    }

    [Theory]
    [InlineData("100% done\r\nnext", "100%25 done%0D%0Anext", "100%25 done%0D%0Anext")]
    [InlineData("a:b,c", "a:b,c", "a%3Ab%2Cc")]
    public void GitHub_escaping_rules(string raw, string data, string property)
    {
        Assert.Equal(data, GitHubReporter.EscapeData(raw));
        Assert.Equal(property, GitHubReporter.EscapeProperty(raw));
    }

    [Fact]
    public void JUnit_report_has_the_common_schema_shape()
    {
        var xml = Render(new JUnitReporter(), ScanFixture());
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(Repo.Root, "tests", "Guards.Tests", "Reporting", "junit-shape.xsd"));
        var document = XDocument.Parse(xml);
        var errors = new List<string>();
        document.Validate(schemas, (_, e) => errors.Add(e.Message));
        Assert.Empty(errors);

        var suite = document.Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
        Assert.Equal(cases.Count(c => c.Elements("failure").Any()), (int)suite.Attribute("failures")!);
        var word = cases.Single(c => (string)c.Attribute("classname")! == "uc-guards.UCG9901");
        Assert.Equal(3, word.Elements("failure").Count());
        Assert.Equal("text/we,ird:name.txt:2:6: 50%,a:b<c>& is forbidden", (string)word.Elements("failure").Last().Attribute("message")!);
        Assert.Equal("error", (string)word.Elements("failure").First().Attribute("type")!);
        // Rules that ran and found nothing are passing test cases.
        Assert.Contains(cases, c => (string)c.Attribute("classname")! == "uc-guards.UCG0001" && !c.HasElements);
    }

    [Fact]
    public void JUnit_report_is_utf8_without_timing_when_asked()
    {
        var xml = Render(new JUnitReporter(), ScanFixture());
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml);
        Assert.DoesNotContain("time=\"0.", xml);
    }

    [Fact]
    public void Markdown_counts_per_rule_come_before_findings_grouped_by_file()
    {
        var md = Render(new MarkdownReporter(), ScanFixture());
        var table = md.IndexOf("| UCG9901", StringComparison.Ordinal) >= 0 ? md.IndexOf("| UCG9901", StringComparison.Ordinal) : md.IndexOf("| [UCG9901]", StringComparison.Ordinal);
        var firstFile = md.IndexOf("#### ", StringComparison.Ordinal);
        Assert.True(table > 0 && firstFile > table, md);
        Assert.StartsWith("### ❌ uc-guards: 3 errors, 0 warnings\n", md);
        Assert.Contains("| word | error | 3 |", md);
        Assert.Contains("#### [`text/we,ird:name.txt`](text/we%2Cird%3Aname.txt)", md);
        Assert.Contains("- [2:6](text/we%2Cird%3Aname.txt#L2) **error**", md);
        Assert.Contains("50%,a:b&lt;c&gt;& is forbidden", md);
    }

    [Fact]
    public void Markdown_links_into_the_repository_when_the_revision_is_known()
    {
        var md = Render(new MarkdownReporter(), ScanFixture() with
        {
            VersionControl = new VersionControlInfo("https://github.com/acme/ultracloud", "0123abc", "main"),
        });
        Assert.Contains("(https://github.com/acme/ultracloud/blob/0123abc/text/plain.txt#L1)", md);
    }
}
