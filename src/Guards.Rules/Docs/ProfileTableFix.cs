using UltraCloud.Guards.Engine.Fixes;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG2004's fix: each canonical-profile table of a doc rewritten to say what the policy's
/// <c>profiles</c> say, and nothing more. The doc keeps its column order, its header labels, its
/// other columns, its row order (a profile the policy adds goes after the row of the profile before
/// it in the policy), each item's own wording where it already agrees (a doc that writes
/// <c>nix build .#nixosConfigurations.x</c> keeps it), and its Markdown layout: the delimiter row's
/// alignment, and padded columns re-padded when the table was padded. Where doc and policy
/// disagree the policy wins: labels and qualifiers are the policy's, so a label the policy does not
/// have is dropped. A row that did not change stays byte for byte.
/// </summary>
internal sealed class ProfileTableFix(IReadOnlyList<PolicyProfile> profiles, ProfileTableColumns columns)
{
    public IReadOnlyList<TextEdit> Edits(SourceText text)
    {
        var document = MarkdownSyntax.Parse(text);
        var edits = new List<TextEdit>();
        foreach (var table in ProfileTable.Find(document, columns))
        {
            if (Rewrite(text, table) is { } edit) edits.Add(edit);
        }
        return edits;
    }

    private sealed record Line(int Start, int End, string Text, string Prefix, bool LeadingPipe, bool TrailingPipe);

    private TextEdit? Rewrite(SourceText text, ProfileTable table)
    {
        var source = text.Text;
        var firstLine = text.PositionOfChar(table.Table.Start).Line;
        var lastLine = text.PositionOfChar(Math.Max(table.Table.Start, table.Table.End - 1)).Line;
        var lines = new List<Line>();
        for (var n = firstLine; n <= lastLine; n++)
        {
            var start = text.CharOfLine(n);
            var lineText = source.Substring(start, text.LineLength(n));
            lines.Add(Describe(start, lineText));
        }
        var header = table.Table.Header!;
        var width = header.Cells.Count;
        // Pipe tables keep one row a line: the header, the delimiter row, then the body.
        var bodyRows = table.Table.Body.ToList();
        if (lines.Count != bodyRows.Count + 2) return null;

        string Raw(Engine.Syntax.Markdown.MdTableCell? cell) => cell is null ? "" : source[cell.Start..cell.End];
        string[] RawCells(Engine.Syntax.Markdown.MdTableRow row) => Enumerable.Range(0, width).Select(c => Raw(row.Cell(c))).ToArray();

        var rowsByName = table.Rows.ToDictionary(r => r.NameCell, r => r);
        var (pairs, _, _) = ProfileDocDriftRule.MatchRows(table.Rows, profiles);
        var codeStyle = table.Rows.Count == 0 || Raw(table.Rows[0].NameCell).TrimStart().StartsWith('`');

        // The body: the doc's rows in their order (those of no profile dropped), then each profile the
        // doc lacks, after the row of the profile before it in the policy.
        var body = new List<(PolicyProfile? Profile, string[] Cells, int Original)>();
        for (var i = 0; i < bodyRows.Count; i++)
        {
            var cells = RawCells(bodyRows[i]);
            var nameCell = bodyRows[i].Cell(table.Columns[0]);
            if (nameCell is null || !rowsByName.TryGetValue(nameCell, out var row))
            {
                // A row without a profile name (a blank separator row) is not the policy's business.
                body.Add((null, cells, i));
                continue;
            }
            var pair = pairs.FirstOrDefault(p => ReferenceEquals(p.Row, row));
            if (pair.Profile is null) continue;
            body.Add((pair.Profile, Regenerate(source, cells, table.Columns, row, pair.Profile, pair.Renamed, codeStyle), i));
        }
        for (var p = 0; p < profiles.Count; p++)
        {
            if (body.Any(b => ReferenceEquals(b.Profile, profiles[p]))) continue;
            var cells = new string[width];
            Array.Fill(cells, "");
            var fresh = Regenerate(source, cells, table.Columns, null, profiles[p], renamed: true, codeStyle);
            var at = 0;
            for (var q = p - 1; q >= 0; q--)
            {
                var index = body.FindIndex(b => ReferenceEquals(b.Profile, profiles[q]));
                if (index >= 0) { at = index + 1; break; }
            }
            body.Insert(at, (profiles[p], fresh, -1));
        }

        var unchanged = body.Count == bodyRows.Count
            && body.Select((b, i) => b.Original == i && b.Cells.SequenceEqual(RawCells(bodyRows[i]))).All(x => x);
        if (unchanged) return null;

        var newline = LineBreakAfter(source, lines[0].End);
        var layout = lines[^1];
        var headerCells = RawCells(header);
        List<string> output;
        if (IsPadded(lines))
        {
            var alignments = Alignments(lines[1].Text);
            var all = new List<string[]> { headerCells };
            all.AddRange(body.Select(b => b.Cells));
            var widths = Enumerable.Range(0, width).Select(c => Math.Max(3, all.Max(r => r[c].Length))).ToArray();
            output = [Padded(lines[0], headerCells, widths, alignments), Delimiter(lines[1], widths, alignments)];
            output.AddRange(body.Select(b => Padded(b.Original >= 0 ? lines[b.Original + 2] : layout, b.Cells, widths, alignments)));
        }
        else
        {
            output = [lines[0].Text, lines[1].Text];
            output.AddRange(body.Select(b => b.Original >= 0 && b.Cells.SequenceEqual(RawCells(bodyRows[b.Original]))
                ? lines[b.Original + 2].Text
                : Compact(b.Original >= 0 ? lines[b.Original + 2] : layout, b.Cells)));
        }
        return new TextEdit(lines[0].Start, lines[^1].End, string.Join(newline, output),
            "regenerated the canonical-profile table from the profiles of rules/");
    }

    /// <summary>The cells of one row with its profile, entrypoint and component cells made to say what the policy says.</summary>
    private static string[] Regenerate(string source, string[] cells, IReadOnlyList<int> roles, ProfileRow? row, PolicyProfile profile, bool renamed, bool codeStyle)
    {
        var result = (string[])cells.Clone();
        if (renamed || row is null) result[roles[0]] = codeStyle ? $"`{profile.Name}`" : profile.Name;
        result[roles[1]] = ItemsCell(source, cells[roles[1]],
            row?.Entrypoints.Select(e => new DocItem(e.Value.Key, e.Value.Name, e.Label, e.Extent, Entrypoint(e.Label, e.Value.Display))).ToList() ?? [],
            profile.Entrypoints.Select(e => new PolicyItem(e.Entrypoint.Key, e.Entrypoint.Name, e.Label, Entrypoint(e.Label, e.Entrypoint.Display))).ToList(),
            (doc, policy) => Entrypoint(policy.Detail, doc.Code));
        result[roles[2]] = ItemsCell(source, cells[roles[2]], DocComponents(row?.Required), PolicyComponents(profile.Required), WithQualifier);
        result[roles[3]] = ItemsCell(source, cells[roles[3]], DocComponents(row?.Optional), PolicyComponents(profile.Optional), WithQualifier);
        return result;
    }

    /// <summary>An item as the doc writes it: identity, name (for renames), label or qualifier, its source range, and its text when written anew.</summary>
    /// <param name="Code">What a regenerated item keeps of the doc: the entrypoint's code as written, or the component's name.</param>
    private sealed record DocItem(string Key, string Name, string Detail, (int Start, int End)? Extent, string Code);

    private sealed record PolicyItem(string Key, string Name, string Detail, string Written);

    private static string Entrypoint(string label, string code) => (label.Length > 0 ? label + " " : "") + $"`{code}`";

    private static string WithQualifier(DocItem doc, PolicyItem policy) => policy.Written;

    private static List<DocItem> DocComponents(IReadOnlyList<CellItem<Component>>? items) =>
        items?.Select(c => new DocItem(c.Value.Key, c.Value.Key, c.Value.Qualifier, c.Extent, c.Value.Name ?? c.Value.Text)).ToList() ?? [];

    private static List<PolicyItem> PolicyComponents(IReadOnlyList<Component> components) =>
        components.Select(c => new PolicyItem(c.Key, c.Key, c.Qualifier, c.Name is null ? c.Text : c.Qualifier.Length > 0 ? $"`{c.Name}` {c.Qualifier}" : $"`{c.Name}`")).ToList();

    /// <summary>
    /// One cell's items: the doc's in its order, each kept as written when it agrees with the policy
    /// (same identity and label or qualifier), rewritten when its detail differs, replaced in place
    /// when renamed, dropped when the policy lacks it; the policy's new items inserted after their
    /// predecessor in the policy. The whole cell stays as written when nothing changes.
    /// </summary>
    private static string ItemsCell(string source, string raw, List<DocItem> doc, List<PolicyItem> policy, Func<DocItem, PolicyItem, string> rewrite)
    {
        var matched = new Dictionary<DocItem, PolicyItem>(ReferenceEqualityComparer.Instance);
        var left = policy.ToList();
        foreach (var item in doc)
        {
            var match = left.FirstOrDefault(p => p.Key == item.Key);
            if (match is null) continue;
            matched[item] = match;
            left.Remove(match);
        }
        var added = doc.Where(d => !matched.ContainsKey(d)).ToList();
        var renamed = new Dictionary<DocItem, PolicyItem>(ReferenceEqualityComparer.Instance);
        foreach (var (a, d) in Similarity.Pair(added.Count, left.Count, (a, d) => Similarity.Ratio(added[a].Name, left[d].Name), ProfileDocDriftRule.RenameThreshold))
            renamed[added[a]] = left[d];

        var output = new List<(PolicyItem? Policy, string Text)>();
        var same = true;
        foreach (var item in doc)
        {
            if (matched.TryGetValue(item, out var policyItem))
            {
                // An item that agrees is kept as written (alone between commas) or written anew only
                // if something else in the cell changes; one whose label or qualifier differs is rewritten.
                var agrees = Component.Normalize(item.Detail) == Component.Normalize(policyItem.Detail);
                output.Add((policyItem, agrees && item.Extent is { } extent ? source[extent.Start..extent.End] : rewrite(item, policyItem)));
                if (!agrees) same = false;
            }
            else if (renamed.TryGetValue(item, out var newItem))
            {
                output.Add((newItem, newItem.Written));
                same = false;
            }
            else same = false;
        }
        for (var p = 0; p < policy.Count; p++)
        {
            if (output.Any(o => ReferenceEquals(o.Policy, policy[p]))) continue;
            var at = 0;
            for (var q = p - 1; q >= 0; q--)
            {
                var index = output.FindIndex(o => ReferenceEquals(o.Policy, policy[q]));
                if (index >= 0) { at = index + 1; break; }
            }
            output.Insert(at, (policy[p], policy[p].Written));
            same = false;
        }
        return same ? raw : string.Join(", ", output.Select(o => o.Text));
    }

    // ------------------------------------------------------------------ layout

    private static Line Describe(int start, string text)
    {
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '>') i++;
        var leading = i < text.Length && text[i] == '|';
        var trimmed = text.TrimEnd();
        var trailing = trimmed.Length > i + 1 && trimmed[^1] == '|' && trimmed[^2] != '\\';
        return new Line(start, start + text.Length, text, text[..i], leading, trailing);
    }

    private static string LineBreakAfter(string source, int end) =>
        end + 1 < source.Length && source[end] == '\r' && source[end + 1] == '\n' ? "\r\n" : end < source.Length && source[end] == '\r' ? "\r" : "\n";

    /// <summary>True when every line has the same length and the delimiter row's pipes line up with every other line's.</summary>
    private static bool IsPadded(List<Line> lines)
    {
        var length = lines[0].Text.TrimEnd().Length;
        if (lines.Any(l => l.Text.TrimEnd().Length != length)) return false;
        var pipes = Enumerable.Range(0, lines[1].Text.Length).Where(i => lines[1].Text[i] == '|').ToList();
        return pipes.Count >= 2 && lines.All(l => pipes.All(p => p < l.Text.Length && l.Text[p] == '|'));
    }

    private enum Align { None, Left, Center, Right }

    private static List<Align> Alignments(string delimiter) => delimiter.Trim().Trim('|').Split('|').Select(cell =>
    {
        var c = cell.Trim();
        var left = c.StartsWith(':');
        var right = c.EndsWith(':');
        return left && right ? Align.Center : right ? Align.Right : left ? Align.Left : Align.None;
    }).ToList();

    private static string Compact(Line layout, string[] cells) =>
        layout.Prefix + (layout.LeadingPipe ? "| " : "") + string.Join(" | ", cells) + (layout.TrailingPipe ? " |" : "");

    private static string Padded(Line layout, string[] cells, int[] widths, List<Align> alignments) =>
        layout.Prefix + (layout.LeadingPipe ? "| " : "")
        + string.Join(" | ", cells.Select((cell, c) => Pad(cell, widths[c], c < alignments.Count ? alignments[c] : Align.None)))
        + (layout.TrailingPipe ? " |" : "");

    private static string Pad(string cell, int width, Align align)
    {
        var room = width - cell.Length;
        return align switch
        {
            Align.Right => new string(' ', room) + cell,
            Align.Center => new string(' ', room / 2) + cell + new string(' ', room - room / 2),
            _ => cell + new string(' ', room),
        };
    }

    private static string Delimiter(Line layout, int[] widths, List<Align> alignments) =>
        layout.Prefix + (layout.LeadingPipe ? "| " : "")
        + string.Join(" | ", widths.Select((w, c) => (c < alignments.Count ? alignments[c] : Align.None) switch
        {
            Align.Left => ":" + new string('-', w - 1),
            Align.Right => new string('-', w - 1) + ":",
            Align.Center => ":" + new string('-', w - 2) + ":",
            _ => new string('-', w),
        }))
        + (layout.TrailingPipe ? " |" : "");
}
