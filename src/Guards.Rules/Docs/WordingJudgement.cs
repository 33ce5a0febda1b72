using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Markdown;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>Why a hit of the wording list in Markdown prose is, or is not, unfinished wording.</summary>
public enum WordingVerdict
{
    /// <summary>The sentence marks the documented surface unfinished: a finding.</summary>
    Unfinished,
    /// <summary>Release notes or a changelog: what was unfinished in a past release is history.</summary>
    ReleaseNotes,
    /// <summary>Inside a quotation: somebody else's words.</summary>
    Quotation,
    /// <summary>The marker is the object of the sentence: "TODO comments", a file TODO.md.</summary>
    Mention,
    /// <summary>The phrase names a technical term: "`Item` is a placeholder", a document about placeholders.</summary>
    TechnicalTerm,
    /// <summary>The sentence is about an upstream or a named third party, not the documented surface.</summary>
    Upstream,
    /// <summary>The statement's subject is a release or a version: a schedule, not an unfinished surface.</summary>
    Schedule,
    /// <summary>The phrase sits in a conditional clause ("if the method is not yet implemented"): a hypothetical case.</summary>
    Hypothetical,
    /// <summary>The statement gives its reason or its tracking issue: a precise scope statement.</summary>
    ScopeStatement,
    /// <summary>The sentence is about a contribution (a pull request, a commit, a branch), not the documented surface.</summary>
    Contribution,
}

/// <summary>
/// How UCG1004 reads the sentence around a hit in Markdown, from the Markdig syntax tree as the
/// Markdown frontend models it (the block's text with each char's inline kind: prose, inline code,
/// link text; its sentences; its headings): wording that marks the documented surface unfinished
/// is a finding, wording that talks about unfinished things is not. For every kind of phrase: a
/// release-notes or changelog context (by path or heading), a quotation, or a mention of the
/// marker as an object ("TODO comments", <c>TODO.md</c>). For a status phrase ("coming soon", "not
/// yet implemented"): a conditional clause, a sentence about an upstream, a subject that is a
/// release or version, or a statement that gives its reason or tracking issue. For a technical
/// term ("is a placeholder"): a clause whose subject is inline code, or a document that uses the
/// term's noun as a term of its own. Every list is rule data.
/// </summary>
public sealed class WordingJudgement
{
    /// <summary>Words that open a clause. English grammar, not policy: the conditional ones make the clause hypothetical.</summary>
    private static readonly HashSet<string> ClauseOpeners = new(StringComparer.OrdinalIgnoreCase)
        { "that", "which", "who", "where", "while", "because", "since", "although", "though", "and", "but", "or", "so", "then", "if", "unless", "whether", "when", "whenever" };

    private static readonly HashSet<string> ConditionalOpeners = new(StringComparer.OrdinalIgnoreCase) { "if", "unless", "whether", "when", "whenever" };

    /// <summary>A determiner before a marker and one of these words after it make the marker a noun being talked about: "until the TODO is fixed".</summary>
    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase) { "the", "a", "an", "this", "that", "each", "every", "any", "no", "one", "another" };

    private static readonly HashSet<string> NounFollowers = new(StringComparer.OrdinalIgnoreCase)
        { "is", "was", "are", "were", "gets", "got", "has", "had", "must", "should", "can", "will", "would", "stays", "remains", "in", "on", "at", "from", "left" };

    /// <summary>How many words before a phrase are read as its subject.</summary>
    private const int SubjectWords = 12;

    /// <summary>How many words before a marker a mention verb may stand.</summary>
    private const int MentionWords = 8;

    private readonly HashSet<string> _mentionNouns;
    private readonly IReadOnlyList<string[]> _mentionVerbs;
    private readonly IReadOnlyList<Glob> _releaseNotesPaths;
    private readonly IReadOnlyList<string[]> _releaseNotesHeadings;
    private readonly HashSet<string> _upstreamWords;
    private readonly HashSet<string> _scheduleNouns;
    private readonly IReadOnlyList<string[]> _scopeReasons;
    private readonly IReadOnlyList<string[]> _workflowWords;
    private readonly HashSet<string> _ownNames;
    private readonly HashSet<string> _referenceWords;

    public WordingJudgement(IEnumerable<string> mentionNouns, IEnumerable<string> mentionVerbs, IEnumerable<string> releaseNotesPaths, IEnumerable<string> releaseNotesHeadings,
        IEnumerable<string> upstreamWords, IEnumerable<string> scheduleNouns, IEnumerable<string> scopeReasons, IEnumerable<string> workflowWords,
        IEnumerable<string> ownNames, IEnumerable<string> referenceWords)
    {
        _referenceWords = new HashSet<string>(referenceWords, StringComparer.OrdinalIgnoreCase);
        _ownNames = new HashSet<string>(ownNames, StringComparer.OrdinalIgnoreCase);
        _workflowWords = workflowWords.Select(PhraseMatcher.Words).Where(w => w.Length > 0).ToList();
        _mentionNouns = new HashSet<string>(mentionNouns, StringComparer.OrdinalIgnoreCase);
        _mentionVerbs = mentionVerbs.Select(PhraseMatcher.Words).Where(w => w.Length > 0).ToList();
        _releaseNotesPaths = releaseNotesPaths.Select(p => new Glob(p)).ToList();
        _releaseNotesHeadings = releaseNotesHeadings.Select(PhraseMatcher.Words).Where(w => w.Length > 0).ToList();
        _upstreamWords = new HashSet<string>(upstreamWords, StringComparer.OrdinalIgnoreCase);
        _scheduleNouns = new HashSet<string>(scheduleNouns, StringComparer.OrdinalIgnoreCase);
        _scopeReasons = scopeReasons.Select(PhraseMatcher.Words).Where(w => w.Length > 0).ToList();
    }

    /// <summary>
    /// The judgement UCG1004's options describe; each list is optional (an absent list excuses
    /// nothing). The surface's own names are the option <c>own-names</c> and the policy's components.
    /// </summary>
    public static WordingJudgement FromOptions(UnfinishedWordingOptions options, GuardsPolicy policy) => new(
        options.MentionNouns, options.MentionVerbs, options.ReleaseNotesPaths, options.ReleaseNotesHeadings,
        options.UpstreamWords, options.ScheduleNouns, options.ScopeReasons, options.WorkflowWords,
        options.OwnNames.Concat(policy.Variable("components")), options.ReferenceWords);

    /// <summary>The judge of one document: what it learns of a block or of the document is kept for the next hit.</summary>
    public DocumentJudge For(MdDocument document, string path, WordingList wording) => new(this, document, path, wording);

    /// <summary>Judges the hits of one Markdown document; every question costs the block's length once, then a logarithm.</summary>
    public sealed class DocumentJudge
    {
        private readonly WordingJudgement _rules;
        private readonly MdDocument _document;
        private readonly WordingList _wording;
        private readonly bool _releaseNotesPath;
        private readonly Dictionary<MdHeading, bool> _releaseNotesHeadings = [];
        private readonly Dictionary<MdTextBlock, BlockReading> _blocks = [];
        private readonly Dictionary<string, bool> _vocabulary = new(StringComparer.OrdinalIgnoreCase);

        internal DocumentJudge(WordingJudgement rules, MdDocument document, string path, WordingList wording)
        {
            _rules = rules;
            _document = document;
            _wording = wording;
            _releaseNotesPath = rules._releaseNotesPaths.Any(g => g.IsMatch(path));
        }

        public WordingVerdict Judge(MdProseRun run, WordingHit hit)
        {
            var block = run.Block;
            if (_releaseNotesPath || InReleaseNotesSection(block)) return WordingVerdict.ReleaseNotes;
            var reading = Reading(block);
            var start = block.FullText.IndexOf(run.Mapped.SourceOffset(hit.Index));
            var end = block.FullText.IndexOf(run.Mapped.SourceOffset(hit.Index + hit.Length - 1)) + 1;
            var (sentenceStart, sentenceEnd) = block.Sentences[block.SentenceIndexAt(start)];

            if (reading.InQuotation(start, end)) return WordingVerdict.Quotation;
            if (reading.IsMention(start, end, sentenceEnd)) return WordingVerdict.Mention;
            if (hit.Entry.Kind == WordingKind.Label
                && (reading.HasMentionVerb(sentenceStart, start) || reading.IsNounPhrase(start, end, sentenceStart, sentenceEnd) || reading.IsPointedAt(start, sentenceStart, _rules._referenceWords)))
                return WordingVerdict.Mention;

            var (clauseStart, conditional) = reading.ClauseAt(start, sentenceStart);
            switch (hit.Entry.Kind)
            {
                case WordingKind.Term:
                    if (reading.HasCode(clauseStart, start) || UsesTerm(hit.Entry.Term!)) return WordingVerdict.TechnicalTerm;
                    break;
                case WordingKind.Status:
                    if (conditional) return WordingVerdict.Hypothetical;
                    if (reading.HasUpstreamWord(sentenceStart, sentenceEnd) || reading.NamesAnotherParty(end, sentenceEnd, _rules._ownNames)) return WordingVerdict.Upstream;
                    if (reading.HasScheduleNoun(clauseStart, start)) return WordingVerdict.Schedule;
                    if (reading.HasScopeReason(end, sentenceEnd)) return WordingVerdict.ScopeStatement;
                    if (reading.HasWorkflowWord(sentenceStart, sentenceEnd)) return WordingVerdict.Contribution;
                    if (reading.IsExternalLinkEntry(start, sentenceStart, sentenceEnd)) return WordingVerdict.Upstream;
                    break;
            }
            return WordingVerdict.Unfinished;
        }

        private BlockReading Reading(MdTextBlock block)
        {
            if (!_blocks.TryGetValue(block, out var reading)) _blocks[block] = reading = new BlockReading(block, _rules);
            return reading;
        }

        private bool InReleaseNotesSection(MdTextBlock block)
        {
            foreach (var heading in block.Context.HeadingPath)
            {
                if (IsReleaseNotesHeading(heading)) return true;
            }
            return false;
        }

        private bool IsReleaseNotesHeading(MdHeading heading)
        {
            if (_releaseNotesHeadings.TryGetValue(heading, out var known)) return known;
            var words = Words(heading.Text).Select(w => w.Word).ToList();
            var found = _rules._releaseNotesHeadings.Any(phrase => IndexOfPhrase(words, phrase) >= 0);
            _releaseNotesHeadings[heading] = found;
            return found;
        }

        /// <summary>
        /// True when the document uses the noun as a term of its own: in prose outside every hit of
        /// the wording list, or in inline code (`HasPlaceholders`).
        /// </summary>
        private bool UsesTerm(string term)
        {
            if (_vocabulary.TryGetValue(term, out var uses)) return uses;
            uses = _document.TextBlocks.Any(b => b.Inlines.Any(i => i.Kind == MdInlineKind.Code && i.Text.Contains(term, StringComparison.OrdinalIgnoreCase)));
            foreach (var run in uses ? [] : _document.ProseRuns)
            {
                var text = run.Text;
                var hits = _wording.Find(text).Select(h => (h.Index, End: h.Index + h.Length)).ToList();
                var h = 0;
                foreach (var (word, at) in Words(text))
                {
                    while (h < hits.Count && hits[h].End <= at) h++;
                    if (h < hits.Count && hits[h].Index <= at) continue;
                    if (IsForm(word, term))
                    {
                        uses = true;
                        break;
                    }
                }
                if (uses) break;
            }
            _vocabulary[term] = uses;
            return uses;
        }

        private static bool IsForm(string word, string noun) =>
            word.Equals(noun, StringComparison.OrdinalIgnoreCase)
            || (word.Length == noun.Length + 1 && word.EndsWith('s') && word.StartsWith(noun, StringComparison.OrdinalIgnoreCase))
            || (word.Length == noun.Length + 2 && word.EndsWith("es", StringComparison.OrdinalIgnoreCase) && word.StartsWith(noun, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>What one block's text says, read once: its words, clause openers, quotations, code, and the words the judgement looks for.</summary>
    private sealed class BlockReading
    {
        private readonly MdTextBlock _block;
        private readonly string _text;
        private readonly List<(string Word, int At)> _words = [];
        private readonly List<(int At, bool Conditional)> _clauses = [];
        private readonly List<(int Start, int End)> _quotations = [];
        private readonly int[] _codeBefore;
        private readonly List<int> _upstream = [];
        private readonly List<int> _schedule = [];
        private readonly List<int> _scopeReasons = [];
        private readonly List<int> _mentionVerbs = [];
        private readonly List<int> _workflow = [];
        private readonly List<int> _hardBreaks = [];
        private readonly HashSet<string> _mentionNouns;

        public BlockReading(MdTextBlock block, WordingJudgement rules)
        {
            _block = block;
            _text = block.FullText.Text;
            _mentionNouns = rules._mentionNouns;
            _codeBefore = new int[_text.Length + 1];
            for (var i = 0; i < _text.Length; i++)
                _codeBefore[i + 1] = _codeBefore[i] + (block.KindAt(i) == MdInlineKind.Code ? 1 : 0);

            foreach (var (word, at) in Words(_text))
            {
                if (!IsProse(at)) continue;
                _words.Add((word, at));
                if (ClauseOpeners.Contains(word)) _clauses.Add((at, ConditionalOpeners.Contains(word)));
                var bare = Bare(word);
                if (rules._upstreamWords.Contains(bare)) _upstream.Add(at);
                if (rules._scheduleNouns.Contains(bare)) _schedule.Add(at);
                if (word.Length > 1 && word[0] == '#' && word.Skip(1).All(char.IsAsciiDigit)) _scopeReasons.Add(at);
                else if (block.InLinkTextAt(at) && (bare.Equals("issue", StringComparison.OrdinalIgnoreCase) || bare.Equals("PR", StringComparison.Ordinal))) _scopeReasons.Add(at);
            }
            var plainWords = _words.Select(w => w.Word).ToList();
            foreach (var phrase in rules._scopeReasons)
            {
                for (var from = 0; (from = IndexOfPhrase(plainWords, phrase, from)) >= 0; from++) _scopeReasons.Add(_words[from].At);
            }
            _scopeReasons.Sort();
            foreach (var phrase in rules._workflowWords)
            {
                for (var from = 0; (from = IndexOfPhrase(plainWords, phrase, from)) >= 0; from++) _workflow.Add(_words[from].At);
            }
            _workflow.Sort();
            foreach (var phrase in rules._mentionVerbs)
            {
                for (var from = 0; (from = IndexOfPhrase(plainWords, phrase, from)) >= 0; from++) _mentionVerbs.Add(_words[from].At);
            }
            _mentionVerbs.Sort();
            for (var i = 0; i < _text.Length; i++)
            {
                if (!IsProse(i) || ",;:()[]—–".IndexOf(_text[i]) < 0) continue;
                _clauses.Add((i + 1, false));
                if (_text[i] is ';' or ':') _hardBreaks.Add(i + 1);
            }
            _clauses.Sort((a, b) => a.At.CompareTo(b.At));
            FindQuotations();
        }

        private bool IsProse(int index) => _block.KindAt(index) is MdInlineKind.Text or MdInlineKind.LineBreak or MdInlineKind.Entity;

        /// <summary>The start of the clause holding <paramref name="index"/> (not before the sentence), and whether a conditional word opens it.</summary>
        public (int Start, bool Conditional) ClauseAt(int index, int sentenceStart)
        {
            var k = LastAtOrBefore(_clauses, c => c.At, index);
            if (k < 0 || _clauses[k].At < sentenceStart) return (sentenceStart, false);
            return _clauses[k];
        }

        public bool HasCode(int start, int end) => _codeBefore[end] - _codeBefore[start] > 0;

        public bool HasUpstreamWord(int start, int end) => Any(_upstream, start, end);

        /// <summary>A schedule noun among the last few words before the phrase in its clause.</summary>
        public bool HasScheduleNoun(int clauseStart, int index)
        {
            var last = LastAtOrBefore(_words, w => w.At, index - 1);
            var first = Math.Max(0, last - SubjectWords + 1);
            for (var k = last; k >= first && k >= 0 && _words[k].At >= clauseStart; k--)
            {
                if (Any(_schedule, _words[k].At, _words[k].At + 1)) return true;
            }
            return false;
        }

        public bool HasScopeReason(int start, int end) => Any(_scopeReasons, start, end);

        public bool HasWorkflowWord(int start, int end) => Any(_workflow, start, end);

        /// <summary>
        /// Right after the phrase, "in", "by" or "on" and a name that is not the surface's own:
        /// "not yet implemented in LLVM", "by the Linux kernel".
        /// </summary>
        public bool NamesAnotherParty(int end, int sentenceEnd, HashSet<string> ownNames)
        {
            var k = LastAtOrBefore(_words, w => w.At, end - 1) + 1;
            if (k <= 0 || k >= _words.Count || _words[k].At >= sentenceEnd || !string.IsNullOrWhiteSpace(_text[end.._words[k].At])) return false;
            if (_words[k].Word.Equals("upstream", StringComparison.OrdinalIgnoreCase)) k++;
            if (k >= _words.Count || _words[k].Word is not ("in" or "by" or "on")) return false;
            k++;
            if (k < _words.Count && _words[k].Word == "the") k++;
            if (k >= _words.Count || _words[k].At >= sentenceEnd) return false;
            var name = _words[k].Word;
            return char.IsUpper(name[0]) && !ownNames.Contains(Bare(name));
        }

        /// <summary>
        /// The phrase is in the text of a link to another site that is the whole sentence (an entry
        /// of a list of resources): it names somebody else's page.
        /// </summary>
        public bool IsExternalLinkEntry(int start, int sentenceStart, int sentenceEnd)
        {
            if (!_block.InLinkTextAt(start) || _block.LinkUrlAt(start) is not { } url) return false;
            if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return false;
            for (var i = sentenceStart; i < sentenceEnd; i++)
            {
                if (_block.LinkUrlAt(i) == url) continue;
                if (char.IsLetterOrDigit(_text[i])) return false;
            }
            return true;
        }

        /// <summary>A word of <paramref name="referenceWords"/> right before the marker points at one elsewhere: "(see FIXME)" in the code above.</summary>
        public bool IsPointedAt(int start, int sentenceStart, HashSet<string> referenceWords)
        {
            var before = LastAtOrBefore(_words, w => w.At, start - 1);
            if (before < 0 || _words[before].At < sentenceStart) return false;
            var (word, at) = _words[before];
            return referenceWords.Contains(word) && string.IsNullOrWhiteSpace(_text[(at + word.Length)..start]);
        }

        /// <summary>A determiner just before the marker and a verb or preposition just after it: the marker is a noun, "until the TODO is fixed".</summary>
        public bool IsNounPhrase(int start, int end, int sentenceStart, int sentenceEnd)
        {
            var before = LastAtOrBefore(_words, w => w.At, start - 1);
            if (before < 0 || _words[before].At < sentenceStart || !Determiners.Contains(_words[before].Word)) return false;
            var (previous, previousAt) = _words[before];
            if (!string.IsNullOrWhiteSpace(_text[(previousAt + previous.Length)..start])) return false;
            var after = LastAtOrBefore(_words, w => w.At, end - 1) + 1;
            if (after <= 0 || after >= _words.Count || _words[after].At >= sentenceEnd) return false;
            return string.IsNullOrWhiteSpace(_text[end.._words[after].At]) && NounFollowers.Contains(_words[after].Word);
        }

        /// <summary>
        /// Shortly before, in the same sentence and not across a ';' or ':', words that make what
        /// follows their object: "anything marked with FIXME (required) or TODO".
        /// </summary>
        public bool HasMentionVerb(int sentenceStart, int index)
        {
            var from = sentenceStart;
            var brk = LastAtOrBefore(_hardBreaks, b => b, index);
            if (brk >= 0) from = Math.Max(from, _hardBreaks[brk]);
            var last = LastAtOrBefore(_words, w => w.At, index - 1);
            if (last >= MentionWords) from = Math.Max(from, _words[last - MentionWords + 1].At);
            return Any(_mentionVerbs, from, index);
        }

        public bool InQuotation(int start, int end)
        {
            var k = LastAtOrBefore(_quotations, q => q.Start, start);
            return k >= 0 && _quotations[k].End >= end;
        }

        /// <summary>
        /// The marker is the object being talked about: a mention noun right after it, or part of a
        /// longer token (a path, a file name such as TODO.md, a pattern such as XXX-XX).
        /// </summary>
        public bool IsMention(int start, int end, int sentenceEnd)
        {
            if (start > 0 && (_text[start - 1] == '/' || (_text[start - 1] is '.' or '-' && start > 1 && char.IsLetterOrDigit(_text[start - 2])))) return true;
            if (end < _text.Length && (_text[end] == '/' || (_text[end] is '.' or '-' && end + 1 < _text.Length && char.IsLetterOrDigit(_text[end + 1])))) return true;
            var next = LastAtOrBefore(_words, w => w.At, end - 1) + 1;
            if (next <= 0 || next >= _words.Count) return false;
            var (word, at) = _words[next];
            if (at >= sentenceEnd || !string.IsNullOrWhiteSpace(_text[end..at])) return false;
            return _mentionNouns.Contains(word);
        }

        /// <summary>
        /// Quoted passages: typographic quotes (“..”, ‘..’, «..») and straight ones at word edges, each
        /// closed inside the block; an unclosed quote quotes nothing.
        /// </summary>
        private void FindQuotations()
        {
            var open = new Stack<(char Close, int At)>();
            for (var i = 0; i < _text.Length; i++)
            {
                if (!IsProse(i)) continue;
                var c = _text[i];
                if (open.Count > 0 && c == open.Peek().Close && (c is not ('"' or '\'') || AtWordEnd(i)))
                {
                    var (_, at) = open.Pop();
                    _quotations.Add((at, i));
                    continue;
                }
                var close = c switch
                {
                    '\u201C' => '\u201D',
                    '\u2018' => '\u2019',
                    '\u00AB' => '\u00BB',
                    '"' when AtWordStart(i) => '"',
                    '\'' when AtWordStart(i) => '\'',
                    _ => '\0',
                };
                if (close != '\0') open.Push((close, i));
            }
            _quotations.Sort((a, b) => a.Start.CompareTo(b.Start));
            // Nested quotations lie inside their outer one: keep the outermost ranges only.
            var outer = new List<(int Start, int End)>();
            foreach (var q in _quotations)
            {
                if (outer.Count > 0 && q.Start <= outer[^1].End) outer[^1] = (outer[^1].Start, Math.Max(outer[^1].End, q.End));
                else outer.Add(q);
            }
            _quotations.Clear();
            _quotations.AddRange(outer);
        }

        private bool AtWordStart(int i) => i + 1 < _text.Length && !char.IsWhiteSpace(_text[i + 1]) && (i == 0 || !char.IsLetterOrDigit(_text[i - 1]));

        private bool AtWordEnd(int i) => i > 0 && !char.IsWhiteSpace(_text[i - 1]) && (i + 1 >= _text.Length || !char.IsLetterOrDigit(_text[i + 1]));

        private static bool Any(List<int> sorted, int start, int end)
        {
            var k = sorted.BinarySearch(start);
            if (k < 0) k = ~k;
            return k < sorted.Count && sorted[k] < end;
        }

        private static int LastAtOrBefore<T>(List<T> sorted, Func<T, int> at, int index)
        {
            int low = 0, high = sorted.Count - 1, found = -1;
            while (low <= high)
            {
                var middle = (low + high) >>> 1;
                if (at(sorted[middle]) <= index) { found = middle; low = middle + 1; }
                else high = middle - 1;
            }
            return found;
        }
    }

    /// <summary>A word without a possessive ending: "upstream's" is "upstream".</summary>
    private static string Bare(string word) => word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) ? word[..^2] : word;

    /// <summary>The words of a text and where they start: letters and digits, with inner apostrophes and hyphens, or '#' and digits.</summary>
    private static IEnumerable<(string Word, int At)> Words(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c) && !(c == '#' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i++;
                continue;
            }
            var start = i++;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || ((text[i] is '\'' or '\u2019' or '-') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))) i++;
            yield return (text[start..i].Replace('\u2019', '\''), start);
        }
    }

    /// <summary>The first index at or after <paramref name="from"/> where the words read <paramref name="phrase"/> (any case), or -1.</summary>
    private static int IndexOfPhrase(List<string> words, string[] phrase, int from = 0)
    {
        for (var i = from; i + phrase.Length <= words.Count; i++)
        {
            var match = true;
            for (var j = 0; j < phrase.Length && match; j++) match = words[i + j].Equals(phrase[j], StringComparison.OrdinalIgnoreCase);
            if (match) return i;
        }
        return -1;
    }
}
