using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Fixes;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG2004 profile-doc-drift: every canonical-profile table of the scoped docs against the
/// <c>profiles</c> of the policy. Each profile, entrypoint or component added, dropped or renamed
/// is one finding at its cell (a dropped profile at the table's Profile header).
/// </summary>
public sealed class ProfileDocDriftRule : RepositoryRule<ProfileDocDriftOptions>, IFixableRule
{
    internal const double RenameThreshold = 0.5;

    private IReadOnlyList<PolicyProfile> _profiles = [];
    private ProfileTableColumns _columns = null!;

    public override string Id => "UCG2004";

    /// <summary>Reads the profiles and the table's columns once: malformed data is a configuration error.</summary>
    protected override void OnConfigure()
    {
        _profiles = ProfileData.Profiles(Policy);
        _columns = ProfileData.TableColumns(Policy);
    }

    /// <summary>Regenerates the doc's canonical-profile tables from the policy (see <see cref="ProfileTableFix"/>).</summary>
    public IReadOnlyList<TextEdit> Fix(FixContext context) => new ProfileTableFix(_profiles, _columns).Edits(context.Text);

    public override void Analyze(RepositoryContext context)
    {
        var docs = context.Files.Select(f => f.Path).Where(p => MarkdownSyntax.IsMarkdown(p) && Settings.AppliesTo(p)).Order(StringComparer.Ordinal).ToList();
        var expected = Options.ExpectedIn;
        // A doc's findings depend on that doc alone, so a pre-commit run compares only the staged
        // docs; the others are read only until one shows that the docs have a table at all.
        var focus = context.ReportOnly;
        var found = false;
        foreach (var path in focus is null ? docs : docs.Where(focus.Contains))
        {
            foreach (var table in ProfileTable.In(context, path, _columns))
            {
                found = true;
                Compare(context, path, table, _profiles);
            }
        }
        if (!found && focus is not null)
            found = docs.Where(p => !focus.Contains(p)).OrderBy(p => p == expected ? 0 : 1).Any(p => ProfileTable.In(context, p, _columns).Any());

        if (!found && expected is not null && context.Tree.FileExists(expected))
        {
            Report(context, expected, SourceSpan.FileStart, "no-profile-table",
                $"no canonical-profile table (header {string.Join(" | ", _columns.All)}) found in the docs");
        }
    }

    private void Compare(RepositoryContext context, string path, ProfileTable table, IReadOnlyList<PolicyProfile> profiles)
    {
        var (pairs, added, dropped) = MatchRows(table.Rows, profiles);
        foreach (var (row, profile, renamed) in pairs.OrderBy(x => x.Row.NameCell.Start))
        {
            if (renamed)
                Report(context, path, row.NameCell.Span, "profile:" + row.Name, $"profile `{row.Name}` is `{profile.Name}` in rules/ (renamed)");
            CompareRow(context, path, row, profile);
        }
        foreach (var row in added)
            Report(context, path, row.NameCell.Span, "profile:" + row.Name, $"profile `{row.Name}` is not one of the canonical profiles in rules/ (added)");
        foreach (var profile in dropped)
            Report(context, path, table.ProfileHeader.Span, "dropped-profile:" + profile.Name, $"profile `{profile.Name}` of rules/ is missing from the table (dropped)");
    }

    /// <summary>
    /// The table's rows paired with the policy's profiles: by name, then the rest by rename (a similar
    /// name or mostly the same entrypoints); the rows no profile matches (added) and the profiles no
    /// row matches (dropped), each in their own order. The fix regenerates the table from the same pairing.
    /// </summary>
    internal static (List<(ProfileRow Row, PolicyProfile Profile, bool Renamed)> Pairs, List<ProfileRow> Added, List<PolicyProfile> Dropped) MatchRows(
        IReadOnlyList<ProfileRow> rows, IReadOnlyList<PolicyProfile> profiles)
    {
        var pairs = new List<(ProfileRow Row, PolicyProfile Profile, bool Renamed)>();
        var unmatchedRows = new List<ProfileRow>();
        var remaining = profiles.ToList();
        foreach (var row in rows)
        {
            var match = remaining.FirstOrDefault(p => Component.Normalize(p.Name) == Component.Normalize(row.Name));
            if (match is null)
            {
                unmatchedRows.Add(row);
                continue;
            }
            remaining.Remove(match);
            pairs.Add((row, match, false));
        }

        var renames = Similarity.Pair(unmatchedRows.Count, remaining.Count, (r, p) => RowScore(unmatchedRows[r], remaining[p]), RenameThreshold);
        foreach (var (r, p) in renames)
            pairs.Add((unmatchedRows[r], remaining[p], true));
        var renamedRows = renames.Select(x => unmatchedRows[x.Left]).ToHashSet();
        var renamedProfiles = renames.Select(x => remaining[x.Right]).ToHashSet();
        return (pairs, unmatchedRows.Where(r => !renamedRows.Contains(r)).ToList(), remaining.Where(p => !renamedProfiles.Contains(p)).ToList());
    }

    private static double RowScore(ProfileRow row, PolicyProfile profile)
    {
        var name = Similarity.Ratio(Component.Normalize(row.Name), Component.Normalize(profile.Name));
        var docKeys = row.Entrypoints.Select(e => e.Value.Key).ToHashSet(StringComparer.Ordinal);
        var policyKeys = profile.Entrypoints.Select(e => e.Entrypoint.Key).ToHashSet(StringComparer.Ordinal);
        var union = docKeys.Union(policyKeys).Count();
        var overlap = union == 0 ? 0 : (double)docKeys.Intersect(policyKeys).Count() / union;
        return Math.Max(name, overlap);
    }

    private void CompareRow(RepositoryContext context, string path, ProfileRow row, PolicyProfile profile)
    {
        var of = $"of profile `{profile.Name}`";
        CompareItems(context, path, row.EntrypointCell ?? row.NameCell, "entrypoint", of,
            row.Entrypoints.Select(e => new Item(e.Value.Key, $"`{e.Value.Display}`", e.Label, e.Span, e.Value.Name)).ToList(),
            profile.Entrypoints.Select(e => new Item(e.Entrypoint.Key, $"`{e.Entrypoint.Display}`", e.Label, default, e.Entrypoint.Name)).ToList(),
            "labelled");
        CompareItems(context, path, row.RequiredCell ?? row.NameCell, "required component", of,
            row.Required.Select(c => new Item(c.Value.Key, c.Value.Display, c.Value.Qualifier, c.Span, c.Value.Key)).ToList(),
            profile.Required.Select(c => new Item(c.Key, c.Display, c.Qualifier, default, c.Key)).ToList(),
            "qualified");
        CompareItems(context, path, row.OptionalCell ?? row.NameCell, "optional component", of,
            row.Optional.Select(c => new Item(c.Value.Key, c.Value.Display, c.Value.Qualifier, c.Span, c.Value.Key)).ToList(),
            profile.Optional.Select(c => new Item(c.Key, c.Display, c.Qualifier, default, c.Key)).ToList(),
            "qualified");
    }

    /// <param name="Detail">The label of an entrypoint or the qualifier of a component.</param>
    private sealed record Item(string Key, string Display, string Detail, SourceSpan Span, string Name);

    private void CompareItems(RepositoryContext context, string path, MdTableCell cell, string what, string of,
        List<Item> doc, List<Item> policy, string detailVerb)
    {
        var added = new List<Item>();
        var dropped = policy.ToList();
        foreach (var item in doc)
        {
            var match = dropped.FirstOrDefault(p => p.Key == item.Key);
            if (match is null)
            {
                added.Add(item);
                continue;
            }
            dropped.Remove(match);
            if (!string.Equals(Component.Normalize(item.Detail), Component.Normalize(match.Detail), StringComparison.Ordinal))
            {
                Report(context, path, item.Span, $"{what}:{item.Key}:{item.Detail}",
                    $"{what} {item.Display} {of} is {detailVerb} {Quote(item.Detail)} here but {Quote(match.Detail)} in rules/");
            }
        }

        var renames = Similarity.Pair(added.Count, dropped.Count, (a, d) => Similarity.Ratio(added[a].Name, dropped[d].Name), RenameThreshold);
        foreach (var (a, d) in renames)
        {
            Report(context, path, added[a].Span, $"{what}:{added[a].Key}",
                $"{what} {added[a].Display} {of} is {dropped[d].Display} in rules/ (renamed)");
        }
        var renamedAdded = renames.Select(r => added[r.Left]).ToHashSet();
        var renamedDropped = renames.Select(r => dropped[r.Right]).ToHashSet();
        foreach (var item in added.Where(a => !renamedAdded.Contains(a)))
            Report(context, path, item.Span, $"{what}:{item.Key}", $"{what} {item.Display} {of} is not in rules/ (added)");
        foreach (var item in dropped.Where(d => !renamedDropped.Contains(d)))
            Report(context, path, cell.Span, $"dropped {what}:{item.Key}", $"{what} {item.Display} {of} in rules/ is missing from the table (dropped)");
    }

    private static string Quote(string detail) => detail.Length == 0 ? "(nothing)" : $"\"{detail}\"";
}

/// <summary>UCG2004's options.</summary>
public sealed record ProfileDocDriftOptions(string? ExpectedIn) : IRuleOptions<ProfileDocDriftOptions>
{
    public static ProfileDocDriftOptions Read(RuleOptionsReader options) =>
        new(options.OptionalText("expected-in", "the doc that must hold the canonical-profile table: when no doc has one, the finding is reported there"));
}
