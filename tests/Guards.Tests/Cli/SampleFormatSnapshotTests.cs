using System.Text.RegularExpressions;
using Snapshooter.Xunit;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>The JUnit, GitHub and Markdown reports of the sample tree through `uc-guards check`, byte for byte.</summary>
public class SampleFormatSnapshotTests
{
    private static string Check(string format)
    {
        var run = CliRun.Run("check", Repo.SampleTree, "--format", format);
        Assert.True(run.Exit == 1, run.ToString());
        // The summary line goes to standard error so that standard output stays machine-readable.
        Assert.StartsWith("uc-guards: ", run.Err);
        return run.Out;
    }

    [Fact]
    public void Junit_report_of_the_sample_tree() =>
        Snapshot.Match(Regex.Replace(Check("junit"), "time=\"[0-9.]+\"", "time=\"0\""));

    [Fact]
    public void Github_report_of_the_sample_tree() => Snapshot.Match(Check("github"));

    [Fact]
    public void Markdown_report_of_the_sample_tree() => Snapshot.Match(Check("markdown"));

    [Fact]
    public void Several_reports_from_one_run()
    {
        using var tree = new TestTree();
        var junit = Path.Combine(tree.Root, "guards.xml");
        var markdown = Path.Combine(tree.Root, "guards.md");
        var run = CliRun.Run("check", Repo.SampleTree, "--format", "github", "--report", $"junit={junit}", "--report", $"markdown={markdown}");
        Assert.Equal(1, run.Exit);
        Assert.StartsWith("::error file=", run.Out);
        Assert.Equal(Regex.Replace(Check("junit"), "time=\"[0-9.]+\"", "time=\"0\""), Regex.Replace(File.ReadAllText(junit), "time=\"[0-9.]+\"", "time=\"0\""));
        Assert.Equal(Check("markdown"), File.ReadAllText(markdown));
    }
}
