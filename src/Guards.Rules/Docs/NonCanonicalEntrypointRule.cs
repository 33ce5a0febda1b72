using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG2005 non-canonical-entrypoint: a legacy or debugging path of the policy's
/// <c>legacy-paths</c> presented as canonical in the docs (the profile table, or a command or
/// sentence of a canonical section that does not call it legacy or debugging), and a profile's
/// companion install image listed in the profile table as an entrypoint of another profile (a
/// standalone image presented as a profile of its own).
/// </summary>
public sealed class NonCanonicalEntrypointRule : FileRule
{
    private CanonicalMentions _mentions = null!;
    private IReadOnlyList<PolicyProfile> _profiles = [];
    private ProfileTableColumns _columns = null!;
    private byte[] _tableNeedle = [];

    public override string Id => "UCG2005";

    protected override void OnConfigure()
    {
        _mentions = new CanonicalMentions(ProfileData.LegacyPaths(Policy).Select(p => p.Text), Policy);
        _profiles = ProfileData.Profiles(Policy);
        _columns = ProfileData.TableColumns(Policy);
        _tableNeedle = Encoding.UTF8.GetBytes(_columns.Entrypoints);
    }

    public override bool HandlesFile(string relativePath) => MarkdownSyntax.IsMarkdown(relativePath);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _mentions.MayMatch(utf8) || utf8.IndexOf(_tableNeedle) >= 0;

    public override void Analyze(FileContext context)
    {
        var document = MarkdownSyntax.Of(context);
        foreach (var mention in _mentions.Find(document))
            Report(context, mention.Span, mention.Text, $"legacy or debugging path `{mention.Text}`", mention.Where);

        // A companion image (an entrypoint the policy labels, such as a netboot image) in another profile's row.
        var companions = _profiles
            .SelectMany(p => p.Entrypoints.Where(e => e.Label.Length > 0).Select(e => (e.Entrypoint.Key, Profile: p.Name)))
            .ToList();
        if (companions.Count == 0) return;
        foreach (var table in ProfileTable.Find(document, _columns))
        {
            foreach (var row in table.Rows)
            {
                foreach (var item in row.Entrypoints)
                {
                    foreach (var (key, owner) in companions)
                    {
                        if (item.Value.Key != key || Component.Normalize(owner) == Component.Normalize(row.Name)) continue;
                        Report(context, item.Span, item.Value.Display, $"standalone image `{item.Value.Display}`",
                            $"in the canonical-profile table as an entrypoint of `{row.Name}` (it is the companion install image of `{owner}`, not a profile of its own)");
                    }
                }
            }
        }
    }
}
