using System.Text;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Tests.Text;

public sealed class SourceTextSearchTests
{
    [Theory]
    [InlineData("| Profile | Canonical entrypoints |", "canonical ENTRYPOINTS", true)]
    [InlineData("| Profile | Canonical  entrypoints |", "canonical entrypoints", false)]
    [InlineData("CCanonical entrypoints", "Canonical entrypoints", true)]
    [InlineData("Canonical entrypoint", "Canonical entrypoints", false)]
    [InlineData("", "x", false)]
    [InlineData("abc", "", true)]
    [InlineData("“Canonical” — entrypoints", "entrypoints", true)]
    [InlineData("Entrypoınts with a dotless i", "entrypoints", false)]
    [InlineData("café entrypoints", "CAFÉ", true)]
    public void Finds_a_value_ignoring_case_exactly_as_OrdinalIgnoreCase_does(string text, string value, bool expected)
    {
        var source = SourceText.FromBytes("docs/a.md", Encoding.UTF8.GetBytes(text));

        Assert.Equal(expected, source.ContainsIgnoreCase(value));
        Assert.Equal(text.Contains(value, StringComparison.OrdinalIgnoreCase), expected);
    }
}
