using System.Buffers;
using System.Text;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Markdown;

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

/// <summary>What a phrase of the wording list says, which decides how its sentence is read (see <see cref="WordingJudgement"/>).</summary>
public enum WordingKind
{
    /// <summary>A label that marks text unfinished by itself (TODO, TBD, "to be documented"): only a mention, a quotation or release notes excuse it.</summary>
    Label,
    /// <summary>A statement about the state of something ("coming soon", "not yet implemented"): it may be about an upstream, a release, a hypothetical case, or a precise scope.</summary>
    Status,
    /// <summary>A phrase whose noun is also a technical term ("is a placeholder", "is a stub"): it may name that concept.</summary>
    Term,
}

/// <param name="Term">For <see cref="WordingKind.Term"/>, the noun that can be a technical term ("placeholder").</param>
public sealed record WordingEntry(string Phrase, WordingCase Case, WordingKind Kind = WordingKind.Label, string? Term = null);

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
    private readonly SearchValues<string>? _needlesAsWritten;
    private readonly SearchValues<string>? _needlesAnyCase;

    public WordingList(IReadOnlyList<WordingEntry> entries, IReadOnlyList<string> allow)
    {
        Entries = entries;
        Allow = allow;
        var phrases = entries.Select(e => e.Case switch
        {
            WordingCase.Any => (e.Phrase, StringComparison.OrdinalIgnoreCase),
            WordingCase.Upper => (e.Phrase.ToUpperInvariant(), StringComparison.Ordinal),
            _ => (e.Phrase, StringComparison.Ordinal),
        }).ToList();
        _phrases = new PhraseMatcher(phrases, hyphenBetweenWords: true);
        if (allow.Count > 0) _allow = new PhraseMatcher(allow.Select(a => (a, StringComparison.OrdinalIgnoreCase)), hyphenBetweenWords: true);
        // The fast path: the longest word of every phrase, compared as the phrase is.
        _needlesAsWritten = Needles(phrases, StringComparison.Ordinal);
        _needlesAnyCase = Needles(phrases, StringComparison.OrdinalIgnoreCase);
    }

    private static SearchValues<string>? Needles(List<(string Phrase, StringComparison Comparison)> phrases, StringComparison comparison)
    {
        var words = phrases.Where(p => p.Comparison == comparison)
            .Select(p => PhraseMatcher.Words(p.Phrase).MaxBy(w => w.Length)!)
            .Distinct(comparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return words.Length == 0 ? null : SearchValues.Create(words, comparison);
    }

    public IReadOnlyList<WordingEntry> Entries { get; }
    public IReadOnlyList<string> Allow { get; }

    /// <summary>False when the text cannot hold any entry (never false when it can).</summary>
    public bool MayMatch(ReadOnlySpan<char> text) => NextNeedle(text, 0) >= 0;

    /// <summary>
    /// False when no entry can be in the Markdown document's prose: the text holds none, or only
    /// inside fenced code blocks (when <see cref="FencedCodeScan"/> can place them).
    /// </summary>
    public bool MayMatchInMarkdownProse(ReadOnlySpan<char> text)
    {
        var at = NextNeedle(text, 0);
        if (at < 0) return false;
        var fences = new List<(int Start, int End)>();
        if (!FencedCodeScan.TryFind(text, fences)) return true;
        for (; at >= 0; at = NextNeedle(text, at + 1))
        {
            var fence = FencedCodeScan.BlockAt(fences, at);
            if (fence < 0) return true;
            at = fences[fence].End - 1;
        }
        return false;
    }

    /// <summary>Where the first phrase's longest word at or after <paramref name="from"/> starts, or -1.</summary>
    private int NextNeedle(ReadOnlySpan<char> text, int from)
    {
        if (from >= text.Length) return -1;
        var rest = text[from..];
        var asWritten = _needlesAsWritten is null ? -1 : rest.IndexOfAny(_needlesAsWritten);
        var anyCase = _needlesAnyCase is null ? -1 : (asWritten < 0 ? rest : rest[..asWritten]).IndexOfAny(_needlesAnyCase);
        var found = anyCase >= 0 ? anyCase : asWritten;
        return found < 0 ? -1 : from + found;
    }

    public bool MayMatch(ReadOnlySpan<byte> utf8) => OnChars(utf8, markdown: false);

    public bool MayMatchInMarkdownProse(ReadOnlySpan<byte> utf8) => OnChars(utf8, markdown: true);

    private bool OnChars(ReadOnlySpan<byte> utf8, bool markdown)
    {
        if (Entries.Count == 0) return false;
        // UTF-8 never decodes to more chars than it has bytes.
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(utf8.Length, 1));
        try
        {
            var text = chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
            return markdown ? MayMatchInMarkdownProse(text) : MayMatch(text);
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
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
    /// <summary>The list a rule's options mapping describes (UCG1004's typed options, read without the unknown-key check).</summary>
    public static WordingList FromOptions(PolicyMapping options, string ruleId)
    {
        var read = UnfinishedWordingOptions.Read(RuleOptionsReader.For(ruleId, options));
        return new WordingList(read.Wording, read.Allow);
    }

    /// <summary>A plain wording entry: upper case when written in upper case, any case otherwise.</summary>
    internal static WordingEntry PlainEntry(PolicyScalar scalar)
    {
        var phrase = Phrase(scalar.Value, scalar);
        return new WordingEntry(phrase, DefaultCase(phrase));
    }

    /// <summary>The phrase with its white space collapsed; an empty one is a configuration error at its place.</summary>
    internal static string Phrase(string phrase, PolicyNode? where)
    {
        var trimmed = string.Join(' ', PhraseMatcher.Words(phrase));
        if (trimmed.Length == 0 && where is not null) throw new PolicyException(where, "empty phrase in UCG1004 options");
        return trimmed;
    }

    internal static WordingCase DefaultCase(string phrase) =>
        phrase.Any(char.IsLetter) && phrase.Where(char.IsLetter).All(char.IsUpper) ? WordingCase.Upper : WordingCase.Any;
}
