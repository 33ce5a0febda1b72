using System.Buffers;
using System.Text;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>How an entry of the wording list compares letter case.</summary>
public enum WordingCase
{
    /// <summary>Any case: "coming soon", "Coming Soon", "COMING SOON".</summary>
    Any,
    /// <summary>Only in upper case: TODO, not "todo" (an ordinary English word in prose).</summary>
    Upper,
    /// <summary>Exactly as written in the list.</summary>
    Exact,
}

public sealed record WordingEntry(string Phrase, WordingCase Case);

public readonly record struct WordingHit(WordingEntry Entry, int Index, int Length, string Text);

/// <summary>
/// The unfinished-wording list of UCG1004, compiled once per scan: each phrase on word boundaries
/// (no hit inside "todoist" or "TODO_COUNT"), a space in a phrase matching any run of white space
/// or a hyphen ("work-in-progress"), with the entry's case rule. A hit inside an <c>allow</c>
/// phrase (a scope statement) or quoted as a term (<c>"TODO"</c>, “coming soon”) is a mention, not
/// unfinished wording, and is not returned.
/// </summary>
public sealed class WordingList
{
    private readonly PhraseMatcher _phrases;
    private readonly PhraseMatcher? _allow;
    private readonly SearchValues<string> _needles;

    public WordingList(IReadOnlyList<WordingEntry> entries, IReadOnlyList<string> allow)
    {
        Entries = entries;
        Allow = allow;
        _phrases = new PhraseMatcher(entries.Select(e => e.Case switch
        {
            WordingCase.Any => (e.Phrase, StringComparison.OrdinalIgnoreCase),
            WordingCase.Upper => (e.Phrase.ToUpperInvariant(), StringComparison.Ordinal),
            _ => (e.Phrase, StringComparison.Ordinal),
        }), hyphenBetweenWords: true);
        if (allow.Count > 0) _allow = new PhraseMatcher(allow.Select(a => (a, StringComparison.OrdinalIgnoreCase)), hyphenBetweenWords: true);
        // The fast path: the longest word of every phrase, in any case.
        _needles = SearchValues.Create(
            entries.Select(e => PhraseMatcher.Words(e.Phrase).OrderByDescending(w => w.Length).First()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            StringComparison.OrdinalIgnoreCase);
    }

    public IReadOnlyList<WordingEntry> Entries { get; }
    public IReadOnlyList<string> Allow { get; }

    /// <summary>False when the text cannot hold any entry (never false when it can).</summary>
    public bool MayMatch(ReadOnlySpan<char> text) => Entries.Count > 0 && text.IndexOfAny(_needles) >= 0;

    public bool MayMatch(ReadOnlySpan<byte> utf8)
    {
        if (Entries.Count == 0) return false;
        if (System.Text.Ascii.IsValid(utf8))
        {
            var chars = ArrayPool<char>.Shared.Rent(utf8.Length);
            try
            {
                var n = Encoding.ASCII.GetChars(utf8, chars);
                return MayMatch(chars.AsSpan(0, n));
            }
            finally { ArrayPool<char>.Shared.Return(chars); }
        }
        return MayMatch(Encoding.UTF8.GetString(utf8));
    }

    /// <summary>Every entry found in the text, left to right, mentions and allowed scope statements excluded.</summary>
    public IEnumerable<WordingHit> Find(string text)
    {
        List<(int Start, int End)>? allowed = null;
        foreach (var (index, length, phrase) in _phrases.Matches(text, (index, length, phrase) => Bounded(text, index, length, Entries[phrase])))
        {
            if (IsQuotedMention(text, index, length)) continue;
            if (_allow is not null)
            {
                allowed ??= _allow.Matches(text, (i, n, _) => WordBoundary.IsWhole(text, i, n)).Select(m => (m.Index, m.Index + m.Length)).ToList();
                if (allowed.Any(a => a.Start <= index && index + length <= a.End)) continue;
            }
            yield return new WordingHit(Entries[phrase], index, length, text.Substring(index, length));
        }
    }

    /// <summary>Word boundaries on the sides where the phrase starts or ends with a word char.</summary>
    private static bool Bounded(string text, int index, int length, WordingEntry entry)
    {
        if (WordBoundary.IsWordChar(entry.Phrase[0]) && index > 0 && WordBoundary.IsWordChar(text[index - 1])) return false;
        var end = index + length;
        return !(WordBoundary.IsWordChar(entry.Phrase[^1]) && end < text.Length && WordBoundary.IsWordChar(text[end]));
    }

    private static readonly (char Open, char Close)[] s_quotes = [('"', '"'), ('\'', '\''), ('\u201C', '\u201D'), ('\u2018', '\u2019'), ('\u00AB', '\u00BB')];

    /// <summary>"TODO" or “coming soon”: the term itself is being talked about.</summary>
    private static bool IsQuotedMention(string text, int index, int length)
    {
        if (index == 0 || index + length >= text.Length) return false;
        var before = text[index - 1];
        var after = text[index + length];
        foreach (var (open, close) in s_quotes)
        {
            if (before == open && after == close) return true;
        }
        return false;
    }

    /// <summary>
    /// Reads the rule's options: <c>wording</c> (entries <c>{phrase, case}</c> or plain strings,
    /// which are <see cref="WordingCase.Upper"/> when written in upper case and
    /// <see cref="WordingCase.Any"/> otherwise) and <c>allow</c> (plain phrases).
    /// </summary>
    public static WordingList FromOptions(PolicyMapping options, string ruleId)
    {
        var entries = new List<WordingEntry>();
        var seen = new HashSet<(string, WordingCase)>();
        var wording = options["wording"];
        foreach (var item in wording is null ? [] : wording.AsSequence($"{ruleId}.options.wording").Items)
        {
            WordingEntry entry;
            if (item is PolicyScalar scalar)
            {
                entry = new WordingEntry(Validate(scalar, scalar.Value, ruleId), DefaultCase(scalar.Value));
            }
            else
            {
                var map = item.AsMapping($"each entry of {ruleId}.options.wording").OnlyKeys($"{ruleId}.options.wording entry", "phrase", "case");
                var phraseNode = map.Required("phrase", $"{ruleId}.options.wording entry");
                var phrase = Validate(phraseNode, phraseNode.AsString("phrase"), ruleId);
                var caseNode = map["case"];
                var caseRule = caseNode is null
                    ? DefaultCase(phrase)
                    : caseNode.AsString("case").Trim().ToLowerInvariant() switch
                    {
                        "any" => WordingCase.Any,
                        "upper" => WordingCase.Upper,
                        "exact" => WordingCase.Exact,
                        _ => throw new PolicyException(caseNode, $"unknown case rule '{caseNode}' in {ruleId}.options.wording (any, upper, exact)"),
                    };
                entry = new WordingEntry(phrase, caseRule);
            }
            if (seen.Add((entry.Phrase, entry.Case))) entries.Add(entry);
        }

        var allow = new List<string>();
        var allowNode = options["allow"];
        foreach (var item in allowNode is null ? [] : allowNode.AsSequence($"{ruleId}.options.allow").Items)
        {
            var phrase = item.AsString($"each entry of {ruleId}.options.allow");
            allow.Add(Validate(item, phrase, ruleId));
        }
        return new WordingList(entries, allow);
    }

    private static string Validate(PolicyNode where, string phrase, string ruleId)
    {
        var trimmed = string.Join(' ', PhraseMatcher.Words(phrase));
        if (trimmed.Length == 0) throw new PolicyException(where, $"empty phrase in {ruleId} options");
        return trimmed;
    }

    private static WordingCase DefaultCase(string phrase) =>
        phrase.Any(char.IsLetter) && phrase.Where(char.IsLetter).All(char.IsUpper) ? WordingCase.Upper : WordingCase.Any;
}
