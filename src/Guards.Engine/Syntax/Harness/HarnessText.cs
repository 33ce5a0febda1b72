using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Syntax.Shell;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Harness;

public enum HarnessTextKind
{
    Comment,
    String,
    Heredoc,
}

/// <summary>One comment, string literal piece or heredoc body of a shell or Nix file.</summary>
public sealed class HarnessTextRun
{
    private readonly SourceText _source;

    internal HarnessTextRun(SourceText source, HarnessTextKind kind, string text, int startByte)
    {
        _source = source;
        Kind = kind;
        Text = text;
        StartByte = startByte;
    }

    public HarnessTextKind Kind { get; }
    public string Text { get; }
    public int StartByte { get; }

    public string KindDescription => Kind switch
    {
        HarnessTextKind.Comment => "a comment",
        HarnessTextKind.Heredoc => "a heredoc",
        _ => "a string",
    };

    /// <summary>The source span of the chars [startIndex, endIndex) of <see cref="Text"/>.</summary>
    public SourceSpan SpanOf(int startIndex, int endIndex)
    {
        var start = StartByte + Encoding.UTF8.GetByteCount(Text.AsSpan(0, startIndex));
        var end = start + Encoding.UTF8.GetByteCount(Text.AsSpan(startIndex, endIndex - startIndex));
        return _source.SpanOfBytes(start, end);
    }

    public override string ToString() => $"{Kind}: {Text}";
}

/// <summary>
/// The words of a harness file that a reader sees as text: comments and string literals of shell
/// scripts (tree-sitter-bash: <c>"..."</c> without its <c>$expansions</c>, <c>'...'</c>,
/// <c>$'...'</c>, heredoc bodies) and of Nix files (the Nix lexer: comments, the pieces of
/// <c>"..."</c> and <c>''...''</c> strings without interpolations and escapes). Variable names,
/// commands and code are not text. Parsed once per file; a syntax error or a parse over the
/// policy's budget is reported as UCG0001 (for Nix by <see cref="NixSyntax"/>) and what was read
/// is still read.
/// </summary>
public sealed class HarnessText
{
    public const string SharedKey = "syntax:harness-text";

    private HarnessText(IReadOnlyList<HarnessTextRun> runs) => Runs = runs;

    public IReadOnlyList<HarnessTextRun> Runs { get; }

    public static bool Handles(string path) => LanguageOf(path) is not null;

    public static TsLanguage? LanguageOf(string path)
    {
        if (path.EndsWith(".nix", StringComparison.Ordinal)) return TsLanguage.Nix;
        if (ShellSyntax.IsShellFile(path)) return TsLanguage.Bash;
        return null;
    }

    public static HarnessText Of(FileContext context) => context.Shared(SharedKey, static c => Read(c));

    private static HarnessText Read(FileContext context)
    {
        var source = context.Text;
        if (LanguageOf(context.Path) is not { } language) return new HarnessText([]);
        // A Nix file's words come from the one Nix parse of the file, which also reports its parse
        // problem (as Nix's own parser sees it), so every rule reading the file reports the same UCG0001.
        if (language == TsLanguage.Nix) return FromNix(NixSyntax.Of(context));
        // The shell frontend parses the file once for every rule and reports its parse problem.
        if (ShellSyntax.Of(context) is not { } tree) return new HarnessText([]);
        var runs = new List<HarnessTextRun>();
        foreach (var node in TsWalk.DescendantsPreOrder(tree.Root))
        {
            if (Classify(node) is not { } kind) continue;
            foreach (var (start, end) in Pieces(node))
            {
                if (end > start)
                    runs.Add(new HarnessTextRun(source, kind, Encoding.UTF8.GetString(source.Utf8, start, end - start), start));
            }
        }
        return new HarnessText(runs);
    }

    /// <summary>The comments and string pieces the Nix lexer saw (the whole file, even after a syntax error).</summary>
    private static HarnessText FromNix(NixParseResult parse)
    {
        var source = parse.Source.Text;
        var runs = new List<HarnessTextRun>(parse.TextRuns.Count);
        foreach (var run in parse.TextRuns)
        {
            if (run.EndByte <= run.StartByte) continue;
            var kind = run.IsComment ? HarnessTextKind.Comment : HarnessTextKind.String;
            runs.Add(new HarnessTextRun(source, kind, Encoding.UTF8.GetString(source.Utf8, run.StartByte, run.EndByte - run.StartByte), run.StartByte));
        }
        return new HarnessText(runs);
    }

    private static HarnessTextKind? Classify(TsNode node) => node.Type switch
    {
        "comment" => HarnessTextKind.Comment,
        "string" or "raw_string" or "ansi_c_string" => HarnessTextKind.String,
        "heredoc_body" => HarnessTextKind.Heredoc,
        _ => null,
    };

    private static readonly HashSet<string> s_expansions =
        ["simple_expansion", "expansion", "command_substitution", "arithmetic_expansion", "process_substitution"];

    /// <summary>
    /// The text pieces of a node: its inside without quotes, split around <c>$expansions</c> (a
    /// heredoc body or double-quoted string holds its text between its expansion children).
    /// </summary>
    private static IEnumerable<(int Start, int End)> Pieces(TsNode node)
    {
        int start = node.StartByte, end = node.EndByte;
        switch (node.Type)
        {
            case "raw_string":
                yield return (start + 1, end - 1);
                yield break;
            case "ansi_c_string":
                yield return (start + 2, end - 1);
                yield break;
            case "string":
                start++;
                end--;
                break;
            case "heredoc_body":
                break;
            default:
                yield return (start, end);
                yield break;
        }
        var at = start;
        for (var i = 0; i < node.NamedChildCount; i++)
        {
            var child = node.NamedChild(i);
            if (!s_expansions.Contains(child.Type)) continue;
            yield return (at, Math.Min(end, child.StartByte));
            at = Math.Max(at, child.EndByte);
        }
        yield return (at, end);
    }
}
