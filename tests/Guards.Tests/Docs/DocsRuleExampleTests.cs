using System.Text;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Tests.Docs;

/// <summary>The examples of the docs rules' YAML files hold: each [|marked|] span is reported, nothing else.</summary>
public class DocsRuleExampleTests
{
    public static TheoryData<string, int> Examples()
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        var data = new TheoryData<string, int>();
        foreach (var id in new[] { "UCG1004", "UCG2004", "UCG2005", "UCG1005" })
        {
            var examples = policy.Rule(id)!.Descriptor.Examples;
            Assert.Contains(examples, e => e.Valid);
            Assert.Contains(examples, e => !e.Valid);
            for (var i = 0; i < examples.Count; i++) data.Add(id, i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_holds(string id, int index)
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        var example = policy.Rule(id)!.Descriptor.Examples[index];
        var (code, expected) = Unmark(example.Code);
        using var tree = DocsTree.Create();
        tree.Write(example.Path, code);
        var actual = tree.Raw(id).Select(f => (f.Path, f.Span.StartLine, f.Span.StartColumn, f.Span.EndLine, f.Span.EndColumn)).ToList();
        var source = SourceText.FromString(example.Path, code);
        var wanted = expected.Select(e =>
        {
            var span = source.SpanOfChars(e.Start, e.End);
            return (example.Path, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);
        }).ToList();
        Assert.Equal(wanted, actual);
        if (example.Valid) Assert.Empty(wanted);
    }

    private static (string Code, List<(int Start, int End)> Spans) Unmark(string marked)
    {
        var sb = new StringBuilder();
        var spans = new List<(int, int)>();
        var open = -1;
        for (var i = 0; i < marked.Length; i++)
        {
            if (marked.AsSpan(i).StartsWith("[|"))
            {
                open = sb.Length;
                i++;
            }
            else if (marked.AsSpan(i).StartsWith("|]") && open >= 0)
            {
                spans.Add((open, sb.Length));
                open = -1;
                i++;
            }
            else
            {
                sb.Append(marked[i]);
            }
        }
        return (sb.ToString(), spans);
    }
}
