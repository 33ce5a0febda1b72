using System.Text;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using static UltraCloud.Guards.Tests.TreeSitter.TsTestSupport;

namespace UltraCloud.Guards.Tests.TreeSitter;

public class TsParseTests
{
    [Fact]
    public void Rust_function_has_exact_node_types_and_byte_ranges()
    {
        using var tree = Parse(TsLanguage.Rust, "fn main() { let x = 1; }");

        Assert.Equal(
            [
                "source_file [0..24]",
                "function_item [0..24]",
                "fn [0..2]",
                "identifier [3..7]",
                "parameters [7..9]",
                "( [7..8]",
                ") [8..9]",
                "block [10..24]",
                "{ [10..11]",
                "let_declaration [12..22]",
                "let [12..15]",
                "identifier [16..17]",
                "= [18..19]",
                "integer_literal [20..21]",
                "; [21..22]",
                "} [23..24]",
            ],
            Outline(tree.Root));
        Assert.False(tree.HasError);
        Assert.Equal(TsLanguage.Rust, tree.Language);
    }

    [Fact]
    public void Nix_attribute_set_has_exact_node_types_and_byte_ranges()
    {
        using var tree = Parse(TsLanguage.Nix, "{ a = 1; b = \"x\"; }");

        Assert.Equal(
            [
                "source_code [0..19]",
                "attrset_expression [0..19]",
                "{ [0..1]",
                "binding_set [2..17]",
                "binding [2..8]",
                "attrpath [2..3]",
                "identifier [2..3]",
                "= [4..5]",
                "integer_expression [6..7]",
                "; [7..8]",
                "binding [9..17]",
                "attrpath [9..10]",
                "identifier [9..10]",
                "= [11..12]",
                "string_expression [13..16]",
                "\" [13..14]",
                "string_fragment [14..15]",
                "\" [15..16]",
                "; [16..17]",
                "} [18..19]",
            ],
            Outline(tree.Root));
    }

    [Fact]
    public void Bash_pipeline_has_exact_node_types_and_byte_ranges()
    {
        using var tree = Parse(TsLanguage.Bash, "echo hi | grep h\n");

        Assert.Equal(
            [
                "program [0..17]",
                "pipeline [0..16]",
                "command [0..7]",
                "command_name [0..4]",
                "word [0..4]",
                "word [5..7]",
                "| [8..9]",
                "command [10..16]",
                "command_name [10..14]",
                "word [10..14]",
                "word [15..16]",
            ],
            Outline(tree.Root));
    }

    [Fact]
    public void SExpression_shows_named_nodes_and_fields()
    {
        using var tree = Parse(TsLanguage.Bash, "if [ -f x ]; then rm -rf \"$DIR\"; fi\n");

        Assert.Equal(
            "(program (if_statement condition: (test_command (unary_expression operator: (test_operator) (word))) "
            + "(command name: (command_name (word)) argument: (word) argument: (string (simple_expansion (variable_name))))))",
            tree.Root.ToSExpression());
    }

    [Fact]
    public void Node_flags_counts_and_text()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f(a: i32) -> i32 { a } // done");
        var function = tree.Root.Child(0);

        Assert.Equal("function_item", function.Type);
        Assert.True(function.IsNamed);
        Assert.False(function.IsError);
        Assert.False(function.IsMissing);
        Assert.False(function.HasError);
        Assert.False(function.IsExtra);
        Assert.Equal(6, function.ChildCount);
        Assert.Equal(4, function.NamedChildCount);
        Assert.Equal("fn f(a: i32) -> i32 { a }", function.Text);
        Assert.Equal("fn"u8.ToArray(), function.Child(0).Utf8Span.ToArray());
        Assert.False(function.Child(0).IsNamed);

        var comment = tree.Root.Child(1);
        Assert.Equal("line_comment", comment.Type);
        Assert.True(comment.IsExtra);
        Assert.Equal(new TsPoint(0, 26), comment.StartPosition);
        Assert.Equal(new TsPoint(0, 33), comment.EndPosition);
    }

    [Fact]
    public void Fields_are_resolved_by_name_and_by_child_index()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f(a: i32) -> i32 { a }");
        var function = tree.Root.Child(0);

        var fields = Enumerable.Range(0, function.ChildCount).Select(i => function.FieldNameForChild(i) ?? "-").ToList();
        Assert.Equal(["-", "name", "parameters", "-", "return_type", "body"], fields);

        var returnType = function.ChildByFieldName("return_type");
        Assert.Equal("primitive_type", returnType.Type);
        Assert.Equal(16, returnType.StartByte);
        Assert.Equal(19, returnType.EndByte);
        Assert.Equal("f", function.ChildByFieldName("name").Text);
        Assert.True(function.ChildByFieldName("no_such_field").IsNull);
        Assert.True(function.ChildByFieldName("condition").IsNull); // a real Rust field this node does not use

        var nameId = TsLanguages.FieldId(TsLanguage.Rust, "name");
        Assert.NotEqual(0, nameId);
        Assert.Equal("name", TsLanguages.FieldName(TsLanguage.Rust, nameId));
        Assert.Equal(function.ChildByFieldName("name"), function.ChildByFieldId(nameId));
        Assert.Equal(0, TsLanguages.FieldId(TsLanguage.Rust, "no_such_field"));
        Assert.Null(TsLanguages.FieldName(TsLanguage.Rust, 0));
    }

    [Fact]
    public void Navigation_between_parent_and_siblings()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f(a: i32) -> i32 { a }");
        var function = tree.Root.Child(0);
        var name = function.Child(1);
        var parameters = function.Child(2);

        Assert.Equal(function, name.Parent);
        Assert.Equal(tree.Root, function.Parent);
        Assert.True(tree.Root.Parent.IsNull);
        Assert.Equal(parameters, name.NextSibling);
        Assert.Equal(name, parameters.PrevSibling);
        Assert.Equal("fn", name.PrevSibling.Type);
        Assert.True(name.PrevNamedSibling.IsNull);
        Assert.Equal("primitive_type", parameters.NextNamedSibling.Type); // skips "->"
        Assert.Equal(parameters, function.ChildByFieldName("return_type").PrevNamedSibling);
        Assert.True(function.Child(5).NextSibling.IsNull);
        Assert.True(function.Child(6).IsNull);
        Assert.True(function.Child(-1).IsNull);
        Assert.Equal("identifier", function.NamedChild(0).Type);
        Assert.True(function.NamedChild(4).IsNull);
    }

    [Fact]
    public void Child_enumerations_match_indexed_access()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f(a: i32, b: u8) -> i32 { let c = a; c }");
        foreach (var node in TsWalk.DescendantsPreOrder(tree.Root))
        {
            var all = new List<TsNode>();
            foreach (var child in node.Children)
            {
                all.Add(child);
            }

            var named = new List<TsNode>();
            foreach (var child in node.NamedChildren)
            {
                named.Add(child);
            }

            Assert.Equal(Enumerable.Range(0, node.ChildCount).Select(node.Child), all);
            Assert.Equal(Enumerable.Range(0, node.NamedChildCount).Select(node.NamedChild), named);
            Assert.Equal(node.ChildCount, node.Children.Count);
            Assert.Equal(node.NamedChildCount, node.NamedChildren.Count);
        }

        var function = tree.Root.Child(0);
        Assert.Equal(["fn", "identifier", "parameters", "->", "primitive_type", "block"], function.Children.Select(c => c.Type));
        Assert.Equal(["identifier", "parameters", "primitive_type", "block"], function.NamedChildren.Select(c => c.Type));
    }

    [Fact]
    public void Nested_and_abandoned_child_enumerations_do_not_interfere()
    {
        using var tree = Parse(TsLanguage.Rust, "fn a() {} fn b(x: u8) {}");
        var pairs = new List<string>();
        foreach (var function in tree.Root.NamedChildren)
        {
            foreach (var part in function.NamedChildren)
            {
                pairs.Add($"{function.ChildByFieldName("name").Text}:{part.Type}");
                break; // abandons the inner enumeration; foreach still disposes it
            }
        }

        Assert.Equal(["a:identifier", "b:identifier"], pairs);

        // A copy of a finished enumerator must not reuse the cursor that went back to the pool.
        var enumerator = tree.Root.Children.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        var copy = enumerator;
        Assert.True(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
        Assert.Throws<InvalidOperationException>(() => copy.MoveNext());
        copy.Dispose();
        enumerator.Dispose();
        Assert.Equal(2, tree.Root.Children.Count());
    }

    [Fact]
    public void Type_is_one_cached_string_per_symbol()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f() { g(); g(); }");
        var calls = TsWalk.DescendantsPreOrder(tree.Root).Where(n => n.Type == "call_expression").ToList();

        Assert.Equal(2, calls.Count);
        Assert.Same(calls[0].Type, calls[1].Type);
        Assert.Same(calls[0].Type, calls[0].Type);
        foreach (var node in TsWalk.DescendantsPreOrder(tree.Root))
        {
            Assert.Equal(node.Type, TsLanguages.SymbolName(TsLanguage.Rust, node.Symbol));
        }

        var symbol = TsLanguages.SymbolForName(TsLanguage.Rust, "call_expression", named: true);
        Assert.Equal(calls[0].Symbol, symbol);
        Assert.Equal(0, TsLanguages.SymbolForName(TsLanguage.Rust, "no_such_symbol", named: true));
    }

    [Fact]
    public void StartByte_matches_the_native_start_byte_and_spans_are_utf8()
    {
        using var tree = Parse(TsLanguage.Rust, "let s = \"héllo\";");
        var content = TsWalk.DescendantsPreOrder(tree.Root).Single(n => n.Type == "string_content");

        Assert.Equal(9, content.StartByte);
        Assert.Equal(15, content.EndByte); // é is two bytes
        Assert.Equal("héllo", content.Text);
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), content.Utf8Span.ToArray());
        Assert.Equal(new TsPoint(0, 15), content.EndPosition);
    }

    [Fact]
    public void FirstErrorOrMissing_finds_the_error_in_an_unclosed_function()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f( {");
        var error = tree.Root.FirstErrorOrMissing();

        Assert.True(tree.HasError);
        Assert.True(error.IsError);
        Assert.Equal("ERROR", error.Type);
        Assert.Equal(TsLanguages.ErrorSymbol, error.Symbol);
        Assert.Equal(0, error.StartByte);
        Assert.Equal(7, error.EndByte);
        Assert.Equal("(source_file (ERROR (identifier)))", tree.Root.ToSExpression());
    }

    [Fact]
    public void FirstErrorOrMissing_finds_a_missing_token()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f() { let x = 1 }");
        var missing = tree.Root.FirstErrorOrMissing();

        Assert.True(missing.IsMissing);
        Assert.False(missing.IsError);
        Assert.Equal(";", missing.Type);
        Assert.Equal(18, missing.StartByte);
        Assert.Equal(18, missing.EndByte);
    }

    [Fact]
    public void FirstErrorOrMissing_is_null_for_a_valid_tree()
    {
        using var tree = Parse(TsLanguage.Nix, "let x = 1; in x + y");

        Assert.False(tree.HasError);
        Assert.True(tree.Root.FirstErrorOrMissing().IsNull);
    }

    [Fact]
    public void Tree_cursor_walks_children_with_field_names()
    {
        using var tree = Parse(TsLanguage.Rust, "fn f(a: i32) -> i32 { a }");
        using var cursor = new TsTreeCursor(tree.Root.Child(0));

        var seen = new List<string>();
        Assert.True(cursor.GotoFirstChild());
        do
        {
            seen.Add($"{cursor.Current.Type}:{cursor.CurrentFieldName}:{cursor.CurrentDepth}");
        }
        while (cursor.GotoNextSibling());

        Assert.Equal(
            ["fn::1", "identifier:name:1", "parameters:parameters:1", "->::1", "primitive_type:return_type:1", "block:body:1"],
            seen);
        Assert.True(cursor.GotoParent());
        Assert.Equal("function_item", cursor.Current.Type);
        Assert.False(cursor.GotoParent()); // cannot leave the node it started on

        cursor.Reset(tree.Root);
        Assert.Equal("source_file", cursor.Current.Type);
        Assert.Equal(0, cursor.CurrentDepth);
    }

    [Fact]
    public void Empty_input_parses_to_an_empty_root()
    {
        using var tree = Parse(TsLanguage.Bash, "");

        Assert.Equal("program", tree.Root.Type);
        Assert.Equal(0, tree.Root.EndByte);
        Assert.Equal(0, tree.Root.ChildCount);
        Assert.Empty(tree.Root.Children);
        Assert.Equal(string.Empty, tree.Root.Text);
    }

    [Fact]
    public void Null_node_is_neutral_for_structure_and_throws_for_data()
    {
        var node = TsNode.Null;

        Assert.True(node.IsNull);
        Assert.False(node.IsNamed);
        Assert.False(node.HasError);
        Assert.Equal(0, node.ChildCount);
        Assert.True(node.Child(0).IsNull);
        Assert.True(node.Parent.IsNull);
        Assert.Empty(node.Children);
        Assert.Empty(TsWalk.DescendantsPreOrder(node));
        Assert.Equal("(null node)", node.ToString());
        Assert.Throws<InvalidOperationException>(() => node.Type);
        Assert.Throws<InvalidOperationException>(() => node.StartByte);
        Assert.Throws<InvalidOperationException>(() => node.Text);
        Assert.Equal(default(TsNode), node);
    }

    [Fact]
    public void Equality_distinguishes_nodes_and_trees()
    {
        using var first = Parse(TsLanguage.Rust, "fn f() {}");
        using var second = Parse(TsLanguage.Rust, "fn f() {}");

        Assert.Equal(first.Root.Child(0), first.Root.NamedChild(0));
        Assert.Equal(first.Root.Child(0).GetHashCode(), first.Root.NamedChild(0).GetHashCode());
        Assert.True(first.Root.Child(0) == first.Root.Child(0).Child(0).Parent);
        Assert.NotEqual(first.Root, first.Root.Child(0));
        Assert.NotEqual(first.Root, second.Root);
        Assert.Same(first, first.Root.Tree);
    }
}
