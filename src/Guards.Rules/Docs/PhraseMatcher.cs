using System.Buffers;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// Finds phrases of words in text, left to right, without a regular expression: a phrase's words
/// are compared in place (ordinal, or ignoring case), and between two words any run of white
/// space is accepted ("coming soon", "coming\nsoon"), and with <c>hyphenBetweenWords</c> a run
/// with at most one hyphen in it too ("work-in-progress"). Building it costs next to nothing; a
/// scan is one vectorised multi-string search for the phrases' first words, each candidate then
/// compared in place. Among phrases starting at the same place the first in list order wins,
/// and the scan goes on after the accepted hit.
/// </summary>
internal sealed class PhraseMatcher
{
    private readonly (string[] Words, StringComparison Comparison)[] _phrases;
    private readonly bool _hyphenBetweenWords;
    private SearchValues<string>? _firstWords;

    public PhraseMatcher(IEnumerable<(string Phrase, StringComparison Comparison)> phrases, bool hyphenBetweenWords)
    {
        _phrases = phrases.Select(p => (Words(p.Phrase), p.Comparison)).Where(p => p.Item1.Length > 0).ToArray();
        _hyphenBetweenWords = hyphenBetweenWords;
    }

    // Built on first use: most runs (a pre-commit of code files) never match a phrase.
    private SearchValues<string> FirstWords => _firstWords ??=
        SearchValues.Create(_phrases.Select(p => p.Words[0]).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), StringComparison.OrdinalIgnoreCase);

    public static string[] Words(string phrase) => phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Every accepted hit as (index, length, phrase number), not overlapping one another. A hit
    /// the caller rejects (a word boundary, say) does not hide a later phrase at the same place
    /// or a hit that starts inside it.
    /// </summary>
    public IEnumerable<(int Index, int Length, int Phrase)> Matches(string text, Func<int, int, int, bool> accept)
    {
        if (_phrases.Length == 0) yield break;
        var firstWords = FirstWords;
        for (var at = 0; at < text.Length;)
        {
            var found = text.AsSpan(at).IndexOfAny(firstWords);
            if (found < 0) yield break;
            var index = at + found;
            var length = -1;
            for (var p = 0; p < _phrases.Length; p++)
            {
                length = MatchAt(text, index, _phrases[p]);
                if (length >= 0 && accept(index, length, p))
                {
                    yield return (index, length, p);
                    break;
                }
                length = -1;
            }
            at = length > 0 ? index + length : index + 1;
        }
    }

    /// <summary>The length of the phrase matched at <paramref name="index"/>, or -1.</summary>
    private int MatchAt(string text, int index, (string[] Words, StringComparison Comparison) phrase)
    {
        var at = index;
        for (var w = 0; w < phrase.Words.Length; w++)
        {
            if (w > 0)
            {
                var end = SeparatorEnd(text, at);
                if (end == at) return -1;
                at = end;
            }
            var word = phrase.Words[w];
            if (!text.AsSpan(at).StartsWith(word, phrase.Comparison)) return -1;
            at += word.Length;
        }
        return at - index;
    }

    /// <summary>Where the white space (and the one hyphen allowed) starting at <paramref name="at"/> ends.</summary>
    private int SeparatorEnd(string text, int at)
    {
        var end = at;
        var hyphenSeen = false;
        for (; end < text.Length; end++)
        {
            if (char.IsWhiteSpace(text[end])) continue;
            if (text[end] != '-' || !_hyphenBetweenWords || hyphenSeen) break;
            hyphenSeen = true;
        }
        return end;
    }
}
