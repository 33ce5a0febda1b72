using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

[Trait("Category", "Slow")]
public class CheckCommandProcessTests
{
    [Fact]
    public void Exit_0_on_a_clean_tree()
    {
        using var tree = new TestTree(("chainfire/crates/chainfire-server/src/main.rs", "fn main() {}\n"));
        var result = CliRunner.Process(tree.Root, "check", ".");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("uc-guards: 0 errors, 0 warnings", result.Stdout);
        Assert.DoesNotContain("\u001b[", result.Stdout);
    }

    [Fact]
    public void Exit_1_on_an_error_finding_with_rustc_style_text()
    {
        using var tree = new TestTree(("chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n"));
        var result = CliRunner.Process(tree.Root, "check");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error[UCG1001]: `todo!` left in shipped server code\n --> chainfire/crates/chainfire-server/src/main.rs:2:5\n", result.Stdout);
        Assert.Contains("2 |     todo!()\n  |     ^^^^^^^\n", result.Stdout);
    }

    [Fact]
    public void Exit_2_on_a_broken_configuration_naming_file_line_and_key()
    {
        using var tree = new TestTree(
            ("chainfire/crates/chainfire-server/src/main.rs", "fn main() {}\n"),
            ("uc-guards.yaml", "version: 1\nrules:\n  UCG1001:\n    severty: warning\n"));
        var result = CliRunner.Process(tree.Root, "check");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("uc-guards.yaml:4:5: unknown key 'severty' in rules.UCG1001", result.Stderr);
    }

    [Fact]
    public void Exit_2_on_malformed_yaml()
    {
        using var tree = new TestTree(("uc-guards.yaml", "rules: [unclosed\n"));
        var result = CliRunner.InProcess("check", tree.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("uc-guards.yaml:2:1: malformed YAML", result.Stderr);
    }

    [Theory]
    [InlineData("check", "--rule", "UCG9999")]
    [InlineData("check", "--format", "xml")]
    [InlineData("check", "--no-such-option")]
    public void Exit_2_on_usage_errors(params string[] args)
    {
        using var tree = new TestTree(("README.md", "# x\n"));
        var result = CliRunner.InProcess([.. args, tree.Root]);
        Assert.Equal(2, result.ExitCode);
        Assert.NotEqual("", result.Stderr);
    }

    [Fact]
    public void Exit_2_when_the_output_folder_does_not_exist()
    {
        using var tree = new TestTree(("README.md", "# x\n"));
        var result = CliRunner.InProcess("check", tree.Root, "--format", "sarif", "--output", Path.Combine(tree.Root, "missing", "out.sarif"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("folder does not exist", result.Stderr);
    }

    [Fact]
    public void A_warning_threshold_from_configuration_fails_on_warnings()
    {
        using var tree = new TestTree(
            ("chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n"),
            ("uc-guards.yaml", "fail-on: warning\nrules:\n  UCG1001:\n    severity: warning\n"));
        Assert.Equal(1, CliRunner.InProcess("check", tree.Root).ExitCode);

        tree.Write("uc-guards.yaml", "rules:\n  UCG1001:\n    severity: warning\n");
        Assert.Equal(0, CliRunner.InProcess("check", tree.Root).ExitCode);
    }

    [Fact]
    public void Fail_on_none_never_fails_from_configuration_or_the_command_line()
    {
        using var tree = new TestTree(
            ("chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n"),
            ("uc-guards.yaml", "fail-on: none\n"));
        var configured = CliRunner.InProcess("check", tree.Root);
        Assert.Equal(0, configured.ExitCode);
        Assert.Contains("error[UCG1001]", configured.Stdout);

        tree.Write("uc-guards.yaml", "version: 1\n");
        Assert.Equal(1, CliRunner.InProcess("check", tree.Root).ExitCode);
        Assert.Equal(0, CliRunner.InProcess("check", tree.Root, "--fail-on", "none").ExitCode);
        Assert.Equal(1, CliRunner.InProcess("check", tree.Root, "--fail-on", "note").ExitCode);
    }

    [Fact]
    public void An_unknown_fail_on_value_is_refused_before_the_scan()
    {
        using var tree = new TestTree(("README.md", "# x\n"));
        var result = CliRunner.InProcess("check", tree.Root, "--fail-on", "bogus", "--format", "json", "--output", Path.Combine(tree.Root, "report.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--fail-on: unknown severity 'bogus' (error, warning, note or none (never fail))", result.Stderr);
        Assert.False(File.Exists(Path.Combine(tree.Root, "report.json")));
    }
}
