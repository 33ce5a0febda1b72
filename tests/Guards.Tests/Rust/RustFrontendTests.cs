using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Rust;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Rust;

/// <summary>
/// The Rust frontend of a scan: one tree-sitter parse per file, shared by the rules and by the
/// test-code reading of other files, with the policy's budget and one UCG0001; nothing kept
/// between scans.
/// </summary>
public sealed class RustFrontendTests
{
    private const string Src = "chainfire/crates/chainfire-server/src/";

    private static (RepositoryContext Repository, FindingSink Sink, GuardsPolicy Policy, InMemoryTree Tree) Scan(params (string Path, string Text)[] files)
    {
        var tree = new InMemoryTree(files.Select(f => KeyValuePair.Create(f.Path, f.Text)));
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        var sink = new FindingSink(policy);
        return (new RepositoryContext(tree, policy, tree.Enumerate().ToList(), sink), sink, policy, tree);
    }

    private static FileContext Context((RepositoryContext Repository, FindingSink Sink, GuardsPolicy Policy, InMemoryTree Tree) scan, string path) =>
        new(SourceText.FromBytes(path, scan.Tree.Read(path, out _)!), scan.Policy, scan.Tree, scan.Sink, scan.Repository);

    [Fact]
    public void A_parent_module_read_for_a_child_first_is_parsed_once_and_its_tree_serves_its_own_analysis_later()
    {
        var scan = Scan(
            (Src + "lib.rs", "#[cfg(test)]\nmod fixtures;\nmod api;\npub fn serve() { todo!() }\n"),
            (Src + "fixtures.rs", "fn fixture() { todo!() }\n"),
            (Src + "api.rs", "fn get() { todo!() }\n"));
        var parses = RustParses.Of(scan.Repository);

        using (var child = Context(scan, Src + "fixtures.rs"))
        {
            Assert.True(RustFile.Of(child).IsTestFile);
        }
        using (var sibling = Context(scan, Src + "api.rs"))
        {
            Assert.False(RustFile.Of(sibling).IsTestFile);
        }
        Assert.Equal(3, parses.ParseCount);
        using (var parent = Context(scan, Src + "lib.rs"))
        {
            var rust = RustFile.Of(parent);
            Assert.NotNull(rust.Tree);
            Assert.Equal("source_file", rust.Tree!.Root.Type);
        }

        Assert.Equal(3, parses.ParseCount);
        scan.Repository.Dispose();
    }

    [Fact]
    public void The_module_files_above_a_file_are_parsed_only_when_a_rule_asks_whether_a_place_is_test_code()
    {
        var scan = Scan(
            (Src + "lib.rs", "#[cfg(test)]\nmod fixtures;\n"),
            (Src + "fixtures.rs", "fn fixture() { todo!() }\n"));
        var parses = RustParses.Of(scan.Repository);
        using var context = Context(scan, Src + "fixtures.rs");
        var rust = RustFile.Of(context);
        var target = context.Text.Text.IndexOf("todo", StringComparison.Ordinal);

        var visited = 0;
        rust.Locate([(target, target + 4)], RustCodeReading.CfgOnly, (_, _) => visited++);
        Assert.Equal((1, 1), (visited, parses.ParseCount));

        var inTest = false;
        rust.Locate([(target, target + 4)], RustCodeReading.CfgOnly, (_, path) => inTest = path.InTestCode);
        Assert.Equal((true, 2), (inTest, parses.ParseCount));
        scan.Repository.Dispose();
    }

    [Fact]
    public void A_parent_read_only_for_the_test_code_question_reports_its_syntax_error_once_at_its_own_place()
    {
        using var tree = new TestTree(
            (Src + "lib.rs", "#[cfg(test)]\nmod fixtures;\nmod api;\npub fn broken( {\n"),
            (Src + "api.rs", "fn get() { todo!() }\n"),
            (Src + "fixtures.rs", "fn fixture() { todo!() }\n"));

        Assert.Equal([("UCG1001", Src + "api.rs", 1, 12), ("UCG0001", Src + "lib.rs", 4, 1)], tree.Findings("UCG1001"));
    }

    [Fact]
    public void A_parent_over_the_parse_budget_is_one_located_parse_error_and_its_children_stay_shipped_code()
    {
        var body = new System.Text.StringBuilder("#[cfg(test)]\nmod fixtures;\n");
        for (var i = 0; body.Length < 3 * 1024 * 1024; i++) body.Append($"fn f{i}(x: u32) -> u32 {{ let y = x + {i}; if y > 3 {{ y }} else {{ y * 2 }} }}\n");
        using var tree = new TestTree(
            ("uc-guards.yaml", "version: 1\nparse-budget: 0.01s\nmax-file-size: 8MiB\n"),
            (Src + "lib.rs", body.ToString()),
            (Src + "fixtures.rs", "fn fixture() { todo!() }\n"));

        Assert.Equal([("UCG1001", Src + "fixtures.rs", 1, 16), ("UCG0001", Src + "lib.rs", 1, 1)], tree.Findings("UCG1001"));
    }

    [Fact]
    public void Nothing_is_kept_between_scans_of_the_same_tree_object()
    {
        var files = new InMemoryTree(new Dictionary<string, string>
        {
            [Src + "lib.rs"] = "#[cfg(test)]\nmod fixtures;\n",
            [Src + "fixtures.rs"] = "fn fixture() { todo!() }\n",
        });
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        IReadOnlyList<(string, int)> Findings() => GuardsEngine.Scan(new ScanOptions { Path = "memory", Tree = files, Policy = policy, Rules = ["UCG1001"] })
            .Active.Select(f => (f.Path, f.Span.StartLine)).ToList();

        Assert.Empty(Findings());
        files.Add(Src + "lib.rs", "mod fixtures;\n");
        Assert.Equal([(Src + "fixtures.rs", 1)], Findings());
    }

    [Fact]
    public void Test_attributes_and_template_macros_are_checked_when_read()
    {
        var error = Assert.Throws<ArgumentException>(() => new RustCodeReading(["tokio::test(flavor)"], []));
        Assert.Contains("not an attribute path", error.Message);
        Assert.Throws<ArgumentException>(() => new RustCodeReading([], ["quote!()"]));

        var reading = new RustCodeReading(["test", "*::test", "rstest"], ["quote"]);
        Assert.True(reading.IsTestAttribute("tokio::test(flavor=\"multi_thread\")"));
        Assert.True(reading.IsTestAttribute("cfg(all(test,feature=\"x\"))"));
        Assert.True(reading.IsTestAttribute("rstest"));
        Assert.False(reading.IsTestAttribute("rstest::rstest"));
        Assert.False(reading.IsTestAttribute("cfg(not(test))"));
        Assert.False(reading.IsTestAttribute("cfg(any(test,feature=\"x\"))"));
        Assert.False(reading.IsTestAttribute("test_helper"));
        Assert.True(reading.IsTemplateMacro("quote"));
        Assert.True(new RustCodeReading([], ["quote_spanned!"]).IsTemplateMacro("quote_spanned"));
    }

    [Fact]
    public void A_bad_test_attribute_in_the_configuration_is_a_located_configuration_error()
    {
        using var tree = new TestTree(
            ("uc-guards.yaml", "version: 1\nrules:\n  UCG1001:\n    extend:\n      test-attributes: [\"my-test\"]\n"),
            (Src + "lib.rs", "fn a() {}\n"));

        var error = Assert.Throws<PolicyException>(() => tree.Scan("UCG1001"));
        Assert.Contains("uc-guards.yaml:5:25: UCG1001.options.test-attributes: 'my-test' is not an attribute path", error.Message);
    }
}
