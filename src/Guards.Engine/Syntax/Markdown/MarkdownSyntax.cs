using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Markdown;

/// <summary>
/// The Markdown frontend: Markdig with pipe tables, emphasis extras, task lists and YAML front
/// matter (HTML blocks are CommonMark), read into an <see cref="MdDocument"/>; bare URLs are found
/// by <see cref="BareUrls"/> in one pass, as Markdig's autolink extension would mark them. One
/// parse per file, shared by every rule through <see cref="Of(FileContext)"/> or
/// <see cref="Of(RepositoryContext, string)"/>. Markdig never rejects input, so there is no
/// parse-error path: any text is some Markdown.
/// </summary>
public static class MarkdownSyntax
{
    public const string SharedKey = "syntax:markdown";

    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseYamlFrontMatter()
        .UsePreciseSourceLocation()
        .Build();

    /// <summary>True for the file names this frontend reads.</summary>
    public static bool IsMarkdown(string path) =>
        path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's document, parsed once and shared by every rule that reads it.</summary>
    public static MdDocument Of(FileContext context) => context.Shared(SharedKey, static c =>
    {
        var document = TryParse(c.Text, c.Policy.ParseBudget, out var problem);
        if (problem is not null) c.ReportEngine("UCG0001", Model.SourceSpan.FileStart, problem);
        return document;
    });

    /// <summary>A document of the repository (for repository rules), parsed once per scan; null when unreadable.</summary>
    public static MdDocument? Of(RepositoryContext context, string relativePath)
    {
        var holder = context.Shared(SharedKey + ":" + relativePath, c =>
        {
            if (c.ReadText(relativePath) is not { } text) return new Holder(null);
            var document = TryParse(text, c.Policy.ParseBudget, out var problem);
            if (problem is not null) c.ReportEngine("UCG0001", relativePath, Model.SourceSpan.FileStart, problem);
            return new Holder(document);
        });
        return holder.Document;
    }

    private sealed record Holder(MdDocument? Document);

    /// <summary>
    /// Parses, or gives an empty document and the reason when Markdig refuses the input (it bounds
    /// nesting: ten thousand nested block quotes are refused, not recursed into) or when the parse
    /// ran over the policy's time budget (Markdig cannot be interrupted, so the budget is checked
    /// when it returns; its parse is linear in the size of the file, which the size limit bounds).
    /// </summary>
    public static MdDocument TryParse(SourceText source, TimeSpan budget, out string? problem)
    {
        problem = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var document = Parse(source);
            if (clock.Elapsed <= budget) return document;
            problem = $"parsing took longer than the {budget.TotalSeconds:0.###}s budget; the Markdown rules skipped this file";
        }
        catch (ArgumentException ex)
        {
            problem = $"the Markdown file could not be read: {ex.Message}; the Markdown rules skipped this file";
        }
        return new MdDocument(source, [], [], [], []);
    }

    public static MdDocument Parse(SourceText source)
    {
        var text = source.Text;
        // A byte-order mark would hide a heading on the first line; a space keeps every offset.
        var parseText = text.Length > 0 && text[0] == '\uFEFF' ? " " + text[1..] : text;
        var document = Markdig.Markdown.Parse(parseText, s_pipeline);
        return new Builder(source, text).Build(document);
    }

    private sealed class Builder(SourceText source, string text)
    {
        private readonly List<MdHeading> _headings = [];
        private readonly List<MdHeading> _stack = [];
        private readonly List<MdTextBlock> _textBlocks = [];
        private readonly List<MdCodeBlock> _codeBlocks = [];
        private readonly List<MdTable> _tables = [];

        public MdDocument Build(MarkdownDocument document)
        {
            Walk(document, MdContext.Root, 0);
            return new MdDocument(source, _headings, _textBlocks, _codeBlocks, _tables);
        }

        private IReadOnlyList<MdHeading> HeadingPath => _stack.ToArray();

        private void Walk(ContainerBlock container, MdContext context, int listDepth)
        {
            MdTextBlock? previousParagraph = null;
            foreach (var block in container)
            {
                var current = context.With(headingPath: HeadingPath);
                MdTextBlock? paragraph = null;
                switch (block)
                {
                    case HeadingBlock heading:
                        AddHeading(heading, current);
                        break;
                    case YamlFrontMatterBlock:
                    case HtmlBlock:
                    case ThematicBreakBlock:
                    case LinkReferenceDefinitionGroup:
                    case LinkReferenceDefinition:
                        break;
                    case CodeBlock code:
                        AddCode(code, current, previousParagraph);
                        break;
                    case Table table:
                        AddTable(table, current);
                        break;
                    case QuoteBlock quote:
                        Walk(quote, current.With(blockQuoteDepth: current.BlockQuoteDepth + 1), listDepth);
                        break;
                    case ListBlock list:
                        var index = 0;
                        foreach (var child in list)
                        {
                            if (child is ListItemBlock item)
                            {
                                var listItem = new MdListItem(Line(item.Span.Start), listDepth + 1, index++, list.IsOrdered);
                                Walk(item, context.With(headingPath: HeadingPath, listItem: listItem), listDepth + 1);
                            }
                        }
                        break;
                    case LeafBlock leaf when leaf.Inline is not null:
                        paragraph = AddText(MdTextBlockKind.Paragraph, leaf, current);
                        break;
                    case ContainerBlock other:
                        Walk(other, current, listDepth);
                        break;
                }
                previousParagraph = paragraph;
            }
        }

        private int Line(int offset) => source.PositionOfChar(offset).Line;

        private void AddHeading(HeadingBlock heading, MdContext context)
        {
            var parents = HeadingPath;
            var block = AddText(MdTextBlockKind.Heading, heading, context);
            var mdHeading = new MdHeading(heading.Level, block.PlainText, source.SpanOfChars(block.Start, block.End), parents);
            _headings.Add(mdHeading);
            while (_stack.Count > 0 && _stack[^1].Level >= heading.Level) _stack.RemoveAt(_stack.Count - 1);
            _stack.Add(mdHeading);
        }

        private MdTextBlock AddText(MdTextBlockKind kind, LeafBlock leaf, MdContext context)
        {
            var inlines = new List<MdInline>();
            if (leaf.Inline is not null) Flatten(leaf.Inline, null, inlines);
            inlines = BareUrls.Split(text, inlines);
            var (start, end) = Range(leaf);
            var block = new MdTextBlock(kind, context, inlines, start, end, source);
            _textBlocks.Add(block);
            return block;
        }

        private (int Start, int End) Range(MarkdownObject node)
        {
            var start = Math.Clamp(node.Span.Start, 0, text.Length);
            var end = Math.Clamp(node.Span.End + 1, start, text.Length);
            return (start, end);
        }

        private bool ValidSpan(MarkdownObject node) =>
            node.Span.Start >= 0 && node.Span.End >= node.Span.Start && node.Span.End < text.Length;

        /// <summary>
        /// The inlines in reading order. Markdig bounds block nesting but builds emphasis and links
        /// nested as deep as the input (a line of a hundred thousand asterisks): the walk keeps its
        /// own stack of where to resume, so its depth costs heap, never the thread's stack.
        /// </summary>
        private void Flatten(ContainerInline container, string? containerUrl, List<MdInline> output)
        {
            var resume = new Stack<(Inline? Next, string? LinkUrl)>();
            var inline = container.FirstChild;
            var linkUrl = containerUrl;
            while (true)
            {
                if (inline is null)
                {
                    if (resume.Count == 0) return;
                    (inline, linkUrl) = resume.Pop();
                    continue;
                }
                var inLink = linkUrl is not null;
                var next = inline.NextSibling;
                switch (inline)
                {
                    case LiteralInline literal:
                        if (!ValidSpan(literal) || literal.Content.Length == 0) break;
                        var (ls, le) = Range(literal);
                        output.Add(new MdInline(MdInlineKind.Text, text[ls..le], ls, le, ls, inLink, linkUrl));
                        break;
                    case LineBreakInline lineBreak:
                        var lb = Math.Clamp(lineBreak.Span.Start, 0, text.Length);
                        output.Add(new MdInline(MdInlineKind.LineBreak, " ", lb, Math.Min(text.Length, lb + 1), lb, inLink, linkUrl));
                        break;
                    case HtmlEntityInline entity:
                        if (!ValidSpan(entity)) break;
                        var (es, ee) = Range(entity);
                        output.Add(new MdInline(MdInlineKind.Entity, entity.Transcoded.ToString(), es, ee, es, inLink, linkUrl));
                        break;
                    case CodeInline code:
                        if (!ValidSpan(code)) break;
                        var (cs, ce) = Range(code);
                        var ticks = Math.Min(code.DelimiterCount, (ce - cs) / 2);
                        output.Add(new MdInline(MdInlineKind.Code, text[(cs + ticks)..(ce - ticks)], cs, ce, cs + ticks, inLink, linkUrl));
                        break;
                    case HtmlInline html:
                        if (!ValidSpan(html)) break;
                        var (hs, he) = Range(html);
                        output.Add(new MdInline(MdInlineKind.Html, text[hs..he], hs, he, hs, inLink, linkUrl));
                        break;
                    case AutolinkInline autolink:
                        if (!ValidSpan(autolink)) break;
                        var (aus, aue) = Range(autolink);
                        output.Add(new MdInline(MdInlineKind.AutoLink, text[aus..aue], aus, aue, aus, inLink, linkUrl));
                        break;
                    case LinkInline link when link.IsAutoLink:
                        if (!ValidSpan(link)) break;
                        var (us, ue) = Range(link);
                        output.Add(new MdInline(MdInlineKind.AutoLink, text[us..ue], us, ue, us, inLink, linkUrl));
                        break;
                    case LinkInline link:
                        // The link text (or an image's alt text) is prose; the URL and title are not children.
                        resume.Push((next, linkUrl));
                        inline = link.FirstChild;
                        linkUrl = link.Url ?? "";
                        continue;
                    case ContainerInline nested:
                        // Emphasis, strikethrough, unmatched delimiters: their text is prose.
                        resume.Push((next, linkUrl));
                        inline = nested.FirstChild;
                        continue;
                }
                inline = next;
            }
        }

        private void AddCode(CodeBlock code, MdContext context, MdTextBlock? lead)
        {
            var lines = new List<MdCodeLine>();
            for (var i = 0; i < code.Lines.Count; i++)
            {
                var slice = code.Lines.Lines[i].Slice;
                var start = Math.Clamp(slice.Start, 0, text.Length);
                var end = Math.Clamp(slice.End + 1, start, text.Length);
                lines.Add(new MdCodeLine(text[start..end], start));
            }
            var info = code is FencedCodeBlock fenced ? fenced.Info ?? "" : "";
            var (s, e) = Range(code);
            _codeBlocks.Add(new MdCodeBlock(code is FencedCodeBlock, info, context, lines, lead, s, e, source));
        }

        private void AddTable(Table table, MdContext context)
        {
            var rowBlocks = table.OfType<TableRow>().ToList();

            // The header texts first: every cell knows the header of its column.
            var headerTexts = new Dictionary<int, string>();
            foreach (var rowBlock in rowBlocks.Where(r => r.IsHeader))
            {
                foreach (var (cellBlock, column) in Columns(rowBlock))
                {
                    var (start, end) = Trimmed(cellBlock);
                    headerTexts.TryAdd(column, new MdTextBlock(MdTextBlockKind.TableCell, context, CellInlines(cellBlock), start, end, source).PlainText);
                }
            }

            var rows = new List<MdTableRow>();
            var bodyIndex = 0;
            foreach (var rowBlock in rowBlocks)
            {
                var rowIndex = rowBlock.IsHeader ? 0 : ++bodyIndex;
                var cells = new List<MdTableCell>();
                foreach (var (cellBlock, column) in Columns(rowBlock))
                {
                    var (start, end) = Trimmed(cellBlock);
                    var cell = new MdTableCell(rowIndex, column, rowBlock.IsHeader, headerTexts.GetValueOrDefault(column, ""), start, end);
                    cell.Content = new MdTextBlock(MdTextBlockKind.TableCell, context.With(tableCell: cell), CellInlines(cellBlock), start, end, source);
                    _textBlocks.Add(cell.Content);
                    cells.Add(cell);
                }
                rows.Add(new MdTableRow(rowIndex, rowBlock.IsHeader, cells));
            }

            var (s, e) = Range(table);
            _tables.Add(new MdTable(context, rows, s, e, source));
        }

        private static IEnumerable<(TableCell Cell, int Column)> Columns(TableRow row)
        {
            var next = 0;
            foreach (var cell in row.OfType<TableCell>())
            {
                var column = cell.ColumnIndex >= 0 ? cell.ColumnIndex : next;
                next = column + 1;
                yield return (cell, column);
            }
        }

        private (int Start, int End) Trimmed(TableCell cell)
        {
            var (start, end) = Range(cell);
            while (start < end && char.IsWhiteSpace(text[start])) start++;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            return (start, end);
        }

        private List<MdInline> CellInlines(TableCell cell)
        {
            var inlines = new List<MdInline>();
            foreach (var leaf in cell.Descendants<LeafBlock>())
            {
                if (leaf.Inline is not null) Flatten(leaf.Inline, null, inlines);
            }
            return BareUrls.Split(text, inlines);
        }
    }
}
