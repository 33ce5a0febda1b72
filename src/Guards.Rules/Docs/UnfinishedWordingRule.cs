using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Syntax.Harness;
using UltraCloud.Guards.Engine.Syntax.Markdown;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG1004 unfinished-wording: the wording list of the rule's options, in Markdown prose and in
/// the comments and string literals of shell and Nix harness files. In Markdown each hit is judged
/// with its sentence (<see cref="WordingJudgement"/>): wording that marks the documented surface
/// unfinished is a finding, wording that talks about unfinished things is not.
/// </summary>
public sealed class UnfinishedWordingRule : FileRule
{
    private WordingList _wording = null!;
    private WordingJudgement _judgement = null!;

    public override string Id => "UCG1004";

    protected override void OnConfigure()
    {
        _wording = WordingList.FromOptions(Settings.Options, Id);
        _judgement = WordingJudgement.FromOptions(Settings, Policy);
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
