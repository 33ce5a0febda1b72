using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Markdown;

/// <summary>
/// A Markdown file as the docs rules see it: its headings, the text blocks that hold prose
/// (paragraphs, headings, table cells), code blocks and tables, each with the structure around it.
/// All offsets are char offsets into <see cref="SourceText.Text"/>; spans go through
/// <see cref="SourceText.SpanOfChars"/>, so lines and UTF-16 columns are exact on CRLF files and
/// after multi-byte characters.
/// </summary>
public sealed class MdDocument
{
    internal MdDocument(SourceText source, IReadOnlyList<MdHeading> headings, IReadOnlyList<MdTextBlock> textBlocks,
        IReadOnlyList<MdCodeBlock> codeBlocks, IReadOnlyList<MdTable> tables)
    {
        Source = source;
        Headings = headings;
        TextBlocks = textBlocks;
        CodeBlocks = codeBlocks;
        Tables = tables;
    }

    public SourceText Source { get; }

    /// <summary>Every heading, in document order.</summary>
    public IReadOnlyList<MdHeading> Headings { get; }

    /// <summary>Paragraphs, headings and table cells, in document order.</summary>
    public IReadOnlyList<MdTextBlock> TextBlocks { get; }

    /// <summary>Fenced and indented code blocks, in document order.</summary>
    public IReadOnlyList<MdCodeBlock> CodeBlocks { get; }

    public IReadOnlyList<MdTable> Tables { get; }

    /// <summary>The prose of the document: text outside code, HTML, link targets, autolinks and front matter.</summary>
    public IEnumerable<MdProseRun> ProseRuns => TextBlocks.SelectMany(b => b.ProseRuns);

    public SourceSpan Span(int startChar, int endChar) => Source.SpanOfChars(startChar, endChar);
}

/// <summary>An ATX or setext heading; <see cref="Parents"/> are the headings it sits under, outermost first.</summary>
public sealed class MdHeading
{
    internal MdHeading(int level, string text, SourceSpan span, IReadOnlyList<MdHeading> parents)
    {
        Level = level;
        Text = text;
        Span = span;
        Parents = parents;
    }

    public int Level { get; }

    /// <summary>The heading's text as read (emphasis removed, inline code kept without its backticks).</summary>
    public string Text { get; }

    public SourceSpan Span { get; }

    public IReadOnlyList<MdHeading> Parents { get; }

    public override string ToString() => new string('#', Level) + " " + Text;
}

/// <summary>An item of a bullet or ordered list.</summary>
/// <param name="Line">1-based line of the item's marker.</param>
/// <param name="Depth">1 for a top-level list, 2 for a list inside an item, ...</param>
/// <param name="Index">0-based position of the item within its list.</param>
public sealed record MdListItem(int Line, int Depth, int Index, bool Ordered);

/// <summary>Where a text block sits: the headings above it, the list item, table cell and block quote around it.</summary>
public sealed class MdContext
{
    internal static readonly MdContext Root = new([], null, null, 0);

    internal MdContext(IReadOnlyList<MdHeading> headingPath, MdListItem? listItem, MdTableCell? tableCell, int blockQuoteDepth)
    {
        HeadingPath = headingPath;
        ListItem = listItem;
        TableCell = tableCell;
        BlockQuoteDepth = blockQuoteDepth;
    }

    /// <summary>The enclosing headings, outermost first (a heading's own block does not include itself).</summary>
    public IReadOnlyList<MdHeading> HeadingPath { get; }

    /// <summary>The innermost list item, if any.</summary>
    public MdListItem? ListItem { get; }

    /// <summary>The table cell, when the block is a cell.</summary>
    public MdTableCell? TableCell { get; }

    public int BlockQuoteDepth { get; }

    public bool InBlockQuote => BlockQuoteDepth > 0;

    internal MdContext With(IReadOnlyList<MdHeading>? headingPath = null, MdListItem? listItem = null, MdTableCell? tableCell = null, int? blockQuoteDepth = null) =>
        new(headingPath ?? HeadingPath, listItem ?? ListItem, tableCell ?? TableCell, blockQuoteDepth ?? BlockQuoteDepth);
}

public enum MdTextBlockKind
{
    Paragraph,
    Heading,
    TableCell,
}

public enum MdInlineKind
{
    /// <summary>Literal text (prose); its source is taken verbatim, so an escape keeps its backslash.</summary>
    Text,
    /// <summary>A soft or hard line break, read as one space.</summary>
    LineBreak,
    /// <summary>An HTML entity, read as the character it stands for.</summary>
    Entity,
    /// <summary>Inline code; <see cref="MdInline.Text"/> is the source between the backticks.</summary>
    Code,
    /// <summary>Inline HTML (tags and comments).</summary>
    Html,
    /// <summary>An autolink or a bare URL: a link target, not prose.</summary>
    AutoLink,
}

/// <summary>
/// One inline piece of a text block. <see cref="Start"/>..<see cref="End"/> is its source range
/// (end exclusive); for <see cref="MdInlineKind.Text"/> and <see cref="MdInlineKind.Code"/>,
/// <see cref="Text"/> maps char by char onto the source from <see cref="TextStart"/>.
/// </summary>
/// <param name="LinkUrl">For the text of a link (or an image's alt text), the link's target as written.</param>
public sealed record MdInline(MdInlineKind Kind, string Text, int Start, int End, int TextStart, bool InLinkText, string? LinkUrl = null)
{
    public bool IsProse => Kind is MdInlineKind.Text or MdInlineKind.LineBreak or MdInlineKind.Entity;
}

/// <summary>A string assembled from pieces of the source, with the source char offset of every char.</summary>
public sealed class MdMappedText
{
    private readonly Piece[] _pieces;

    /// <summary>
    /// Where a piece of the text starts and what it maps onto: char by char from
    /// <see cref="SourceStart"/> (text, code), or every char onto that one offset (a line break read
    /// as a space, an entity's decoded chars).
    /// </summary>
    internal readonly record struct Piece(int TextStart, int SourceStart, bool CharByChar);

    internal MdMappedText(string text, Piece[] pieces, int end)
    {
        Text = text;
        _pieces = pieces;
        End = end;
    }

    public string Text { get; }

    /// <summary>Source offset just after the last char.</summary>
    public int End { get; }

    public int Length => Text.Length;

    /// <summary>Source char offset of the char at <paramref name="index"/> (or of the end).</summary>
    public int SourceOffset(int index)
    {
        if (index >= Text.Length || _pieces.Length == 0) return End;
        // The last piece starting at or before the index (pieces are in text order).
        int low = 0, high = _pieces.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (_pieces[middle].TextStart <= index) low = middle;
            else high = middle - 1;
        }
        var piece = _pieces[low];
        return piece.CharByChar ? piece.SourceStart + (index - piece.TextStart) : piece.SourceStart;
    }

    /// <summary>
    /// The index of the last char whose source offset is at or before <paramref name="sourceOffset"/>
    /// (0 when none is): the inverse of <see cref="SourceOffset"/>, in logarithmic time.
    /// </summary>
    public int IndexOf(int sourceOffset)
    {
        if (_pieces.Length == 0 || sourceOffset < _pieces[0].SourceStart) return 0;
        int low = 0, high = _pieces.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (_pieces[middle].SourceStart <= sourceOffset) low = middle;
            else high = middle - 1;
        }
        var piece = _pieces[low];
        var pieceEnd = low + 1 < _pieces.Length ? _pieces[low + 1].TextStart : Text.Length;
        var last = pieceEnd - 1;
        return piece.CharByChar ? Math.Min(last, piece.TextStart + (sourceOffset - piece.SourceStart)) : last;
    }

    /// <summary>Source range [start, end) of the chars [startIndex, endIndex).</summary>
    public (int Start, int End) SourceRange(int startIndex, int endIndex)
    {
        var start = SourceOffset(startIndex);
        var end = endIndex > startIndex ? SourceOffset(endIndex - 1) + 1 : start;
        return (start, Math.Max(start, end));
    }

    /// <summary>Assembles a mapped text from inlines, one piece per inline.</summary>
    internal sealed class Builder
    {
        private readonly System.Text.StringBuilder _text = new();
        private readonly List<Piece> _pieces = [];

        public int Length => _text.Length;

        public void Append(MdInline inline)
        {
            switch (inline.Kind)
            {
                case MdInlineKind.LineBreak:
                    Add(new Piece(_text.Length, inline.Start, false), " ");
                    break;
                case MdInlineKind.Entity:
                    Add(new Piece(_text.Length, inline.Start, false), inline.Text);
                    break;
                default:
                    // Text and code; HTML and autolinks as written, so a sentence keeps its shape.
                    Add(new Piece(_text.Length, inline.TextStart, true), inline.Text);
                    break;
            }
        }

        private void Add(Piece piece, string text)
        {
            if (text.Length == 0) return;
            _pieces.Add(piece);
            _text.Append(text);
        }

        /// <summary>The text so far, ending at source offset <paramref name="end"/>; the builder starts over.</summary>
        public MdMappedText Build(int end)
        {
            var built = new MdMappedText(_text.ToString(), _pieces.ToArray(), end);
            Clear();
            return built;
        }

        public void Clear()
        {
            _text.Clear();
            _pieces.Clear();
        }
    }
}

/// <summary>A paragraph, heading or table cell and its inline content.</summary>
public sealed class MdTextBlock
{
    private FullTextOfBlock? _full;
    private IReadOnlyList<MdProseRun>? _runs;
    private (int Start, int End)[]? _sentences;

    /// <summary>The block's full text and what each of its chars is (the kind of inline, inside a link text or not): built when a rule first asks for a sentence.</summary>
    private sealed record FullTextOfBlock(MdMappedText Text, MdInlineKind[] Kinds, bool[] InLinkText, string?[] LinkUrls);

    internal MdTextBlock(MdTextBlockKind kind, MdContext context, IReadOnlyList<MdInline> inlines, int start, int end, SourceText source)
    {
        Kind = kind;
        Context = context;
        Inlines = inlines;
        Start = start;
        End = end;
        Source = source;
    }

    public MdTextBlockKind Kind { get; }
    public MdContext Context { get; }
    public IReadOnlyList<MdInline> Inlines { get; }
    public int Start { get; }
    public int End { get; }
    internal SourceText Source { get; }

    /// <summary>All of the block's text (prose, code without backticks, HTML as written), for sentences.</summary>
    public MdMappedText FullText => Full.Text;

    // Built on first use (a benign race: two threads would build equal values), as most blocks are
    // only ever read as prose runs.
    private FullTextOfBlock Full => _full ??= BuildFullText(Inlines, End);

    /// <summary>The block's prose: maximal runs of text, line breaks and entities, split at code, HTML, autolinks and link boundaries.</summary>
    public IReadOnlyList<MdProseRun> ProseRuns => _runs ??= BuildRuns();

    public SourceSpan Span => Source.SpanOfChars(Start, End);

    /// <summary>The sentence of the block holding the source offset: bounded by '.', '!' or '?' followed by a space in prose.</summary>
    public string SentenceAt(int sourceOffset)
    {
        var text = FullText.Text;
        if (text.Length == 0) return "";
        var (start, end) = Sentences[SentenceIndexAt(FullText.IndexOf(sourceOffset))];
        return text[start..end].Trim();
    }

    /// <summary>
    /// The sentences of <see cref="FullText"/> as [start, end) ranges that cover it in order, each
    /// ending after its '.', '!' or '?' (a prose one, followed by white space or the end).
    /// </summary>
    public IReadOnlyList<(int Start, int End)> Sentences => _sentences ??= BuildSentences();

    /// <summary>The index in <see cref="Sentences"/> of the sentence holding the char at <paramref name="index"/> of <see cref="FullText"/>.</summary>
    public int SentenceIndexAt(int index)
    {
        var sentences = Sentences;
        int low = 0, high = sentences.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (sentences[middle].Start <= index) low = middle;
            else high = middle - 1;
        }
        return low;
    }

    /// <summary>What the char at <paramref name="index"/> of <see cref="FullText"/> is part of: text, a line break, an entity, inline code, HTML or an autolink.</summary>
    public MdInlineKind KindAt(int index) => Full.Kinds[index];

    /// <summary>True when the char at <paramref name="index"/> of <see cref="FullText"/> is in the text of a link.</summary>
    public bool InLinkTextAt(int index) => Full.InLinkText[index];

    /// <summary>The target of the link whose text holds the char at <paramref name="index"/> of <see cref="FullText"/>, or null.</summary>
    public string? LinkUrlAt(int index) => Full.LinkUrls[index];

    private (int Start, int End)[] BuildSentences()
    {
        var text = FullText.Text;
        var sentences = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsSentenceEnd(i)) continue;
            sentences.Add((start, i + 1));
            start = i + 1;
        }
        if (start < text.Length || sentences.Count == 0) sentences.Add((start, text.Length));
        return [.. sentences];
    }

    /// <summary>Plain text of the block: what a reader sees, whitespace collapsed.</summary>
    public string PlainText => Collapse(FullText.Text);

    private bool IsSentenceEnd(int i)
    {
        var text = FullText.Text;
        var c = text[i];
        if (c != '.' && c != '!' && c != '?') return false;
        if (!IsProse(Full.Kinds[i])) return false;
        return i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]);
    }

    internal static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool IsProse(MdInlineKind kind) => kind is MdInlineKind.Text or MdInlineKind.LineBreak or MdInlineKind.Entity;

    private static FullTextOfBlock BuildFullText(IReadOnlyList<MdInline> inlines, int end)
    {
        var text = new MdMappedText.Builder();
        var kinds = new List<MdInlineKind>();
        var inLink = new List<bool>();
        var urls = new List<string?>();
        foreach (var inline in inlines)
        {
            text.Append(inline);
            for (var i = kinds.Count; i < text.Length; i++)
            {
                kinds.Add(inline.Kind);
                inLink.Add(inline.InLinkText);
                urls.Add(inline.LinkUrl);
            }
        }
        return new FullTextOfBlock(text.Build(end), [.. kinds], [.. inLink], [.. urls]);
    }

    private List<MdProseRun> BuildRuns()
    {
        var runs = new List<MdProseRun>();
        var text = new MdMappedText.Builder();
        var inLink = false;
        var end = 0;
        var hasText = false;

        void Flush()
        {
            if (hasText) runs.Add(new MdProseRun(this, text.Build(end), inLink));
            else text.Clear();
            hasText = false;
        }

        foreach (var inline in Inlines)
        {
            if (!inline.IsProse)
            {
                Flush();
                continue;
            }
            if (text.Length > 0 && inline.InLinkText != inLink) Flush();
            inLink = inline.InLinkText;
            text.Append(inline);
            hasText = hasText || !string.IsNullOrWhiteSpace(inline.Text);
            end = inline.End;
        }
        Flush();
        return runs;
    }
}

/// <summary>
/// A run of prose inside one text block: contiguous text with emphasis markers removed and line
/// breaks read as spaces. A run never crosses inline code, HTML, an autolink or a link's edge.
/// </summary>
public sealed class MdProseRun
{
    internal MdProseRun(MdTextBlock block, MdMappedText text, bool inLinkText)
    {
        Block = block;
        Mapped = text;
        InLinkText = inLinkText;
    }

    public MdTextBlock Block { get; }
    public MdMappedText Mapped { get; }
    public string Text => Mapped.Text;
    public MdContext Context => Block.Context;

    /// <summary>True when the run is the text of a link (or the alt text of an image).</summary>
    public bool InLinkText { get; }

    /// <summary>The source span of the run's chars [startIndex, endIndex).</summary>
    public SourceSpan SpanOf(int startIndex, int endIndex)
    {
        var (start, end) = Mapped.SourceRange(startIndex, endIndex);
        return Block.Source.SpanOfChars(start, end);
    }

    /// <summary>The sentence of the block around the char at <paramref name="index"/>.</summary>
    public string SentenceAt(int index) => Block.SentenceAt(Mapped.SourceOffset(index));

    public override string ToString() => Text;
}

/// <summary>One line of a code block: its text without indentation or block-quote markers, and where it starts.</summary>
public sealed record MdCodeLine(string Text, int Start);

/// <summary>A fenced or indented code block.</summary>
public sealed class MdCodeBlock
{
    internal MdCodeBlock(bool fenced, string info, MdContext context, IReadOnlyList<MdCodeLine> lines, MdTextBlock? lead, int start, int end, SourceText source)
    {
        Fenced = fenced;
        Info = info;
        Context = context;
        Lines = lines;
        Lead = lead;
        Start = start;
        End = end;
        Source = source;
    }

    public bool Fenced { get; }

    /// <summary>The fence's info string (language), empty when none.</summary>
    public string Info { get; }

    public MdContext Context { get; }
    public IReadOnlyList<MdCodeLine> Lines { get; }

    /// <summary>The paragraph just before the block in the same container (the sentence that introduces it), if any.</summary>
    public MdTextBlock? Lead { get; }

    public int Start { get; }
    public int End { get; }
    internal SourceText Source { get; }

    public SourceSpan Span => Source.SpanOfChars(Start, End);
}

/// <summary>A pipe table: a header row and body rows of cells.</summary>
public sealed class MdTable
{
    internal MdTable(MdContext context, IReadOnlyList<MdTableRow> rows, int start, int end, SourceText source)
    {
        Context = context;
        Rows = rows;
        Start = start;
        End = end;
        Source = source;
    }

    public MdContext Context { get; }
    public IReadOnlyList<MdTableRow> Rows { get; }
    public MdTableRow? Header => Rows.Count > 0 && Rows[0].IsHeader ? Rows[0] : null;
    public IEnumerable<MdTableRow> Body => Rows.Where(r => !r.IsHeader);

    /// <summary>The header cells' plain texts, in column order (empty when the table has no header).</summary>
    public IReadOnlyList<string> HeaderTexts => Header?.Cells.Select(c => c.Text).ToList() ?? [];

    public int Start { get; }
    public int End { get; }
    internal SourceText Source { get; }

    public SourceSpan Span => Source.SpanOfChars(Start, End);
}

public sealed class MdTableRow
{
    internal MdTableRow(int index, bool isHeader, IReadOnlyList<MdTableCell> cells)
    {
        Index = index;
        IsHeader = isHeader;
        Cells = cells;
    }

    /// <summary>0 for the header row, then 1, 2, ... for body rows.</summary>
    public int Index { get; }

    public bool IsHeader { get; }
    public IReadOnlyList<MdTableCell> Cells { get; }

    /// <summary>The cell in column <paramref name="column"/> (0-based), if the row has one.</summary>
    public MdTableCell? Cell(int column) => Cells.FirstOrDefault(c => c.Column == column);
}

/// <summary>A table cell: where it is (row, column, the header text of its column) and its content.</summary>
public sealed class MdTableCell
{
    internal MdTableCell(int row, int column, bool isHeader, string headerText, int start, int end)
    {
        Row = row;
        Column = column;
        IsHeader = isHeader;
        HeaderText = headerText;
        Start = start;
        End = end;
    }

    public int Row { get; }
    public int Column { get; }
    public bool IsHeader { get; }

    /// <summary>The plain text of the header cell of this column.</summary>
    public string HeaderText { get; }

    /// <summary>The cell's source range, padding excluded.</summary>
    public int Start { get; }

    public int End { get; }

    /// <summary>The cell's content block; its inlines give the cell's text and code spans.</summary>
    public MdTextBlock Content { get; internal set; } = null!;

    public string Text => Content.PlainText;

    public SourceSpan Span => Content.Source.SpanOfChars(Start, End);
}
