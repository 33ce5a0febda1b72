using UltraCloud.Guards.Engine.Examples;

namespace UltraCloud.Guards.Tests.Examples;

public class RuleExampleRunnerTests
{
    private static RuleTestResult RunWord(string examples)
    {
        var policy = FixturePolicy.Load(FixturePolicy.WordRuleHeader + examples);
        var results = new RuleExampleRunner(policy, FixturePolicy.Catalog).Run(["UCG9901"]);
        return Assert.Single(results);
    }

    [Fact]
    public void Valid_and_invalid_examples_that_hold_pass()
    {
        var result = RunWord("""
            examples:
              - path: text/a.txt
                valid: "nothing to see\n"
              - path: text/a.txt
                invalid: "one [|forbidden|] word\nand [|forbidden|] again\n"
              - path: other/a.txt
                valid: "forbidden, but outside the rule's scope\n"
            """);
        Assert.Equal(ExampleStatus.Passed, result.Status);
        Assert.False(result.Failed);
        Assert.Equal(3, result.Examples.Count);
    }

    [Fact]
    public void A_finding_in_a_valid_example_is_noisy()
    {
        var result = RunWord("""
            examples:
              - path: text/a.txt
                valid: "fine\nstill forbidden here\n"
            """);
        Assert.Equal(ExampleStatus.Noisy, result.Status);
        var example = Assert.Single(result.Examples);
        var finding = Assert.Single(example.Unexpected);
        Assert.Equal(("UCG9901", "text/a.txt", 2, 7, 2, 16), (finding.RuleId, finding.Path, finding.Span.StartLine, finding.Span.StartColumn, finding.Span.EndLine, finding.Span.EndColumn));
        Assert.Empty(example.Missing);
    }

    [Fact]
    public void A_marked_span_the_rule_does_not_report_is_missing()
    {
        var result = RunWord("""
            examples:
              - path: text/a.txt
                invalid: "this [|allowed|] word is not reported\n"
            """);
        Assert.Equal(ExampleStatus.Missing, result.Status);
        var missing = Assert.Single(Assert.Single(result.Examples).Missing);
        Assert.Equal(("text/a.txt", 1, 6, 1, 13, "allowed"), (missing.Path, missing.Span.StartLine, missing.Span.StartColumn, missing.Span.EndLine, missing.Span.EndColumn, missing.Text));
    }

    [Fact]
    public void A_wrong_span_is_both_missing_and_noisy()
    {
        var result = RunWord("""
            examples:
              - path: text/a.txt
                invalid: "[|a forbidden|] word\n"
            """);
        Assert.Equal(ExampleStatus.Missing | ExampleStatus.Noisy, result.Status);
    }

    [Fact]
    public void An_invalid_example_outside_the_scopes_says_so()
    {
        var result = RunWord("""
            examples:
              - path: docs/a.txt
                invalid: "[|forbidden|]\n"
            """);
        Assert.Equal(ExampleStatus.Missing, result.Status);
        Assert.Equal("docs/a.txt is outside the rule's scopes (fixture-text)", result.Examples[0].Hint);
    }

    [Fact]
    public void Bad_markup_is_broken()
    {
        var result = RunWord("""
            examples:
              - path: text/a.txt
                invalid: "[|forbidden\n"
            """);
        Assert.Equal(ExampleStatus.Broken, result.Status);
        Assert.Equal("text/a.txt:1: '[|' is never closed with '|]'", result.Examples[0].Error);
    }

    [Fact]
    public void A_rule_without_examples_is_reported_but_not_failed()
    {
        var result = RunWord("");
        Assert.False(result.HasExamples);
        Assert.False(result.Failed);
    }

    [Fact]
    public void A_rule_without_a_class_is_broken()
    {
        var policy = FixturePolicy.Load("id: UCG9999\nname: ghost\nmessage: x\n");
        var result = Assert.Single(new RuleExampleRunner(policy, FixturePolicy.Catalog).Run(["UCG9999"]));
        Assert.Equal(ExampleStatus.Broken, result.Status);
        Assert.Contains("no rule class implements UCG9999", result.Error);
    }

    [Fact]
    public void Multi_file_examples_feed_repository_rules()
    {
        var policy = FixturePolicy.Load(FixturePolicy.PairRuleHeader + """
            examples:
              - path: a.want
                valid: |
                  nix/b.nix
                  --- path: nix/b.nix
                  { }
              - path: a.want
                invalid: |
                  [|nix/c.nix|]
                  --- path: nix/b.nix
                  { }
              - path: a.want
                valid: |
                  nix/c.nix
            """);
        var result = Assert.Single(new RuleExampleRunner(policy, FixturePolicy.Catalog).Run(["UCG9902"]));
        Assert.Equal([ExampleStatus.Passed, ExampleStatus.Passed, ExampleStatus.Noisy], result.Examples.Select(e => e.Status));
    }
}
