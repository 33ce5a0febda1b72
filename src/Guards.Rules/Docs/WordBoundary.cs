namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// Word boundaries, checked in code: the linear-time regex engine (NonBacktracking) has no
/// look-around, and phrase matching uses no regex at all.
/// </summary>
internal static class WordBoundary
{
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>True when the chars on either side of [index, index + length) are not word chars (or a hyphen before, when asked).</summary>
    public static bool IsWhole(string text, int index, int length, bool hyphenBefore = false)
    {
        if (index > 0 && (IsWordChar(text[index - 1]) || (hyphenBefore && text[index - 1] == '-'))) return false;
        return index + length >= text.Length || !IsWordChar(text[index + length]);
    }
}
