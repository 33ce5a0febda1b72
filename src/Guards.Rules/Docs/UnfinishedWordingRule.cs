using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Harness;
using UltraCloud.Guards.Engine.Syntax.Markdown;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG1004 unfinished-wording: the wording list of the rule's options, in Markdown prose and in
/// the comments and string literals of shell and Nix harness files.
/// </summary>
public sealed class UnfinishedWordingRule : FileRule<UnfinishedWordingOptions>
{
    private WordingList _wording = null!;

    public override string Id => "UCG1004";

    protected override void OnConfigure() => _wording = new WordingList(Options.Wording, Options.Allow);

    public override bool HandlesFile(string relativePath) =>
        MarkdownSyntax.IsMarkdown(relativePath) || HarnessText.Handles(relativePath);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) =>
        MarkdownSyntax.IsMarkdown(relativePath) ? _wording.MayMatchInMarkdownProse(utf8) : _wording.MayMatch(utf8);

    public override void Analyze(FileContext context)
    {
        if (MarkdownSyntax.IsMarkdown(context.Path))
        {
            foreach (var run in MarkdownSyntax.Of(context).ProseRuns)
            {
                foreach (var hit in _wording.Find(run.Text))
                    Report(context, run.SpanOf(hit.Index, hit.Index + hit.Length), hit.Text, hit.Text, Where(run));
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

/// <summary>UCG1004's options: the wording list and the scope statements it allows.</summary>
public sealed record UnfinishedWordingOptions(IReadOnlyList<WordingEntry> Wording, IReadOnlyList<string> Allow) : IRuleOptions<UnfinishedWordingOptions>
{
    public static UnfinishedWordingOptions Read(RuleOptionsReader options)
    {
        var wording = options.List("wording",
            "unfinished-wording phrases: {phrase, case} with case any, upper or exact, or a plain phrase (upper case when written in upper case, any case otherwise)",
            entry =>
            {
                var phrase = WordingList.Phrase(entry.RequiredText("phrase", "the phrase; a space matches any run of white space or a hyphen", out var where), where);
                var caseRule = entry.OptionalChoice("case", "how letter case is compared: any, upper (only in upper case) or exact", ["any", "upper", "exact"]);
                return new WordingEntry(phrase, caseRule is null ? WordingList.DefaultCase(phrase) : Enum.Parse<WordingCase>(caseRule, ignoreCase: true));
            },
            plain => WordingList.PlainEntry(plain),
            required: true);
        var allow = options.TextListWithPlaces("allow", "scope statements: a phrase of the list inside one of these is not reported")
            .Select(a => WordingList.Phrase(((PolicyScalar)a).Value, a))
            .ToList();
        return new UnfinishedWordingOptions(wording.Distinct().ToList(), allow);
    }
}
