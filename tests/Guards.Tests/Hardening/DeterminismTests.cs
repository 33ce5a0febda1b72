using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// The same tree gives byte-identical JSON and SARIF: at one worker or eight, run after run, and
/// whatever order the file system lists the files in.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DeterminismTests
{
    private static string Render(ScanResult result, string format)
    {
        var writer = new StringWriter();
        Reporters.Find(format)!.Write(result, writer, new ReportOptions { Color = false });
        return writer.ToString();
    }

    [Fact]
    public void The_command_line_writes_identical_json_and_sarif_at_any_job_count_run_after_run()
    {
        using var output = new TempFolder("reports");
        var reports = new Dictionary<string, List<byte[]>>();
        foreach (var format in new[] { "json", "sarif" })
        {
            foreach (var jobs in new[] { "1", "8", "1", "8" })
            {
                var file = output[$"{format}-{jobs}-{Guid.NewGuid():N}.out"];
                var run = Hostile.Cli("check", Repo.SampleTree, "--format", format, "--jobs", jobs, "--output", file);
                Assert.True(run.ExitCode is 0 or 1, run.Stderr);
                reports.TryAdd(format, []);
                reports[format].Add(File.ReadAllBytes(file));
                var stdout = Hostile.Cli("check", Repo.SampleTree, "--format", format, "--jobs", jobs);
                reports[format].Add(System.Text.Encoding.UTF8.GetBytes(stdout.Stdout));
            }
        }
        foreach (var (format, all) in reports)
        {
            Assert.True(all[0].Length > 100, $"{format} report is empty");
            Assert.All(all, bytes => Assert.Equal(all[0], bytes));
        }
    }

    [Fact]
    public void Reports_do_not_depend_on_the_file_system_enumeration_order()
    {
        var expected = Probe.Scan(Repo.SampleTree, jobs: 1);
        Assert.NotEmpty(expected.Findings);
        var json = Render(expected, "json");
        var sarif = Render(expected, "sarif");

        foreach (var seed in new[] { 1, 7, 42, 1234 })
        {
            foreach (var jobs in new[] { 1, 8 })
            {
                var shuffled = new ShuffledTree(new WorkingTree(Repo.SampleTree), seed);
                var result = Probe.Scan(Repo.SampleTree, shuffled, jobs);
                Assert.Equal(json, Render(result, "json"));
                Assert.Equal(sarif, Render(result, "sarif"));
            }
        }
    }

    [Fact]
    public void Findings_are_sorted_and_fingerprints_are_unique_and_stable()
    {
        var first = Probe.Scan(Repo.SampleTree, jobs: 8);
        var second = Probe.Scan(Repo.SampleTree, jobs: 3);

        Assert.Equal(first.Findings.Select(f => f.Fingerprint), second.Findings.Select(f => f.Fingerprint));
        Assert.Equal(first.Findings.Count, first.Findings.Select(f => f.Fingerprint).Distinct().Count());
        var sorted = first.Findings.ToList();
        sorted.Sort(GuardsEngine.CompareFindings);
        Assert.Equal(sorted, first.Findings);
    }
}
