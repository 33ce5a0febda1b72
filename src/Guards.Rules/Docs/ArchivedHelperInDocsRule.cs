using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG1005 archived-helper, the docs half: an archived helper of the policy's
/// <c>archived-helpers</c> (by name or alias) presented as canonical in the docs: in the profile
/// table, or in a command or sentence of a canonical section that does not call it archived,
/// legacy, debugging or non-product. The flake and Cargo half is ArchivedHelperInFlakeRule.
/// </summary>
public sealed class ArchivedHelperInDocsRule : FileRule
{
    private CanonicalMentions _mentions = null!;

    public override string Id => "UCG1005";

    protected override void OnConfigure() =>
        _mentions = new CanonicalMentions(ProfileData.ArchivedHelpers(Policy).SelectMany(h => h.Names), Policy);

    public override bool HandlesFile(string relativePath) => MarkdownSyntax.IsMarkdown(relativePath);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _mentions.MayMatch(utf8);

    public override void Analyze(FileContext context)
    {
        foreach (var mention in _mentions.Find(MarkdownSyntax.Of(context)))
            Report(context, mention.Span, mention.Text, mention.Text, "presented as canonical " + mention.Where);
    }
}
