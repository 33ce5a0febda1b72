using System.Text.Json;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>
/// A flake the reader cannot decide is never a verified one: the run fails on the undecided
/// contract questions by default, and its summary always says how many of them it decided, also
/// when a repository makes UCG0003 a warning.
/// </summary>
public sealed class ContractQuestionSummaryTests
{
    // Every canonical configuration comes from an input the reader cannot see; the five other
    // entrypoints are missing (decided), and the nine configurations' existence and the 26
    // component questions on them are undecided.
    private const string UndecidableFlake = """
        {
          outputs = { self, nixpkgs, fleet }: {
            nixosConfigurations = fleet.lib.configurations;
          };
        }
        """;

    private const string Config = "version: 1\ndisable: [UCG2004, UCG2005, UCG2006, UCG2007, UCG2008]\n";

    [Fact]
    public void Undecided_contract_questions_fail_the_run_and_the_summary_counts_them()
    {
        using var tree = new TestTree(("uc-guards.yaml", Config), ("flake.nix", UndecidableFlake));
        var run = CliRunner.InProcess("check", tree.Root, "--color", "never");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"\nuc-guards: 6 errors, 0 warnings; 5 of 40 contract questions decided; 2 files, 0 analyzed, 0 skipped in \d+\.\d\ds\n$", run.Stdout);

        var summary = JsonDocument.Parse(CliRunner.InProcess("check", tree.Root, "--format", "json").Stdout).RootElement.GetProperty("summary");
        var questions = summary.GetProperty("contractQuestions");
        Assert.Equal((40, 5, 35), (questions.GetProperty("asked").GetInt32(), questions.GetProperty("decided").GetInt32(), questions.GetProperty("undecided").GetInt32()));
    }

    [Fact]
    public void A_repository_that_accepts_undecided_questions_sees_them_as_a_warning_and_still_reads_how_many_were_decided()
    {
        using var tree = new TestTree(("uc-guards.yaml", Config + "rules:\n  UCG0003:\n    severity: warning\n"), ("flake.nix", UndecidableFlake));
        var run = CliRunner.InProcess("check", tree.Root, "--color", "never");
        // The missing entrypoints still fail it; the undecided questions no longer do.
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("warning[UCG0003]", run.Stdout);
        Assert.Matches(@"\nuc-guards: 5 errors, 1 warning; 5 of 40 contract questions decided; 2 files, 0 analyzed, 0 skipped in \d+\.\d\ds\n$", run.Stdout);
    }

    [Fact]
    public void A_run_that_asks_no_contract_question_does_not_mention_them()
    {
        using var tree = new TestTree(("uc-guards.yaml", Config), ("flake.nix", "{ outputs = { self }: { }; }\n"), ("chainfire/crates/chainfire-server/src/main.rs", "fn main() {}\n"));
        var run = CliRunner.InProcess("check", tree.Root, "--color", "never", "--rule", "UCG1001");
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("contract question", run.Stdout);
    }
}
