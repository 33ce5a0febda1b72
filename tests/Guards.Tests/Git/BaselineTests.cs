using UltraCloud.Guards.Engine.Session;
using System.Text.Json;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;
using static UltraCloud.Guards.Tests.Git.GitTestKit;

namespace UltraCloud.Guards.Tests.Git;

public class BaselineTests
{
    [Fact]
    public void A_baseline_accepts_old_findings_reports_new_ones_and_lists_stale_entries()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Write(OtherServer, ServerWithStubAt(8));
        var first = GuardsEngine.Scan(Options(repo));
        var baselinePath = repo.FullPath(BaselineFile.DefaultFileName);
        BaselineFile.FromFindings(first.Findings).Write(baselinePath);

        // Sorted by path then line: flaredb before iam.
        var json = JsonDocument.Parse(File.ReadAllText(baselinePath)).RootElement;
        Assert.Equal(2, json.GetProperty("schemaVersion").GetInt32());
        var entries = json.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal([OtherServer, Server], entries.Select(e => e.GetProperty("path").GetString()));
        Assert.Equal([8, 4], entries.Select(e => e.GetProperty("startLine").GetInt32()));
        Assert.Equal(first.Findings.Select(f => f.Fingerprint).Order(StringComparer.Ordinal),
            entries.Select(e => e.GetProperty("fingerprint").GetString()).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(repo.Root, "*.tmp"));

        // Shift the accepted stub, add a new one, fix the other file.
        repo.Write(Server, ServerWithStubAt(9, extra: "pub fn more() -> u32 {\n    todo!()\n}"));
        repo.Write(OtherServer, CleanServer);
        using var run = CheckRun.Execute(Options(repo), new CheckModes { BaselinePath = baselinePath, VersionControl = false });
        Assert.Equal([("UCG1001", Server, 9, 5), ("UCG1001", Server, 12, 5)], Tuples(run.Result.Findings));
        Assert.Equal([FindingComparison.Unchanged, FindingComparison.New], run.Result.Findings.Select(f => f.BaselineState));
        Assert.Equal("baseline", run.Result.Findings[0].Suppression?.Kind);
        Assert.Equal([("UCG1001", Server, 12, 5)], Tuples(run.Result.Active));
        Assert.Equal([(OtherServer, 8)], run.StaleBaseline.Select(e => (e.Path, e.StartLine)));
        // A stale entry is an absent result at the place it was recorded.
        Assert.Equal([("UCG1001", OtherServer, 8, 5)], Tuples(run.Absent));
    }

    [Fact]
    public void The_text_report_drops_baseline_findings_and_lists_stale_entries()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Write(OtherServer, ServerWithStubAt(5));
        var baselinePath = repo.FullPath("accepted.json");
        BaselineFile.FromFindings(GuardsEngine.Scan(Options(repo)).Findings).Write(baselinePath);
        repo.Write(OtherServer, CleanServer);

        using var run = CheckRun.Execute(Options(repo), new CheckModes { BaselinePath = baselinePath, VersionControl = false });
        var output = new StringWriter();
        new Engine.Reporting.TextReporter().Write(run.Result, output, new Engine.Reporting.ReportOptions { IncludeTiming = false });
        var stale = run.StaleBaseline.Single();
        Assert.Equal(
            $"note: 1 baseline entry no longer matches a finding (stale); `uc-guards baseline` rewrites the file without them\n" +
            $"  = UCG1001 {OtherServer}:5 ({stale.Fingerprint})\n\n" +
            // The sandbox holds server code only: the other rules say they had nothing to check.
            Engine.Reporting.TextReporter.IdleRulesLine(run.Result.IdleRules) + "\n" +
            "uc-guards: 0 errors, 0 warnings, 1 suppressed; 3 files, 1 analyzed, 0 skipped\n",
            output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void With_staged_only_the_staged_files_can_make_entries_stale()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Write(OtherServer, ServerWithStubAt(5)).Commit("initial");
        var baselinePath = repo.FullPath("accepted.json");
        BaselineFile.FromFindings(GuardsEngine.Scan(Options(repo)).Findings).Write(baselinePath);
        repo.Write(Server, ServerWithStubAt(6)).Stage(Server);

        using var run = CheckRun.Execute(Options(repo), new CheckModes { Staged = true, BaselinePath = baselinePath, VersionControl = false });
        Assert.Equal([("UCG1001", Server, 6, 5)], Tuples(run.Result.Findings));
        Assert.Equal(FindingComparison.Unchanged, run.Result.Findings[0].BaselineState);
        Assert.Empty(run.Result.Active);
        Assert.Empty(run.StaleBaseline);

        // A scan limited to one folder or one rule cannot call the others' entries stale.
        using var part = CheckRun.Execute(Options(repo, repo.FullPath("flaredb")) with { Rules = ["UCG1001"] }, new CheckModes { BaselinePath = baselinePath, VersionControl = false });
        Assert.Empty(part.StaleBaseline);
    }

    [Fact]
    public void A_malformed_baseline_is_a_configuration_error()
    {
        using var repo = new GitSandbox();
        var bad = repo.FullPath("bad.json");
        File.WriteAllText(bad, "{ \"findings\": [ { \"ruleId\": \"UCG1001\" } ] }");
        var ex = Assert.Throws<PolicyException>(() => BaselineFile.Load(bad));
        Assert.Contains("findings[0] needs a 'fingerprint' string", ex.Message);

        File.WriteAllText(bad, "not json");
        Assert.Throws<PolicyException>(() => BaselineFile.Load(bad));

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Usage, GuardsCommandLine.Run(["check", repo.Root, "--baseline", bad], stdout, stderr));
        Assert.StartsWith("uc-guards: configuration error: ", stderr.ToString());
    }

    [Fact]
    public void The_baseline_command_writes_the_default_file_at_the_root_atomically()
    {
        using var repo = new GitSandbox();
        repo.Write("README.md", "# a repository\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.Clean, GuardsCommandLine.Run(["baseline", repo.Root], stdout, stderr));
        var written = repo.FullPath(BaselineFile.DefaultFileName);
        Assert.Equal($"uc-guards: wrote 0 findings to {written}\n", stdout.ToString().Replace("\r\n", "\n"));
        Assert.Equal("{\n  \"schemaVersion\": 2,\n  \"tool\": \"uc-guards\",\n  \"findings\": []\n}\n", File.ReadAllText(written));
        Assert.Equal(ExitCodes.Clean, GuardsCommandLine.Run(["check", repo.Root, "--baseline", written], new StringWriter(), new StringWriter()));
    }
}
