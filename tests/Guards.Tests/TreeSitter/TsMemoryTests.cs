using System.Text;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Tests.TreeSitter;

[CollectionDefinition(nameof(TsMemoryTests), DisableParallelization = true)]
public sealed class TsMemoryCollection;

/// <summary>Runs alone (no other test allocates meanwhile), since it measures the whole process.</summary>
[Collection(nameof(TsMemoryTests))]
public class TsMemoryTests
{
    [Fact]
    public void Parsing_and_disposing_ten_thousand_trees_does_not_grow_the_working_set()
    {
        // Large enough that leaking the trees would cost about 200 MB, twice the bound.
        var source = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 4).Select(i =>
            $"fn f{i}(a: u8) -> u8 {{ let b = a + 1; if b > 2 {{ b }} else {{ 0 }} }} // tail\n")));
        var parser = TsParser.ForCurrentThread(TsLanguage.Rust);

        RunBatch(parser, source, 500); // warm up pools and JIT before the baseline
        var before = SettledWorkingSet();

        var identifiers = RunBatch(parser, source, 10_000);

        var growth = SettledWorkingSet() - before;
        Assert.Equal(10_000 * 4 * 5, identifiers);
        Assert.True(growth < 100L * 1024 * 1024, $"working set grew by {growth / (1024 * 1024)} MB");
    }

    private static int RunBatch(TsParser parser, byte[] source, int count)
    {
        var identifiers = 0;
        for (var i = 0; i < count; i++)
        {
            using var tree = parser.Parse(source);
            foreach (var child in tree.Root.NamedChild(0).Children)
            {
                _ = child.Type;
            }

            _ = tree.Root.ToSExpression();
            _ = tree.Root.FirstErrorOrMissing();
            identifiers += CountIdentifiers(tree.Root, source);
        }

        return identifiers;
    }

    /// <summary>The identifiers `a` and `b` (five per function of the source).</summary>
    private static int CountIdentifiers(TsNode node, byte[] source)
    {
        var count = node.Type == "identifier" && node.EndByte - node.StartByte == 1 && source[node.StartByte] is (byte)'a' or (byte)'b' ? 1 : 0;
        foreach (var child in node.Children) count += CountIdentifiers(child, source);
        return count;
    }

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Environment.WorkingSet;
    }
}
