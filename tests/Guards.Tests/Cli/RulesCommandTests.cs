using System.Text.Json;
using Snapshooter.Xunit;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine.Policy;

using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

public class RulesCommandTests
{
    private static GuardsPolicy Shipped() => PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);

    [Fact]
    public void Rules_table_lists_every_shipped_rule()
    {
        var run = CliRun.Run("rules");
        Assert.Equal(0, run.Exit);
        Snapshot.Match(run.Out);
    }

    [Fact]
    public void Rules_json_has_every_rule_with_its_fields()
    {
        var run = CliRun.Run("rules", "--format", "json");
        Assert.Equal(0, run.Exit);
        using var json = JsonDocument.Parse(run.Out);
        var ids = json.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(Shipped().Rules.Keys.Order(StringComparer.Ordinal), ids);
        var first = json.RootElement[0];
        foreach (var field in new[] { "name", "title", "severity", "scopes", "summary", "description", "rationale", "help", "helpUri" })
            Assert.True(first.TryGetProperty(field, out _), field);
    }

    [Fact]
    public void Rules_json_of_the_shipped_policy() => Snapshot.Match(CliRun.Run("rules", "--format", "json").Out);

    [Fact]
    public void Rules_shows_severities_a_configuration_sets()
    {
        using var dir = new TestTree();
        var config = dir.WritePath("uc-guards.yaml", "rules:\n  UCG1001:\n    severity: warning\n");
        var run = CliRun.Run("rules", "--config", config);
        Assert.Matches(@"(?m)^UCG1001\s+stub-macro\s+warning\s", run.Out);
    }

    [Fact]
    public void Readme_rule_reference_is_the_generated_one()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var committed = RuleReference.CurrentSection(readme);
        Assert.True(committed is not null, "README.md has no <!-- rules:begin --> ... <!-- rules:end --> section");
        var generated = RuleReference.Markdown(Shipped()).Trim('\n') + "\n";
        Assert.True(generated == committed,
            "README.md's rule reference is out of date: run `dotnet run --project src/Guards.Cli -- rules --format markdown --update-readme README.md`");
    }

    [Fact]
    public void Update_readme_rewrites_only_the_marked_section_and_check_reports_drift()
    {
        using var dir = new TestTree();
        var readme = dir.WritePath("README.md", "# Title\n\nintro\n\n<!-- rules:begin -->\nstale\n<!-- rules:end -->\n\n## After\n");
        Assert.Equal(1, CliRun.Run("rules", "--format", "markdown", "--update-readme", readme, "--check").Exit);
        Assert.Contains("stale", File.ReadAllText(readme));

        var update = CliRun.Run("rules", "--format", "markdown", "--update-readme", readme);
        Assert.Equal(0, update.Exit);
        var text = File.ReadAllText(readme);
        Assert.StartsWith("# Title\n\nintro\n\n<!-- rules:begin -->\n\n<!-- Generated from rules/*.yaml", text);
        Assert.EndsWith("<!-- rules:end -->\n\n## After\n", text);
        Assert.Contains("<a id=\"ucg1001\"></a>", text);
        Assert.Equal(0, CliRun.Run("rules", "--format", "markdown", "--update-readme", readme, "--check").Exit);
    }

    [Fact]
    public void Update_readme_without_markers_is_a_usage_error()
    {
        using var dir = new TestTree();
        var readme = dir.WritePath("README.md", "# no markers\n");
        var run = CliRun.Run("rules", "--format", "markdown", "--update-readme", readme);
        Assert.Equal(2, run.Exit);
        Assert.Contains("has no rule reference section", run.Err);
        Assert.Equal("# no markers\n", File.ReadAllText(readme));
    }

    [Fact]
    public void Explain_prints_the_rule_from_its_file()
    {
        var run = CliRun.Run("explain", "UCG1001");
        Assert.Equal(0, run.Exit);
        Snapshot.Match(run.Out);
    }

    [Fact]
    public void Explain_finds_a_rule_by_name_in_any_case()
    {
        Assert.Equal(CliRun.Run("explain", "UCG1003").Out, CliRun.Run("explain", "Completeness-Marker").Out);
    }

    [Fact]
    public void Explain_of_an_unknown_rule_is_a_usage_error()
    {
        var run = CliRun.Run("explain", "UCG4242");
        Assert.Equal(2, run.Exit);
        Assert.Contains("unknown rule 'UCG4242'", run.Err);
        Assert.Contains("UCG1001", run.Err);
    }

    [Theory]
    [InlineData("a/b.rs", "// uc-guards: allow(UCG1001) <reason>")]
    [InlineData("flake.nix", "# uc-guards: allow(UCG1001) <reason>")]
    [InlineData("run.sh", "# uc-guards: allow(UCG1001) <reason>")]
    [InlineData("docs/x.md", "<!-- uc-guards: allow(UCG1001) <reason> -->")]
    public void Suppression_comment_follows_the_language(string path, string expected) =>
        Assert.Equal(expected, RuleReference.SuppressionComment(path, "UCG1001"));
}
