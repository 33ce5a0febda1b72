using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>An item of a table cell (an entrypoint or a component) and where it is written.</summary>
public sealed record CellItem<T>(T Value, string Label, SourceSpan Span)
{
    /// <summary>
    /// The char range of the whole item (label, code and qualifier, a leading "and" or "plus"
    /// included) when it stands alone between commas; null when it shares them with another item.
    /// </summary>
    public (int Start, int End)? Extent { get; init; }
}

/// <summary>One row of the canonical-profile table, its cells read into entrypoints and components.</summary>
public sealed class ProfileRow
{
    public required string Name { get; init; }
    public required MdTableCell NameCell { get; init; }
    public required MdTableCell? EntrypointCell { get; init; }
    public required MdTableCell? RequiredCell { get; init; }
    public required MdTableCell? OptionalCell { get; init; }
    public required IReadOnlyList<CellItem<Entrypoint>> Entrypoints { get; init; }
    public required IReadOnlyList<CellItem<Component>> Required { get; init; }
    public required IReadOnlyList<CellItem<Component>> Optional { get; init; }
}

/// <summary>
/// The docs' canonical-profile table: the pipe table whose header has the four columns of
/// <see cref="ProfileTableColumns"/> (any order, any case). Each cell is read from the Markdown
/// syntax tree: items are separated by commas outside inline code; an item's inline code is the
/// entrypoint or component, the text before it a label ("companion install image"), the text after
/// it a qualifier ("on every control-plane node"); an item without code is free text.
/// </summary>
public sealed class ProfileTable
{
    private ProfileTable(MdTable table, MdTableCell profileHeader, IReadOnlyList<ProfileRow> rows, IReadOnlyList<int> columns)
    {
        Table = table;
        ProfileHeader = profileHeader;
        Rows = rows;
        Columns = columns;
    }

    public MdTable Table { get; }
    public MdTableCell ProfileHeader { get; }
    public IReadOnlyList<ProfileRow> Rows { get; }

    /// <summary>The table's column (0-based) of each role: profile, entrypoints, required, optional.</summary>
    public IReadOnlyList<int> Columns { get; }

    public static bool IsProfileTable(MdTable table, ProfileTableColumns columns) => ColumnsOf(table, columns) is not null;

    private static int[]? ColumnsOf(MdTable table, ProfileTableColumns columns)
    {
        if (table.Header is null) return null;
        var result = new int[4];
        var wanted = columns.All;
        for (var i = 0; i < wanted.Count; i++)
        {
            var cell = table.Header.Cells.FirstOrDefault(c => string.Equals(Component.Normalize(c.Text), Component.Normalize(wanted[i]), StringComparison.Ordinal));
            if (cell is null) return null;
            result[i] = cell.Column;
        }
        return result;
    }

    /// <summary>The tables of one doc of a repository; a doc without the header's text is not parsed.</summary>
    public static IEnumerable<ProfileTable> In(RepositoryContext context, string path, ProfileTableColumns columns)
    {
        if (context.ReadText(path) is not { } text || !text.ContainsIgnoreCase(columns.Entrypoints)) return [];
        return MarkdownSyntax.Of(context, path) is { } document ? Find(document, columns) : [];
    }

    public static IEnumerable<ProfileTable> Find(MdDocument document, ProfileTableColumns columns)
    {
        foreach (var table in document.Tables)
        {
            if (ColumnsOf(table, columns) is not { } cols) continue;
            var rows = new List<ProfileRow>();
            foreach (var row in table.Body)
            {
                var nameCell = row.Cell(cols[0]);
                if (nameCell is null || nameCell.Text.Length == 0) continue;
                var entrypointCell = row.Cell(cols[1]);
                var requiredCell = row.Cell(cols[2]);
                var optionalCell = row.Cell(cols[3]);
                rows.Add(new ProfileRow
                {
                    Name = nameCell.Text,
                    NameCell = nameCell,
                    EntrypointCell = entrypointCell,
                    RequiredCell = requiredCell,
                    OptionalCell = optionalCell,
                    Entrypoints = entrypointCell is null ? [] : ReadEntrypoints(entrypointCell, document),
                    Required = requiredCell is null ? [] : ReadComponents(requiredCell, document),
                    Optional = optionalCell is null ? [] : ReadComponents(optionalCell, document),
                });
            }
            yield return new ProfileTable(table, table.Header!.Cell(cols[0])!, rows, cols);
        }
    }

    private static readonly string[] s_connectors = ["and", "or", "plus", "&", "also"];

    /// <summary>Strips list connectors ("and", "plus") from either end of a text.</summary>
    private static string StripConnectors(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && s_connectors.Contains(words[0], StringComparer.OrdinalIgnoreCase)) words.RemoveAt(0);
        while (words.Count > 0 && s_connectors.Contains(words[^1], StringComparer.OrdinalIgnoreCase)) words.RemoveAt(words.Count - 1);
        return string.Join(' ', words).Trim().TrimEnd('.', ';', ':').Trim();
    }

    /// <summary>A raw cell item: inline code pieces with the text after each, the text before the first, and the item's own source range.</summary>
    private sealed class RawItem
    {
        public StringBuilder Before { get; } = new();
        public List<(MdInline Code, StringBuilder After)> Codes { get; } = [];
        public int Start = -1;
        public int End;

        public void Text(string text, int start, int end)
        {
            if (Codes.Count == 0) Before.Append(text);
            else Codes[^1].After.Append(text);
            var first = 0;
            while (first < text.Length && char.IsWhiteSpace(text[first])) first++;
            if (first == text.Length) return;
            var last = text.Length;
            while (char.IsWhiteSpace(text[last - 1])) last--;
            // The item's range covers its words, not the blanks around the commas (when the text maps char by char).
            var mapped = end - start == text.Length;
            if (Start < 0) Start = mapped ? start + first : start;
            End = mapped ? start + last : end;
        }
    }

    private static List<RawItem> Split(MdTableCell cell)
    {
        var items = new List<RawItem>();
        var current = new RawItem();
        foreach (var inline in cell.Content.Inlines)
        {
            switch (inline.Kind)
            {
                case MdInlineKind.Code:
                    current.Codes.Add((inline, new StringBuilder()));
                    if (current.Start < 0) current.Start = inline.Start;
                    current.End = inline.End;
                    break;
                case MdInlineKind.Text:
                    var from = 0;
                    for (var i = 0; i <= inline.Text.Length; i++)
                    {
                        if (i < inline.Text.Length && inline.Text[i] != ',') continue;
                        current.Text(inline.Text[from..i], inline.TextStart + from, inline.TextStart + i);
                        if (i < inline.Text.Length)
                        {
                            items.Add(current);
                            current = new RawItem();
                        }
                        from = i + 1;
                    }
                    break;
                default:
                    current.Text(inline.Text, inline.Start, inline.End);
                    break;
            }
        }
        items.Add(current);
        return items.Where(i => i.Start >= 0).ToList();
    }

    private static List<CellItem<Entrypoint>> ReadEntrypoints(MdTableCell cell, MdDocument document)
    {
        var result = new List<CellItem<Entrypoint>>();
        foreach (var item in Split(cell))
        {
            var label = StripConnectors(item.Before.ToString());
            foreach (var (code, _) in item.Codes)
            {
                var entrypoint = Entrypoint.Parse(code.Text) ?? new Entrypoint("?" + code.Text.Trim(), code.Text.Trim(), code.Text.Trim());
                result.Add(new CellItem<Entrypoint>(entrypoint, label, document.Span(code.Start, code.End)) { Extent = item.Codes.Count == 1 ? (item.Start, item.End) : null });
                label = "";
            }
            if (item.Codes.Count == 0)
            {
                var text = StripConnectors(item.Before.ToString());
                result.Add(new CellItem<Entrypoint>(new Entrypoint("?" + text, text, text), "", document.Span(item.Start, item.End)) { Extent = (item.Start, item.End) });
            }
        }
        return result;
    }

    private static List<CellItem<Component>> ReadComponents(MdTableCell cell, MdDocument document)
    {
        var result = new List<CellItem<Component>>();
        foreach (var item in Split(cell))
        {
            if (item.Codes.Count == 0)
            {
                var text = StripConnectors(item.Before.ToString());
                if (text.Length > 0) result.Add(new CellItem<Component>(new Component(null, "", text), "", document.Span(item.Start, item.End)) { Extent = (item.Start, item.End) });
                continue;
            }
            var label = StripConnectors(item.Before.ToString());
            foreach (var (code, after) in item.Codes)
            {
                var name = code.Text.Trim();
                var qualifier = StripConnectors(after.ToString());
                result.Add(new CellItem<Component>(new Component(name, qualifier, name), label, document.Span(code.Start, code.End)) { Extent = item.Codes.Count == 1 ? (item.Start, item.End) : null });
                label = "";
            }
        }
        return result;
    }
}
