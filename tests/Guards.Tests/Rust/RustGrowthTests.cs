using System.Text;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Rust;

/// <summary>
/// The Rust rules are linear in the file: each shape that once made them quadratic or worse (many
/// findings among many siblings, in one block, in one macro's tokens) at two sizes.
/// </summary>
[Collection(GrowthCheck.Collection)]
public sealed class RustGrowthTests
{
    private const string Provider = "fiberlb/crates/fiberlb-server/src/lib.rs";
    private static readonly GuardsPolicy Policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);

    private static Func<int, Action> Scanning(string rule, Func<int, string> source, int findingsPerUnit) => n =>
    {
        var tree = new InMemoryTree(new Dictionary<string, string> { [Provider] = source(n) });
        return () =>
        {
            var result = GuardsEngine.Scan(new ScanOptions { Path = "memory", Tree = tree, Policy = Policy, Rules = [rule], Jobs = 1 });
            Assert.Equal(n * findingsPerUnit, result.Active.Count(f => f.RuleId == rule));
        };
    };

    private static string Repeat(int n, Func<int, string> line)
    {
        var text = new StringBuilder();
        for (var i = 0; i < n; i++) text.Append(line(i));
        return text.ToString();
    }

    [Fact]
    public void Todo_comments_in_one_block_are_linear() =>
        GrowthCheck.AssertLinear("UCG1003, TODO comments in one function body", 2000,
            Scanning("UCG1003", n => "fn f() {\n" + Repeat(n, i => $"    // TODO: step {i}\n") + "}\n", 1));

    [Fact]
    public void Todo_comments_between_items_are_linear() =>
        GrowthCheck.AssertLinear("UCG1003, TODO comments between top-level items", 2000,
            Scanning("UCG1003", n => Repeat(n, i => $"// TODO: item {i}\nfn f{i}() {{}}\n"), 1));

    [Fact]
    public void Short_lines_with_stub_macros_are_linear() =>
        GrowthCheck.AssertLinear("UCG1001, one stub per short function", 2500,
            Scanning("UCG1001", n => Repeat(n, i => $"fn f{i}() {{ todo!() }}\n"), 1));

    [Fact]
    public void Short_lines_with_stub_statuses_are_linear() =>
        GrowthCheck.AssertLinear("UCG1002, one stub status per short function", 2500,
            Scanning("UCG1002", n => Repeat(n, i => $"fn f{i}() -> S {{ Status::unimplemented(\"x\") }}\n"), 1));

    [Fact]
    public void Stubs_in_one_macro_token_tree_are_linear() =>
        GrowthCheck.AssertLinear("UCG1001, stubs in one macro's tokens", 1000,
            Scanning("UCG1001", n => "m! {\n" + Repeat(n, _ => "    todo!() Status::unimplemented(\"x\")\n") + "}\n", 1));

    [Fact]
    public void Stub_statuses_in_one_macro_token_tree_are_linear() =>
        GrowthCheck.AssertLinear("UCG1002, stub statuses in one macro's tokens", 1000,
            Scanning("UCG1002", n => "m! {\n" + Repeat(n, _ => "    Status::unimplemented(\"x\") Status::new(Code::Unimplemented, \"y\")\n") + "}\n", 2));
}
