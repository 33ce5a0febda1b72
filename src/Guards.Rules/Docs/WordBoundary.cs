using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// Matching with the linear-time engine (<see cref="RegexOptions.NonBacktracking"/>), which has
/// no look-around: word boundaries are checked here instead, and a rejected candidate restarts
/// the search one char later, so no match that starts inside it is lost.
/// </summary>
internal static class LinearMatch
{

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>True when the chars on either side of [index, index + length) are not word chars (or a hyphen before, when asked).</summary>
    public static bool IsWhole(string text, int index, int length, bool hyphenBefore = false)
    {
        if (index > 0 && (IsWordChar(text[index - 1]) || (hyphenBefore && text[index - 1] == '-'))) return false;
        return index + length >= text.Length || !IsWordChar(text[index + length]);
    }

    public static IEnumerable<Match> Matches(Regex regex, string text, Func<Match, bool> accept)
    {
        var at = 0;
        while (at <= text.Length)
        {
            var match = regex.Match(text, at);
            if (!match.Success) yield break;
            if (accept(match))
            {
                yield return match;
                at = match.Index + Math.Max(1, match.Length);
            }
            else
            {
                at = match.Index + 1;
            }
        }
    }
}
