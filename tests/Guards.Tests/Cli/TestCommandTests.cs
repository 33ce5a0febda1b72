using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

[Trait("Category", "Slow")]
public class TestCommandTests
{
    [Fact]
    public void Every_shipped_rule_has_examples_and_they_pass()
    {
        var run = CliRun.Run("test", "--require-examples");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Matches(@"uc-guards test: (\d+) rules, \1 passed, 0 noisy, 0 missing, 0 broken; every rule has examples", run.Out);
    }

    /// <summary>A rules folder: the shipped policy.yaml and engine rules, plus the given rule files.</summary>
    private static TestTree RulesFolder(params (string Name, string Text)[] ruleFiles)
    {
        var dir = new TestTree();
        var rules = Path.Combine(Repo.Root, "rules");
        foreach (var name in new[] { "policy.yaml", "UCG0001-parse-error.yaml", "UCG0002-bad-suppression.yaml", "UCG0003-unresolved.yaml" })
            dir.Write(name, File.ReadAllText(Path.Combine(rules, name)));
        foreach (var (name, text) in ruleFiles) dir.Write(name, text);
        return dir;
    }

    private const string StubMacroHeader = """
        id: UCG1001
        name: stub-macro
        title: Stub macro in shipped Rust code
        message: "`{0}!` left in shipped server code"
        scopes: [shipped-server-code]
        options:
          macros: [todo, unimplemented]

        """;

    [Fact]
    public void A_noisy_and_a_missing_example_fail_naming_rule_and_example()
    {
        using var dir = RulesFolder(("UCG1001-stub-macro.yaml", StubMacroHeader + """
            examples:
              - path: chainfire/crates/chainfire-server/src/lib.rs
                invalid: |
                  pub fn a() { [|todo!()|] }
              - path: chainfire/crates/chainfire-server/src/lib.rs
                valid: |
                  pub fn b() { todo!() }
              - path: chainfire/crates/chainfire-server/src/lib.rs
                invalid: |
                  // [|todo!()|] in a comment is not a stub
                  pub fn c() {}
            """));
        var run = CliRun.Run("test", dir.Root);

        Assert.Equal(1, run.Exit);
        Assert.Contains("MISSING+NOISY UCG1001 stub-macro", run.Out);
        Assert.Contains("UCG1001 example 2 (valid, chainfire/crates/chainfire-server/src/lib.rs) at ", run.Out);
        Assert.Contains("noisy: unexpected UCG1001 at chainfire/crates/chainfire-server/src/lib.rs:1:14-1:21: `todo!` left in shipped server code", run.Out);
        Assert.Contains("UCG1001 example 3 (invalid, chainfire/crates/chainfire-server/src/lib.rs) at ", run.Out);
        Assert.Contains("missing: expected UCG1001 at chainfire/crates/chainfire-server/src/lib.rs:1:4-1:11 on `todo!()`, not reported", run.Out);
        Assert.DoesNotContain("example 1 ", run.Out);
        Assert.Contains("uc-guards test: 4 rules, 3 passed, 1 noisy, 1 missing, 0 broken", run.Out);
    }

    [Fact]
    public void Broken_examples_and_rules_without_examples_are_reported()
    {
        using var dir = RulesFolder(("UCG1001-stub-macro.yaml", StubMacroHeader + """
            examples:
              - path: chainfire/crates/chainfire-server/src/lib.rs
                invalid: |
                  pub fn a() { [|todo!() }
            """),
            ("UCG1002-stub-status.yaml", "id: UCG1002\nname: stub-status\nmessage: \"{0}\"\nscopes: [shipped-server-code]\noptions:\n  status-functions: [unimplemented]\n  status-constructors: [new]\n  unimplemented-codes: [Unimplemented]\n  status-constants: [NOT_IMPLEMENTED]\n"));
        var run = CliRun.Run("test", dir.Root);
        Assert.Equal(1, run.Exit);
        Assert.Contains("BROKEN        UCG1001 stub-macro", run.Out);
        Assert.Contains("broken: chainfire/crates/chainfire-server/src/lib.rs:1: '[|' is never closed with '|]'", run.Out);
        Assert.Contains("no examples   UCG1002 stub-status", run.Out);
        Assert.Contains("1 without examples (UCG1002)", run.Out);

        // Without examples alone is a failure only when examples are required.
        using var onlyMissingExamples = RulesFolder(("UCG1002-stub-status.yaml", "id: UCG1002\nname: stub-status\nmessage: \"{0}\"\nscopes: [shipped-server-code]\noptions:\n  status-functions: [unimplemented]\n  status-constructors: [new]\n  unimplemented-codes: [Unimplemented]\n  status-constants: [NOT_IMPLEMENTED]\n"));
        Assert.Equal(0, CliRun.Run("test", onlyMissingExamples.Root, "--rule", "UCG1002").Exit);
        Assert.Equal(1, CliRun.Run("test", onlyMissingExamples.Root, "--rule", "UCG1002", "--require-examples").Exit);
    }

    [Fact]
    public void Rules_a_configuration_disables_are_skipped()
    {
        using var dir = new TestTree();
        var config = dir.WritePath("uc-guards.yaml", "disable: [UCG1003]\n");
        var run = CliRun.Run("test", "--config", config);
        Assert.Equal(0, run.Exit);
        Assert.Matches(@"skipped\s+UCG1003 completeness-marker\s+disabled by the configuration", run.Out);
    }

    [Fact]
    public void Unknown_rule_or_folder_is_a_usage_error()
    {
        Assert.Equal(2, CliRun.Run("test", "--rule", "UCG4242").Exit);
        Assert.Equal(2, CliRun.Run("test", Path.Combine(Path.GetTempPath(), "no-such-rules-" + Guid.NewGuid().ToString("N"))).Exit);
    }
}
