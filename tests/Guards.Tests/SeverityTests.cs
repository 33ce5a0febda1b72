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
}
