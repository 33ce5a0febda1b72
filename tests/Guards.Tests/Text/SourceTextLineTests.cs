using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Tests.Text;

/// <summary>Line starts and lengths in UTF-16 units, whatever ends the lines.</summary>
public sealed class SourceTextLineTests
{
    [Theory]
    [InlineData("ab\ncd\n", new[] { 0, 3, 6 }, new[] { 2, 2, 0 })]
    [InlineData("ab\r\ncd", new[] { 0, 4 }, new[] { 2, 2 })]
    [InlineData("ab\rcd\r\n\ré", new[] { 0, 3, 7, 8 }, new[] { 2, 2, 0, 1 })]
    [InlineData("", new[] { 0 }, new[] { 0 })]
    public void Each_line_starts_where_the_previous_break_ends(string text, int[] starts, int[] lengths)
    {
        var source = SourceText.FromString("x.txt", text);

        Assert.Equal(starts.Length, source.LineCount);
        Assert.Equal(starts, Enumerable.Range(1, source.LineCount).Select(source.CharOfLine).ToArray());
        Assert.Equal(lengths, Enumerable.Range(1, source.LineCount).Select(source.LineLength).ToArray());
    }

    [Fact]
    public void A_line_outside_the_text_is_clamped_to_its_first_or_last_line()
    {
        var source = SourceText.FromString("x.txt", "a\nbc");

        Assert.Equal((0, 2), (source.CharOfLine(0), source.CharOfLine(9)));
    }
}
