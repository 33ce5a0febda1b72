using Snapshooter.Xunit;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>The reports of the shipped sample tree, byte for byte.</summary>
public class SampleReportSnapshotTests
{
    private static string Render(IReporter reporter, int jobs = 0)
    {
        var result = GuardsEngine.Scan(new ScanOptions { Path = Repo.SampleTree, Jobs = jobs });
        using var writer = new StringWriter();
        reporter.Write(result, writer, new ReportOptions { IncludeTiming = false });
        return writer.ToString();
    }

    [Fact]
    public void Text_report_of_the_sample_tree() => Snapshot.Match(Render(new TextReporter()));

    [Fact]
    public void Sarif_report_of_the_sample_tree() => Snapshot.Match(Render(new SarifReporter()));

    [Fact]
    public void Json_report_of_the_sample_tree() => Snapshot.Match(Render(new JsonReporter()));

    [Fact]
    public void Json_report_is_identical_at_any_degree_of_parallelism()
    {
        var one = Render(new JsonReporter(), jobs: 1);
        Assert.Equal(one, Render(new JsonReporter(), jobs: 8));
        Assert.Equal(one, Render(new JsonReporter(), jobs: 1));
    }
}
