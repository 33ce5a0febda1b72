using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Harness;
using UltraCloud.Guards.Engine.Syntax.Markdown;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG1004 unfinished-wording: the wording list of the rule's options, in Markdown prose and in
/// the comments and string literals of shell and Nix harness files. In Markdown each hit is judged
/// with its sentence (<see cref="WordingJudgement"/>): wording that marks the documented surface
/// unfinished is a finding, wording that talks about unfinished things is not.
/// </summary>
public sealed class UnfinishedWordingRule : FileRule<UnfinishedWordingOptions>
{
    private WordingList _wording = null!;
    private WordingJudgement _judgement = null!;

    public override string Id => "UCG1004";

    protected override void OnConfigure()
    {
        _wording = new WordingList(Options.Wording, Options.Allow);
        _judgement = WordingJudgement.FromOptions(Options, Policy);
    }

    public override bool HandlesFile(string relativePath) =>
        MarkdownSyntax.IsMarkdown(relativePath) || HarnessText.Handles(relativePath);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) =>
        MarkdownSyntax.IsMarkdown(relativePath) ? _wording.MayMatchInMarkdownProse(utf8) : _wording.MayMatch(utf8);

    public override void Analyze(FileContext context)
    {
        if (MarkdownSyntax.IsMarkdown(context.Path))
        {
            var document = MarkdownSyntax.Of(context);
            var judge = _judgement.For(document, context.Path, _wording);
            foreach (var run in document.ProseRuns)
            {
                foreach (var hit in _wording.Find(run.Text))
                {
                    if (judge.Judge(run, hit) != WordingVerdict.Unfinished) continue;
                    Report(context, run.SpanOf(hit.Index, hit.Index + hit.Length), hit.Text, hit.Text, Where(run));
                }
            }
            return;
        }

        foreach (var run in HarnessText.Of(context).Runs)
        {
            foreach (var hit in _wording.Find(run.Text))
                Report(context, run.SpanOf(hit.Index, hit.Index + hit.Length), hit.Text, hit.Text, run.KindDescription);
        }
    }

    private static string Where(MdProseRun run)
    {
        var context = run.Context;
        if (run.Block.Kind == MdTextBlockKind.Heading) return "a heading";
        if (context.TableCell is { } cell)
            return cell.IsHeader ? "a table header" : cell.HeaderText.Length > 0 ? $"a table cell (column \"{cell.HeaderText}\")" : "a table cell";
        if (run.InLinkText) return "a link text";
        if (context.InBlockQuote) return "a block quote";
        if (context.ListItem is not null) return "a list item";
        return "a paragraph";
    }
}

/// <summary>UCG1004's options: the wording list, the scope statements it allows, and the word lists the sentence judgement reads.</summary>
public sealed record UnfinishedWordingOptions(
    IReadOnlyList<WordingEntry> Wording,
    IReadOnlyList<string> Allow,
    IReadOnlyList<string> MentionNouns,
    IReadOnlyList<string> MentionVerbs,
    IReadOnlyList<string> ReleaseNotesPaths,
    IReadOnlyList<string> ReleaseNotesHeadings,
    IReadOnlyList<string> UpstreamWords,
    IReadOnlyList<string> OwnNames,
    IReadOnlyList<string> ScheduleNouns,
    IReadOnlyList<string> ScopeReasons,
    IReadOnlyList<string> WorkflowWords,
    IReadOnlyList<string> ReferenceWords) : IRuleOptions<UnfinishedWordingOptions>
{
    public static UnfinishedWordingOptions Read(RuleOptionsReader options)
    {
        var wording = options.List("wording",
            "unfinished-wording phrases: {phrase, case, kind, term} with case any, upper or exact and kind label, status or term, or a plain phrase (a label, upper case when written in upper case, any case otherwise)",
            entry =>
            {
                var phrase = WordingList.Phrase(entry.RequiredText("phrase", "the phrase; a space matches any run of white space or a hyphen", out var where), where);
                var caseRule = entry.OptionalChoice("case", "how letter case is compared: any, upper (only in upper case) or exact", ["any", "upper", "exact"]);
                var kindName = entry.OptionalChoice("kind", "how the sentence is read: label (the default), status (a statement about the state of something), term (a phrase whose noun is also a technical term)", ["label", "status", "term"]);
                var term = entry.OptionalText("term", "for kind term (the default when given), the word of the phrase that can be a technical term", out var termWhere);
                var kind = kindName is null ? term is null ? WordingKind.Label : WordingKind.Term : Enum.Parse<WordingKind>(kindName, ignoreCase: true);
                if (kind == WordingKind.Term)
                {
                    if (term is null)
                    {
                        if (where is not null) throw new PolicyException(where, $"the wording entry '{phrase}' of kind term needs `term:`, the noun that can be a technical term");
                    }
                    else
                    {
                        term = term.Trim();
                        if (termWhere is not null && (term.Length == 0 || !term.All(char.IsLetter) || !PhraseMatcher.Words(phrase).Any(w => w.Equals(term, StringComparison.OrdinalIgnoreCase))))
                            throw new PolicyException(termWhere, $"term '{term}' must be one word of the phrase '{phrase}'");
                    }
                }
                else if (term is not null && termWhere is not null)
                {
                    throw new PolicyException(termWhere, "`term:` belongs to entries of kind term");
                }
                return new WordingEntry(phrase, caseRule is null ? WordingList.DefaultCase(phrase) : Enum.Parse<WordingCase>(caseRule, ignoreCase: true), kind, kind == WordingKind.Term ? term : null);
            },
            plain => WordingList.PlainEntry(plain),
            required: true);
        var allow = options.TextListWithPlaces("allow", "scope statements: a phrase of the list inside one of these is not reported")
            .Select(a => WordingList.Phrase(((PolicyScalar)a).Value, a))
            .ToList();
        var mentionNouns = options.TextList("mention-nouns", "nouns that, right after a marker, make it the object of the sentence (TODO comments)");
        var mentionVerbs = options.TextList("mention-verbs", "words that, earlier in the sentence, make a marker their object (anything marked with TODO)");
        var referenceWords = options.TextList("reference-words", "words that, right before a marker, point at one elsewhere ((see FIXME) in the code above)");
        var releaseNotesPaths = options.TextListWithPlaces("release-notes-paths", "path globs of release notes and changelogs, where nothing is reported");
        foreach (var glob in releaseNotesPaths)
        {
            try { _ = new Glob(((PolicyScalar)glob).Value); }
            catch (ArgumentException ex) { throw new PolicyException(glob, $"release-notes-paths: {ex.Message}"); }
        }
        var releaseNotesHeadings = options.TextList("release-notes-headings", "words of headings whose sections are release notes (changelog, release notes)");
        var upstreamWords = options.TextList("upstream-words", "words that scope a status statement to somebody else's code (upstream, nightly)");
        var ownNames = options.TextList("own-names", "names of the documented surface itself (besides the policy's components): a status statement naming one is about the surface");
        var scheduleNouns = options.TextList("schedule-nouns", "subjects that make a status statement a release schedule (release, version)");
        var scopeReasons = options.TextList("scope-reasons", "words after a status phrase that give its reason or tracking issue (due to, tracked in)");
        var workflowWords = options.TextList("workflow-words", "words that make a status sentence one about a contribution (pull request, branch)");
        return new UnfinishedWordingOptions(wording.DistinctBy(e => (e.Phrase, e.Case)).ToList(), allow, mentionNouns, mentionVerbs,
            releaseNotesPaths.Select(g => ((PolicyScalar)g).Value).ToList(), releaseNotesHeadings, upstreamWords, ownNames, scheduleNouns, scopeReasons, workflowWords, referenceWords);
    }
}
