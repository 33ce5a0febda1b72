using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Tests;

public class SeverityTests
{
    [Theory]
    [InlineData("error", Severity.Error)]
    [InlineData("Warning", Severity.Warning)]
    [InlineData("off", Severity.None)]
    public void Parses_severity_names(string text, Severity expected)
    {
        Assert.True(SeverityNames.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Rejects_unknown_severity_names() => Assert.False(SeverityNames.TryParse("fatal", out _));

    /// <summary>One threshold table for the CLI, the configuration and the MSBuild task: none never fails.</summary>
    [Theory]
    [InlineData(Severity.Error, Severity.Error, true)]
    [InlineData(Severity.Warning, Severity.Error, false)]
    [InlineData(Severity.Error, Severity.Warning, true)]
    [InlineData(Severity.Warning, Severity.Warning, true)]
    [InlineData(Severity.Note, Severity.Warning, false)]
    [InlineData(Severity.Note, Severity.Note, true)]
    [InlineData(Severity.Error, Severity.None, false)]
    [InlineData(Severity.Warning, Severity.None, false)]
    [InlineData(Severity.Note, Severity.None, false)]
    [InlineData(Severity.None, Severity.None, false)]
    [InlineData(Severity.None, Severity.Note, false)]
    public void A_finding_fails_at_a_threshold_and_none_never_fails(Severity finding, Severity failOn, bool fails) =>
        Assert.Equal(fails, finding.FailsAt(failOn));
}
