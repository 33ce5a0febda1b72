using UltraCloud.Guards.Engine.Model;
using static UltraCloud.Guards.Msbuild.GuardsScan;

namespace UltraCloud.Guards.Msbuild.Tests;

public sealed class ClassifyTests
{
    [Theory]
    [InlineData(Severity.Error, Severity.Error, LogKind.Error)]
    [InlineData(Severity.Warning, Severity.Error, LogKind.Warning)]
    [InlineData(Severity.Note, Severity.Error, LogKind.Message)]
    [InlineData(Severity.Warning, Severity.Warning, LogKind.Error)]
    [InlineData(Severity.Note, Severity.Warning, LogKind.Message)]
    [InlineData(Severity.Note, Severity.Note, LogKind.Error)]
    [InlineData(Severity.Error, Severity.None, LogKind.Warning)]
    [InlineData(Severity.Note, Severity.None, LogKind.Message)]
    [InlineData(Severity.None, Severity.Note, LogKind.None)]
    public void Findings_at_or_above_the_threshold_fail_the_build(Severity severity, Severity failOn, LogKind expected) =>
        Assert.Equal(expected, Classify(severity, failOn));
}
