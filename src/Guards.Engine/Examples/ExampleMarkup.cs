using System.Text;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Examples;

/// <summary>One file of a rule example, its markers stripped, with the spans the markers enclosed.</summary>
public sealed record ExampleFile(string Path, string Text, IReadOnlyList<SourceSpan> ExpectedSpans);

/// <summary>A rule example's markup could not be read (unbalanced markers, a bad file separator).</summary>
public sealed class ExampleMarkupException(string message) : Exception(message);

/// <summary>
/// The markup of rule examples (docs/cli.md, "Rule examples"):
/// <list type="bullet">
/// <item>In an invalid example every expected finding span is enclosed in <c>[|</c> ... <c>|]</c>, as
/// Roslyn analyzer tests mark them; markers may nest and may span lines. They are removed before
/// the example is analysed. Valid examples are used verbatim.</item>
/// <item>An example may hold several files: a line <c>--- path: some/file</c> starts the next file;
/// the text before the first such line is the file named by the example's <c>path</c>.</item>
/// </list>
/// </summary>
public static class ExampleMarkup
{
    public const string OpenMarker = "[|";
    public const string CloseMarker = "|]";
    public const string FileSeparator = "--- path:";

    /// <summary>Splits an example into its files and strips the markers of invalid examples.</summary>
    public static IReadOnlyList<ExampleFile> Parse(RuleExample example)
    {
        var files = new List<ExampleFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, text) in SplitFiles(example.Path, example.Code))
        {
            if (!seen.Add(path)) throw new ExampleMarkupException($"file '{path}' appears twice in the example");
            if (example.Valid)
            {
                files.Add(new ExampleFile(path, text, []));
                continue;
            }
            var (stripped, spans) = StripMarkers(path, text);
            files.Add(new ExampleFile(path, stripped, spans));
        }
        if (!example.Valid && files.All(f => f.ExpectedSpans.Count == 0))
            throw new ExampleMarkupException("invalid example marks no expected finding: enclose each one in [| and |]");
        return files;
    }

    /// <summary>The files of an example: (path, text) in order, the first named <paramref name="firstPath"/>.</summary>
    public static IReadOnlyList<(string Path, string Text)> SplitFiles(string firstPath, string code)
    {
        var result = new List<(string, string)>();
        var path = NormalizePath(firstPath);
        var current = new StringBuilder();
        var index = 0;
        while (index < code.Length)
        {
            var lineEnd = code.IndexOf('\n', index);
            var next = lineEnd < 0 ? code.Length : lineEnd + 1;
            var line = code[index..next].TrimEnd('\n', '\r');
            if (line.StartsWith(FileSeparator, StringComparison.Ordinal))
            {
                result.Add((path, current.ToString()));
                current.Clear();
                path = NormalizePath(line[FileSeparator.Length..].Trim());
            }
            else
            {
                current.Append(code, index, next - index);
            }
            index = next;
        }
        result.Add((path, current.ToString()));
        return result;
    }

    private static string NormalizePath(string path)
    {
        var normalized = Discovery.PathUtil.Normalize(path.Trim());
        if (string.IsNullOrEmpty(normalized))
            throw new ExampleMarkupException($"'{path}' is not a relative file path");
        return normalized;
    }

    /// <summary>Removes [| |] markers; returns the text and the spans they enclosed, in the stripped text's coordinates.</summary>
    public static (string Text, IReadOnlyList<SourceSpan> Spans) StripMarkers(string path, string marked)
    {
        var output = new StringBuilder(marked.Length);
        var open = new Stack<(int Offset, int Line)>();
        var ranges = new List<(int Start, int End)>();
        var line = 1;
        for (var i = 0; i < marked.Length; i++)
        {
            if (string.CompareOrdinal(marked, i, OpenMarker, 0, 2) == 0)
            {
                open.Push((output.Length, line));
                i++;
                continue;
            }
            if (string.CompareOrdinal(marked, i, CloseMarker, 0, 2) == 0)
            {
                if (open.Count == 0) throw new ExampleMarkupException($"{path}:{line}: '|]' without a matching '[|'");
                var (start, _) = open.Pop();
                ranges.Add((start, output.Length));
                i++;
                continue;
            }
            if (marked[i] == '\n') line++;
            output.Append(marked[i]);
        }
        if (open.Count > 0) throw new ExampleMarkupException($"{path}:{open.Peek().Line}: '[|' is never closed with '|]'");

        var text = output.ToString();
        var source = SourceText.FromString(path, text);
        var spans = ranges
            .Select(r => source.SpanOfChars(r.Start, r.End))
            .OrderBy(s => s.StartLine).ThenBy(s => s.StartColumn).ThenBy(s => s.EndLine).ThenBy(s => s.EndColumn)
            .ToList();
        return (text, spans);
    }
}
