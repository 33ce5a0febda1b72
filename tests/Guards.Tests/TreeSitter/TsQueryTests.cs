using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using static UltraCloud.Guards.Tests.TreeSitter.TsTestSupport;

namespace UltraCloud.Guards.Tests.TreeSitter;

public class TsQueryTests
{
    private const string ThreeFunctions = "fn alpha() {}\nfn beta() {}\nfn gamma() {}\n";

    private static List<string> MatchedNames(string query, string source = ThreeFunctions)
    {
        using var tree = Parse(TsLanguage.Rust, source);
        using var compiled = new TsQuery(TsLanguage.Rust, query);
        using var cursor = new TsQueryCursor();
        return cursor.Matches(compiled, tree.Root).Select(m => m.Capture("name").Text).ToList();
    }

    [Fact]
    public void Query_without_predicates_matches_every_function()
    {
        Assert.Equal(["alpha", "beta", "gamma"], MatchedNames("(function_item name: (identifier) @name)"));
    }

    [Fact]
    public void Eq_keeps_only_equal_text()
    {
        Assert.Equal(["beta"], MatchedNames("((function_item name: (identifier) @name) (#eq? @name \"beta\"))"));
    }

    [Fact]
    public void Eq_rejects_every_match_when_no_text_is_equal()
    {
        Assert.Empty(MatchedNames("((function_item name: (identifier) @name) (#eq? @name \"zeta\"))"));
        Assert.Empty(MatchedNames("((function_item name: (identifier) @name) (#eq? @name \"bet\"))"));
    }

    [Fact]
    public void Not_eq_drops_equal_text()
    {
        Assert.Equal(["alpha", "gamma"], MatchedNames("((function_item name: (identifier) @name) (#not-eq? @name \"beta\"))"));
    }

    [Fact]
    public void Eq_between_two_captures_compares_their_text()
    {
        const string source = "fn f() { let x = x; let y = z; let w = w; }";
        const string query = "((let_declaration pattern: (identifier) @name value: (identifier) @value) (#eq? @name @value))";
        const string negated = "((let_declaration pattern: (identifier) @name value: (identifier) @value) (#not-eq? @name @value))";

        Assert.Equal(["x", "w"], MatchedNames(query, source));
        Assert.Equal(["y"], MatchedNames(negated, source));
    }

    [Fact]
    public void Match_is_an_unanchored_regex_search()
    {
        Assert.Equal(["alpha", "gamma"], MatchedNames("((function_item name: (identifier) @name) (#match? @name \"^(al|ga)\"))"));
        Assert.Equal(["alpha", "beta", "gamma"], MatchedNames("((function_item name: (identifier) @name) (#match? @name \"a\"))"));
        Assert.Empty(MatchedNames("((function_item name: (identifier) @name) (#match? @name \"^eta\"))"));
    }

    [Fact]
    public void Not_match_drops_matching_text()
    {
        Assert.Equal(["beta"], MatchedNames("((function_item name: (identifier) @name) (#not-match? @name \"^(al|ga)\"))"));
    }

    [Fact]
    public void Any_of_keeps_listed_text_and_not_any_of_drops_it()
    {
        Assert.Equal(["alpha", "gamma"], MatchedNames("((function_item name: (identifier) @name) (#any-of? @name \"gamma\" \"alpha\" \"delta\"))"));
        Assert.Equal(["beta"], MatchedNames("((function_item name: (identifier) @name) (#not-any-of? @name \"gamma\" \"alpha\"))"));
        Assert.Empty(MatchedNames("((function_item name: (identifier) @name) (#any-of? @name \"ALPHA\" \"Beta\"))"));
    }

    [Fact]
    public void Predicates_compare_non_ascii_text_exactly()
    {
        const string source = "fn f() { let a = \"héllo\"; let b = \"hello\"; }";
        const string query = "((let_declaration pattern: (identifier) @name value: (string_literal (string_content) @text)) (#eq? @text \"héllo\"))";
        const string regex = "((let_declaration pattern: (identifier) @name value: (string_literal (string_content) @text)) (#match? @text \"^h.llo$\"))";

        Assert.Equal(["a"], MatchedNames(query, source));
        Assert.Equal(["a", "b"], MatchedNames(regex, source));
    }

    [Fact]
    public void Predicates_apply_per_pattern()
    {
        using var tree = Parse(TsLanguage.Rust, ThreeFunctions);
        using var query = new TsQuery(
            TsLanguage.Rust,
            "((function_item name: (identifier) @name) (#eq? @name \"alpha\"))\n"
            + "((function_item name: (identifier) @other) (#eq? @other \"gamma\"))");
        using var cursor = new TsQueryCursor();

        var matches = cursor.Matches(query, tree.Root).Select(m => $"{m.PatternIndex}:{m.Captures[0].Name}:{m.Captures[0].Node.Text}").ToList();

        Assert.Equal(["0:name:alpha", "1:other:gamma"], matches);
        Assert.Equal(2, query.PatternCount);
        Assert.Equal(["name", "other"], query.CaptureNames);
        Assert.Equal(1, query.CaptureIndex("other"));
        Assert.Equal(-1, query.CaptureIndex("missing"));
    }

    [Fact]
    public void Captures_are_in_document_order_with_predicates_applied()
    {
        using var tree = Parse(TsLanguage.Rust, ThreeFunctions);
        using var query = new TsQuery(
            TsLanguage.Rust,
            "((function_item name: (identifier) @name body: (block) @body) (#not-eq? @name \"beta\"))");
        using var cursor = new TsQueryCursor();

        var captures = cursor.Captures(query, tree.Root).Select(c => $"{c.Name}@{c.Index}:{c.Node.StartByte}..{c.Node.EndByte}").ToList();

        Assert.Equal(["name@0:3..8", "body@1:11..13", "name@0:30..35", "body@1:38..40"], captures);
    }

    [Fact]
    public void Match_exposes_every_capture_with_its_index_and_name()
    {
        using var tree = Parse(TsLanguage.Bash, "rm -rf /tmp/x\n");
        using var query = new TsQuery(TsLanguage.Bash, "((command name: (command_name) @cmd argument: (word)+ @arg) (#eq? @cmd \"rm\"))");
        using var cursor = new TsQueryCursor();

        var match = Assert.Single(cursor.Matches(query, tree.Root));

        Assert.Equal(0, match.PatternIndex);
        Assert.Equal(["cmd:0:rm", "arg:1:-rf", "arg:1:/tmp/x"], match.Captures.Select(c => $"{c.Name}:{c.Index}:{c.Node.Text}"));
        Assert.Equal(["-rf", "/tmp/x"], match.Nodes("arg").Select(n => n.Text));
        Assert.True(match.Capture("nothing").IsNull);
    }

    [Fact]
    public void Quantified_capture_must_satisfy_the_predicate_with_every_node()
    {
        using var tree = Parse(TsLanguage.Bash, "rm -rf x\nrm -f -r\nls -l\n");
        using var query = new TsQuery(TsLanguage.Bash, "((command name: (command_name) @cmd argument: (word)+ @arg) (#match? @arg \"^-\"))");
        using var negated = new TsQuery(TsLanguage.Bash, "((command name: (command_name) @cmd argument: (word)+ @arg) (#not-match? @arg \"^-\"))");
        using var cursor = new TsQueryCursor();

        // "rm -rf x" has a non-flag argument, so it fails #match? (every node must match) and #not-match? alike.
        Assert.Equal(
            ["rm -f -r", "ls -l"],
            cursor.Matches(query, tree.Root).Select(m => m.Capture("cmd").Text + " " + string.Join(" ", m.Nodes("arg").Select(n => n.Text))));
        Assert.Empty(cursor.Matches(negated, tree.Root));
    }

    [Fact]
    public void Byte_range_restricts_matches()
    {
        using var tree = Parse(TsLanguage.Rust, ThreeFunctions);
        using var query = new TsQuery(TsLanguage.Rust, "(function_item name: (identifier) @name)");
        using var cursor = new TsQueryCursor();

        cursor.SetByteRange(14, 27); // the second line
        Assert.Equal(["beta"], cursor.Matches(query, tree.Root).Select(m => m.Capture("name").Text));

        cursor.ClearByteRange();
        Assert.Equal(3, cursor.Matches(query, tree.Root).Count());
        Assert.Equal(uint.MaxValue, cursor.MatchLimit);
        cursor.MatchLimit = 4;
        Assert.Equal(4u, cursor.MatchLimit);
        Assert.Equal(3, cursor.Matches(query, tree.Root).Count());
        Assert.False(cursor.DidExceedMatchLimit);
    }

    [Fact]
    public void Restarting_a_cursor_invalidates_the_earlier_enumeration()
    {
        using var tree = Parse(TsLanguage.Rust, ThreeFunctions);
        using var query = new TsQuery(TsLanguage.Rust, "(function_item) @f");
        using var cursor = new TsQueryCursor();

        using var first = cursor.Matches(query, tree.Root).GetEnumerator();
        Assert.True(first.MoveNext());
        Assert.Equal(3, cursor.Matches(query, tree.Root).Count());

        Assert.Throws<InvalidOperationException>(() => first.MoveNext());
    }

    [Fact]
    public void Query_runs_on_a_subtree_only()
    {
        using var tree = Parse(TsLanguage.Rust, "fn a() { x(); } fn b() { y(); z(); }");
        using var query = new TsQuery(TsLanguage.Rust, "(call_expression function: (identifier) @callee)");
        using var cursor = new TsQueryCursor();

        var second = tree.Root.NamedChild(1);

        Assert.Equal(["y", "z"], cursor.Matches(query, second).Select(m => m.Capture("callee").Text));
    }

    [Fact]
    public void Query_and_tree_languages_must_agree()
    {
        using var tree = Parse(TsLanguage.Nix, "{ }");
        using var query = new TsQuery(TsLanguage.Rust, "(identifier) @id");
        using var cursor = new TsQueryCursor();

        Assert.Throws<ArgumentException>(() => cursor.Matches(query, tree.Root));
        Assert.Throws<ArgumentException>(() => cursor.Matches(query, TsNode.Null));
    }

    [Theory]
    [InlineData("(function_item name: (identifier) @name", TsQueryErrorKind.Syntax, 39)]
    [InlineData("(function_item (no_such_node))", TsQueryErrorKind.NodeType, 16)]
    [InlineData("(function_item nosuchfield: (identifier))", TsQueryErrorKind.Field, 15)]
    [InlineData("((identifier) @a (#eq? @b \"x\"))", TsQueryErrorKind.Capture, 24)]
    public void Bad_query_throws_with_offset_and_kind(string source, TsQueryErrorKind kind, int offset)
    {
        var error = Assert.Throws<TsQueryException>(() => new TsQuery(TsLanguage.Rust, source));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(offset, error.ByteOffset);
    }

    [Fact]
    public void Query_error_offset_counts_characters_not_bytes()
    {
        var error = Assert.Throws<TsQueryException>(() => new TsQuery(TsLanguage.Rust, "; é\n(nope)"));

        Assert.Equal(TsQueryErrorKind.NodeType, error.Kind);
        Assert.Equal(5, error.Offset);
        Assert.Equal(6, error.ByteOffset);
        Assert.Contains("line 2, column 2", error.Message);
    }

    [Theory]
    [InlineData("((identifier) @a (#foo? @a))")]
    [InlineData("((identifier) @a (#set! key \"value\"))")]
    [InlineData("((identifier) @a (#eq? @a))")]
    [InlineData("((identifier) @a (#eq? \"x\" @a))")]
    [InlineData("((identifier) @a (#match? @a @a))")]
    [InlineData("((identifier) @a (#match? @a \"(\"))")]
    [InlineData("((identifier) @a (#any-of? @a))")]
    [InlineData("((identifier) @a (#any-of? @a \"x\" @a))")]
    public void Unsupported_or_malformed_predicates_throw_at_construction(string source)
    {
        var error = Assert.Throws<TsQueryException>(() => new TsQuery(TsLanguage.Rust, source));

        Assert.Equal(TsQueryErrorKind.Predicate, error.Kind);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void Predicate_error_points_at_the_offending_pattern()
    {
        var error = Assert.Throws<TsQueryException>(() => new TsQuery(TsLanguage.Rust, "(identifier) @ok\n((identifier) @a (#nope? @a))"));

        Assert.Equal(TsQueryErrorKind.Predicate, error.Kind);
        Assert.Equal(17, error.Offset);
        Assert.Contains("#nope?", error.Message);
    }

    [Fact]
    public void One_query_is_shared_by_parallel_cursors()
    {
        using var query = new TsQuery(TsLanguage.Rust, "((function_item name: (identifier) @name) (#match? @name \"^(alpha|gamma)$\"))");
        var results = new string[8];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using var tree = TsParser.ForCurrentThread(TsLanguage.Rust).Parse(System.Text.Encoding.UTF8.GetBytes(ThreeFunctions));
            using var cursor = new TsQueryCursor();
            for (var round = 0; round < 50; round++)
            {
                results[i] = string.Join(",", cursor.Matches(query, tree.Root).Select(m => m.Capture("name").Text));
            }
        });

        Assert.All(results, r => Assert.Equal("alpha,gamma", r));
    }
}
