using System.Text.Json;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Tests.Support;
using static UltraCloud.Guards.Tests.Git.GitTestKit;

namespace UltraCloud.Guards.Tests.Git;

/// <summary>The git workflows through the command line, with the shipped rules.</summary>
public class GitCliTests
{
    [Fact]
    public void Check_staged_reports_the_staged_text_and_fails()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Commit("initial");
        repo.Write(Server, ServerWithStubAt(6)).Stage(Server);
        repo.Write(Server, CleanServer); // the work tree is already fixed; the commit would not be

        var result = CliRunner.InProcess("check", "--staged", repo.Root, "--color", "never");
        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        Assert.Equal(
            "error[UCG1001]: `todo!` left in shipped server code\n" +
            $" --> {Server}:6:5\n" +
            "  |\n" +
            "6 |     todo!()\n" +
            "  |     ^^^^^^^\n",
            string.Join("\n", result.Stdout.Replace("\r\n", "\n").Split('\n').Take(5)) + "\n");
        Assert.EndsWith("uc-guards: 1 error, 0 warnings; 1 files, 1 analyzed, 0 skipped", result.Stdout.Replace("\r\n", "\n").TrimEnd('\n')[..^" in 0.00s".Length]);

        Assert.Equal(ExitCodes.Clean, CliRunner.InProcess("check", repo.Root).ExitCode);
    }

    [Fact]
    public void Check_changed_since_passes_on_old_findings_and_writes_sarif_with_provenance()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Commit("base");
        var main = repo.Repo.Head.FriendlyName;
        repo.Branch("feature");
        repo.Write(Server, ServerWithStubAt(30)).Commit("shift");
        var sarifPath = repo.FullPath("guards.sarif");

        var result = CliRunner.InProcess("check", repo.Root, "--changed-since", main, "--format", "sarif", "--output", sarifPath);
        Assert.Equal(ExitCodes.Clean, result.ExitCode);
        var run = JsonDocument.Parse(File.ReadAllText(sarifPath)).RootElement.GetProperty("runs")[0];
        var only = run.GetProperty("results").EnumerateArray().Single();
        Assert.Equal("unchanged", only.GetProperty("baselineState").GetString());
        Assert.Equal(30, only.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("external", only.GetProperty("suppressions")[0].GetProperty("kind").GetString());
        Assert.Equal(repo.Repo.Head.Tip.Sha, run.GetProperty("versionControlProvenance")[0].GetProperty("revisionId").GetString());

        repo.Write(Server, ServerWithStubAt(30, extra: "fn f() { todo!() }"));
        Assert.Equal(ExitCodes.Findings, CliRunner.InProcess("check", repo.Root, "--changed-since", main).ExitCode);
    }

    [Fact]
    public void Baseline_then_check_with_it_passes_until_a_new_finding_appears()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4));
        Assert.Equal(ExitCodes.Findings, CliRunner.InProcess("check", repo.Root).ExitCode);
        Assert.Equal(ExitCodes.Clean, CliRunner.InProcess("baseline", repo.Root).ExitCode);
        var baseline = repo.FullPath("uc-guards.baseline.json");
        Assert.Equal(ExitCodes.Clean, CliRunner.InProcess("check", repo.Root, "--baseline", baseline).ExitCode);
        repo.Write(OtherServer, ServerWithStubAt(5));
        var result = CliRunner.InProcess("check", repo.Root, "--baseline", baseline, "--color", "never");
        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        Assert.Contains($" --> {OtherServer}:5:5", result.Stdout);
        Assert.DoesNotContain(Server, result.Stdout);
    }

    [Fact]
    public void Git_options_outside_a_repository_exit_2_with_a_message()
    {
        using var tree = new TestTree(("README.md", "# r\n"));
        var staged = CliRunner.InProcess("check", "--staged", tree.Root);
        Assert.Equal(ExitCodes.Usage, staged.ExitCode);
        Assert.Equal($"uc-guards: error: {tree.Root} is not inside a git repository\n", staged.Stderr.Replace("\r\n", "\n"));
        Assert.Equal(ExitCodes.Usage, CliRunner.InProcess("check", "--changed-since", "main", tree.Root).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.InProcess("hook", "install", tree.Root).ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.InProcess("drift", "--from", "v1", "-C", tree.Root).ExitCode);
    }
}
