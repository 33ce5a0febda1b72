using System.Buffers;
using System.Text;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>Whether a docs section presents what it holds as canonical.</summary>
public enum SectionKind
{
    /// <summary>Neither: mentions here are not judged.</summary>
    Neutral,
    /// <summary>A section about publishable, canonical, quickstart or regression checks.</summary>
    Canonical,
    /// <summary>A section that calls its content archived, legacy, debugging or non-product.</summary>
    NonCanonical,
}

/// <summary>Where a mention was found and how it is presented.</summary>
/// <param name="Offset">The char offset of the mention in the document.</param>
/// <param name="Where">"in the canonical-profile table", "in a command under \"Publishable Checks\"", ...</param>
public sealed record Mention(string Text, SourceSpan Span, int Offset, string Where);

/// <summary>
/// Finds names (legacy paths, archived helpers) that a Markdown document presents as canonical,
/// deciding from the document's structure: any cell of the canonical-profile table; a line of a
/// code block, inline code or prose inside a canonical section (the innermost heading that says
/// canonical or non-canonical decides) unless the sentence around it, the paragraph introducing
/// the code block or a comment on the command's line calls it archived, legacy, debugging or
/// non-product. A command (a code line, an inline code span) gives at most one mention. The
/// vocabulary is the <c>docs-sections</c> data of the policy.
/// </summary>
public sealed class CanonicalMentions
{
    private readonly PhraseMatcher _names;
    private readonly SectionWords _canonical;
    private readonly SectionWords _nonCanonical;
    private readonly IReadOnlyList<byte[][]> _nameWords;
    private readonly SearchValues<string> _needleWords;
    private readonly ProfileTableColumns _columns;

    /// <param name="names">Matched as whole words: bounded by characters that are not letters, digits or '_' (a hyphen bounds a word), so `netboot-worker-iso` holds `netboot-worker`.</param>
    public CanonicalMentions(IEnumerable<string> names, GuardsPolicy policy)
    {
        var list = names.Where(n => n.Trim().Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length).ToList();
        _names = new PhraseMatcher(list.Select(n => (n, StringComparison.Ordinal)), hyphenBetweenWords: false);
        var longestWords = list.Select(n => n.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).OrderByDescending(w => w.Length).First()).Distinct(StringComparer.Ordinal).ToArray();
        _nameWords = list.Select(n => PhraseMatcher.Words(n).OrderByDescending(w => w.Length).Select(Encoding.UTF8.GetBytes).ToArray()).ToList();
        _needleWords = SearchValues.Create(longestWords, StringComparison.Ordinal);
        var (canonical, nonCanonical) = Vocabulary(policy);
        _canonical = new SectionWords(canonical);
        _nonCanonical = new SectionWords(nonCanonical);
        _columns = ProfileData.TableColumns(policy);
    }

    /// <summary>
    /// The words that mark a section (canonical, legacy, ...), any case, each whole and not after a
    /// hyphen ("non-canonical" is not "canonical"). Single words are found by
    /// a multi-string search; an entry of several words (any white space between them) by a
    /// <see cref="PhraseMatcher"/>.
    /// </summary>
    private sealed class SectionWords
    {
        private readonly string[] _single;
        private readonly SearchValues<string>? _singleSearch;
        private readonly PhraseMatcher? _phrases;

        public SectionWords(IReadOnlyList<string> words)
        {
            _single = words.Where(w => w.Length > 0 && !w.Any(char.IsWhiteSpace)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            _singleSearch = _single.Length == 0 ? null : SearchValues.Create(_single, StringComparison.OrdinalIgnoreCase);
            var phrases = words.Where(w => w.Any(char.IsWhiteSpace) && w.Trim().Length > 0).ToList();
            if (phrases.Count > 0)
                _phrases = new PhraseMatcher(phrases.OrderByDescending(w => w.Length).Select(w => (w, StringComparison.OrdinalIgnoreCase)), hyphenBetweenWords: false);
        }

        public bool AnyIn(string text)
        {
            if (_singleSearch is not null)
            {
                var at = 0;
                while (at < text.Length)
                {
                    var found = text.AsSpan(at).IndexOfAny(_singleSearch);
                    if (found < 0) break;
                    var index = at + found;
                    foreach (var word in _single)
                    {
                        if (index + word.Length <= text.Length
                            && string.Compare(text, index, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                            && WordBoundary.IsWhole(text, index, word.Length, hyphenBefore: true))
                            return true;
                    }
                    at = index + 1;
                }
            }
            return _phrases is not null
                && _phrases.Matches(text, (index, length, _) => WordBoundary.IsWhole(text, index, length, hyphenBefore: true)).Any();
        }
    }

    private IEnumerable<(int Index, int Length)> Names(string text) =>
        MayHoldName(text) ? _names.Matches(text, (index, length, _) => WordBoundary.IsWhole(text, index, length)).Select(m => (m.Index, m.Length)) : [];

    /// <summary>The fast path of a text: false when it holds no name's longest word.</summary>
    private bool MayHoldName(string text) => text.AsSpan().IndexOfAny(_needleWords) >= 0;

    private bool MayHoldName(MdTextBlock block) =>
        block.Inlines.Any(inline => inline.Kind is MdInlineKind.Text or MdInlineKind.Code && MayHoldName(inline.Text));

    private static (IReadOnlyList<string> Canonical, IReadOnlyList<string> NonCanonical) Vocabulary(GuardsPolicy policy)
    {
        var section = policy.Section("docs-sections")?.AsMapping("docs-sections");
        return (section?.OptionalStringList("canonical", "docs-sections") ?? ["publishable", "canonical", "quickstart", "regression"],
                section?.OptionalStringList("non-canonical", "docs-sections") ?? ["archived", "legacy", "debugging", "non-product"]);
    }

    /// <summary>The fast path: false when no name has all its words in the file.</summary>
    public bool MayMatch(ReadOnlySpan<byte> utf8)
    {
        foreach (var words in _nameWords)
        {
            if (AllIn(utf8, words)) return true;
        }
        return false;
    }

    private static bool AllIn(ReadOnlySpan<byte> utf8, byte[][] words)
    {
        foreach (var word in words)
        {
            if (utf8.IndexOf(word) < 0) return false;
        }
        return true;
    }

    public SectionKind Classify(IReadOnlyList<MdHeading> headingPath) => Classify(headingPath, null);

    /// <summary>The innermost heading that says canonical or non-canonical decides; <paramref name="known"/> remembers each heading's word.</summary>
    private SectionKind Classify(IReadOnlyList<MdHeading> headingPath, Dictionary<MdHeading, SectionKind>? known)
    {
        for (var i = headingPath.Count - 1; i >= 0; i--)
        {
            var heading = headingPath[i];
            if (known is null || !known.TryGetValue(heading, out var kind))
            {
                var text = heading.Text;
                kind = _nonCanonical.AnyIn(text) ? SectionKind.NonCanonical
                    : _canonical.AnyIn(text) ? SectionKind.Canonical
                    : SectionKind.Neutral;
                known?.Add(heading, kind);
            }
            if (kind != SectionKind.Neutral) return kind;
        }
        return SectionKind.Neutral;
    }

    public bool SaysNonCanonical(string text) => _nonCanonical.AnyIn(text);

    /// <summary>Every mention of a name that the document presents as canonical.</summary>
    public IEnumerable<Mention> Find(MdDocument document)
    {
        var headings = new Dictionary<MdHeading, SectionKind>(ReferenceEqualityComparer.Instance);
        var tableBlocks = new HashSet<MdTextBlock>();
        foreach (var table in ProfileTable.Find(document, _columns))
        {
            foreach (var row in table.Table.Body)
            {
                foreach (var cell in row.Cells)
                {
                    tableBlocks.Add(cell.Content);
                    foreach (var mention in InBlock(document, cell.Content, "in the canonical-profile table"))
                        yield return mention;
                }
            }
            if (table.Table.Header is { } header)
            {
                foreach (var cell in header.Cells) tableBlocks.Add(cell.Content);
            }
        }

        foreach (var block in document.TextBlocks)
        {
            if (tableBlocks.Contains(block) || !MayHoldName(block)) continue;
            var path = block.Context.HeadingPath;
            if (Classify(path, headings) != SectionKind.Canonical) continue;
            var where = $"under \"{path[^1].Text}\"";
            foreach (var mention in InBlock(document, block, where))
            {
                if (!SaysNonCanonical(block.SentenceAt(mention.Offset))) yield return mention;
            }
        }

        foreach (var code in document.CodeBlocks)
        {
            if (!code.Lines.Any(line => MayHoldName(line.Text))) continue;
            var path = code.Context.HeadingPath;
            if (Classify(path, headings) != SectionKind.Canonical) continue;
            if (code.Lead is { } lead && SaysNonCanonical(lead.SentenceAt(lead.End - 1))) continue;
            foreach (var line in code.Lines)
            {
                var comment = line.Text.IndexOf(" #", StringComparison.Ordinal);
                if (comment >= 0 && SaysNonCanonical(line.Text[comment..])) continue;
                // One finding per command: `nix develop ./nix/test-cluster -c .../run-cluster.sh` is one legacy path.
                foreach (var match in Names(line.Text).Take(1))
                {
                    if (comment >= 0 && match.Index > comment) continue;
                    var start = line.Start + match.Index;
                    yield return new Mention(line.Text.Substring(match.Index, match.Length), document.Span(start, start + match.Length), start,
                        $"in a command under \"{path[^1].Text}\"");
                }
            }
        }
    }

    /// <summary>Names in the block's text and inline code (not in HTML or URLs).</summary>
    private IEnumerable<Mention> InBlock(MdDocument document, MdTextBlock block, string where)
    {
        foreach (var inline in block.Inlines)
        {
            if (inline.Kind is not (MdInlineKind.Text or MdInlineKind.Code)) continue;
            foreach (var match in Names(inline.Text))
            {
                var start = inline.TextStart + match.Index;
                yield return new Mention(inline.Text.Substring(match.Index, match.Length), document.Span(start, start + match.Length), start, where);
                // Inline code is one command: its first mention stands for it.
                if (inline.Kind == MdInlineKind.Code) break;
            }
        }
    }
}
