using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Msbuild.Tests;

public sealed class SeverityOverridesTests
{
    [Fact]
    public void Parses_pairs_separated_by_semicolons_or_commas()
    {
        Assert.True(SeverityOverrides.TryParse(" UCG1004=warning; ucg1003 = none ,UCG1001=Error ", out var map, out var problem));
        Assert.Null(problem);
        Assert.Equal(3, map.Count);
        Assert.Equal(Severity.Warning, map["UCG1004"]);
        Assert.Equal(Severity.None, map["UCG1003"]);
        Assert.Equal(Severity.Error, map["UCG1001"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_means_no_overrides(string? text)
    {
        Assert.True(SeverityOverrides.TryParse(text, out var map, out _));
        Assert.Empty(map);
    }

    [Theory]
    [InlineData("UCG1004", "not of the form")]
    [InlineData("=warning", "not of the form")]
    [InlineData("UCG1004=loud", "'loud' for UCG1004 is not a severity")]
    public void Rejects_malformed_entries(string text, string expected)
    {
        Assert.False(SeverityOverrides.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem);
    }
}
