#if !NET9_0_OR_GREATER
// The rules are also built for net8.0, for the MSBuild task that the .NET 8 and 9 SDKs load. These
// stand in for the .NET 9 APIs the rules use, with the same results; the net10.0 build (the CLI,
// the editor server, the tests) never compiles them.
global using Lock = object;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>.NET 9's multi-string SearchValues, as the docs rules use it: the first place any of the strings occurs.</summary>
internal static class SearchValues
{
    public static SearchValues<string> Create(ReadOnlySpan<string> values, StringComparison comparison) => new(values.ToArray(), comparison);
}

internal sealed class SearchValues<T>(string[] values, StringComparison comparison)
{
    public int IndexOfAnyIn(ReadOnlySpan<char> text)
    {
        var first = -1;
        foreach (var value in values)
        {
            var found = text.IndexOf(value, comparison);
            if (found >= 0 && (first < 0 || found < first)) first = found;
        }
        return first;
    }
}

internal static class SearchValuesExtensions
{
    public static int IndexOfAny(this ReadOnlySpan<char> text, SearchValues<string> values) => values.IndexOfAnyIn(text);

    public static int IndexOfAny(this Span<char> text, SearchValues<string> values) => values.IndexOfAnyIn(text);
}
#endif
