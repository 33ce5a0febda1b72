using System.Text.Json;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>
/// A run that checked nothing is never green: rules whose scopes hold no file are named in the
/// summary (and in JSON and SARIF), and a run where every rule that ran had nothing to read exits 2.
/// </summary>
public sealed class IdleRuleTests
{
    [Fact]
    public void A_tree_with_nothing_in_any_scope_exits_2_and_says_why()
    {
        using var tree = new TestTree(("src/main.rs", "fn main() {\n    todo!()\n}\n"), ("notes/plan.md", "TODO\n"));
        var run = CliRunner.InProcess("check", tree.Root, "--color", "never");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(
            "uc-guards: 14 rules checked nothing, no file here is in their scopes: UCG1001, UCG1002 (shipped-server-code); UCG1003 (provider-server-code); " +
            "UCG1004, UCG2005, UCG2008 (published-docs, add-on-docs, harness-files); UCG1005 (published-docs, add-on-docs, harness-files, cargo-workspaces, flake); " +
            "UCG1006 (csharp-code); UCG2001, UCG2002, UCG2003, UCG2007 (flake); UCG2004 (published-docs); UCG2006 (rollout-tests);", run.Stdout);
        Assert.Contains("uc-guards: error: nothing was checked: no file of", run.Stderr);
        Assert.Contains("`uc-guards init`", run.Stderr);
    }

    [Fact]
    public void Rules_without_files_are_named_and_the_others_still_decide_the_exit_code()
    {
        using var tree = new TestTree(("chainfire/crates/chainfire-server/src/main.rs", "fn main() {}\n"), ("uc-guards.yaml", "version: 1\ndisable: [UCG1003, UCG1004, UCG1005, UCG1006, UCG2001, UCG2002, UCG2003, UCG2004, UCG2005, UCG2006, UCG2007]\n"));
        var run = CliRunner.InProcess("check", tree.Root, "--color", "never");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("uc-guards: 1 rule checked nothing, no file here is in their scopes: UCG2008 (published-docs, add-on-docs, harness-files); `uc-guards init` writes scopes that describe this repository, and its `disable:` list turns off a rule it has no use for\n", run.Stdout);
        // The rules with files in scope are not named.
        Assert.DoesNotContain("UCG1001", run.Stdout);
        Assert.Matches(@"\nuc-guards: 0 errors, 0 warnings; 2 files, 0 analyzed, 0 skipped in \d+\.\d\ds\n$", run.Stdout);

        var json = JsonDocument.Parse(CliRunner.InProcess("check", tree.Root, "--format", "json").Stdout).RootElement;
        var idle = json.GetProperty("summary").GetProperty("rulesWithoutFiles");
        Assert.Equal(["UCG2008"], idle.EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()));

        var sarif = JsonDocument.Parse(CliRunner.InProcess("check", tree.Root, "--format", "sarif").Stdout).RootElement;
        var notes = sarif.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications");
        Assert.Contains(notes.EnumerateArray(), n => n.GetProperty("level").GetString() == "warning"
            && n.GetProperty("message").GetProperty("text").GetString()!.StartsWith("UCG2008 checked nothing", StringComparison.Ordinal));
    }
}
