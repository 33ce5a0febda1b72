using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>The examples of the flake rules' YAML files hold: invalid ones report exactly the marked spans, valid ones nothing.</summary>
public sealed class FlakeRuleExampleTests
{
    public static TheoryData<string> RuleIds => new() { "UCG1005", "UCG2001", "UCG2002", "UCG2003", "UCG2006", "UCG2007" };

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Examples_hold(string id)
    {
        var policy = GuardsEngine.LoadPolicy(FlakeTestSupport.RepositoryRoot, null, Path.Combine(FlakeTestSupport.RepositoryRoot, "rules"));
        var examples = policy.Rule(id)!.Descriptor.Examples;
        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            using var tree = new TestTree(("uc-guards.yaml", "version: 1\n"));
            var expected = new List<(string, int, int, int, int)>();
            foreach (var (path, text) in Split(example.Path, example.Code))
            {
                var (clean, spans) = Strip(text);
                tree.Write(path, clean);
                expected.AddRange(spans.Select(s => (path, s.Item1, s.Item2, s.Item3, s.Item4)));
            }
            var result = GuardsEngine.Scan(new ScanOptions { Path = tree.Root, Rules = [id] });
            Assert.Empty(result.InternalErrors);
            var actual = result.Findings.Where(f => f.RuleId == id)
                .Select(f => (f.Path, f.Span.StartLine, f.Span.StartColumn, f.Span.EndLine, f.Span.EndColumn)).ToList();
            var others = result.Findings.Where(f => f.RuleId != id).Select(f => $"{f.RuleId} {f.Path}:{f.Span.StartLine}:{f.Span.StartColumn} {f.Message}").ToList();
            Assert.True(expected.OrderBy(x => x).SequenceEqual(actual.OrderBy(x => x)),
                $"{id} {(example.Valid ? "valid" : "invalid")} example {example.Path}:\nexpected {string.Join(", ", expected)}\nactual   {string.Join(", ", actual)}\n{string.Join("\n", result.Findings.Select(f => f.Message))}");
            Assert.True(others.Count == 0, string.Join("\n", others));
        }
    }

    private static IEnumerable<(string Path, string Text)> Split(string firstPath, string code)
    {
        var path = firstPath;
        var sb = new System.Text.StringBuilder();
        foreach (var line in code.Split('\n'))
        {
            if (line.StartsWith("--- path: ", StringComparison.Ordinal))
            {
                yield return (path, sb.ToString());
                sb.Clear();
                path = line["--- path: ".Length..].Trim();
                continue;
            }
            sb.Append(line).Append('\n');
        }
        yield return (path, sb.ToString().TrimEnd('\n') + "\n");
    }

    /// <summary>Removes [| |] markers, returning the 1-based (line, column, endLine, endColumn) of each marked span.</summary>
    private static (string, List<(int, int, int, int)>) Strip(string text)
    {
        var sb = new System.Text.StringBuilder();
        var spans = new List<(int, int, int, int)>();
        var open = new Stack<(int, int)>();
        int line = 1, col = 1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '[' && i + 1 < text.Length && text[i + 1] == '|') { open.Push((line, col)); i++; continue; }
            if (text[i] == '|' && i + 1 < text.Length && text[i + 1] == ']' && open.Count > 0) { var (l, c) = open.Pop(); spans.Add((l, c, line, col)); i++; continue; }
            sb.Append(text[i]);
            if (text[i] == '\n') { line++; col = 1; } else col++;
        }
        return (sb.ToString(), spans);
    }
}
