using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using static UltraCloud.Guards.Tests.TreeSitter.TsTestSupport;

namespace UltraCloud.Guards.Tests.TreeSitter;

public class TsDeepTreeTests
{
    [Fact]
    public void Ten_thousand_levels_are_walked_without_recursion()
    {
        const int depth = 10_000;
        using var tree = Parse(TsLanguage.Rust, DeeplyNestedRust(depth));

        var parenthesised = 0;
        var total = 0;
        var deepest = TsNode.Null;
        foreach (var node in TsWalk.DescendantsPreOrder(tree.Root))
        {
            total++;
            if (node.Type == "parenthesized_expression")
            {
                parenthesised++;
            }
            else if (node.Type == "integer_literal")
            {
                deepest = node;
            }
        }

        Assert.False(tree.HasError);
        Assert.Equal(depth, parenthesised);
        Assert.Equal(3 * depth + 16, total); // each level: the expression, "(" and ")"
        Assert.Equal(20 + depth, deepest.StartByte);
        Assert.Equal(21 + depth, deepest.EndByte);
    }

    [Fact]
    public void Deep_tree_cursor_climbs_back_to_the_root()
    {
        const int depth = 10_000;
        using var tree = Parse(TsLanguage.Rust, DeeplyNestedRust(depth));
        using var cursor = new TsTreeCursor(tree.Root);

        // Descend along the path to the innermost literal.
        var target = 20 + depth;
        var descended = 0;
        while (cursor.GotoFirstChild())
        {
            descended++;
            while (cursor.Current.EndByte <= target)
            {
                Assert.True(cursor.GotoNextSibling());
            }
        }

        Assert.Equal("integer_literal", cursor.Current.Type);
        Assert.Equal(target, cursor.Current.StartByte);
        var maximumDepth = cursor.CurrentDepth;
        var climbed = 0;
        while (cursor.GotoParent())
        {
            climbed++;
        }

        Assert.Equal(descended, maximumDepth);
        Assert.Equal(maximumDepth, climbed);
        Assert.Equal(depth + 4, maximumDepth); // source_file(0) > function_item > block > let_declaration > 10,000 parens > literal
        Assert.Equal("source_file", cursor.Current.Type);
    }

    [Fact]
    public void Error_search_on_a_deep_tree_is_iterative()
    {
        const int depth = 10_000;
        var source = DeeplyNestedRust(depth).Replace("1", "1 +", StringComparison.Ordinal);
        using var tree = Parse(TsLanguage.Rust, source);

        var error = tree.Root.FirstErrorOrMissing();

        Assert.False(error.IsNull);
        Assert.True(error.IsError || error.IsMissing);
        Assert.InRange(error.StartByte, 20 + depth, 24 + depth);
    }

    [Fact]
    public void SExpression_of_a_deep_tree_does_not_overflow_a_small_native_stack()
    {
        const int depth = 10_000;
        string? printed = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    using var tree = Parse(TsLanguage.Rust, DeeplyNestedRust(depth));
                    printed = tree.Root.ToSExpression();
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            },
            maxStackSize: 256 * 1024);

        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.NotNull(printed);
        Assert.StartsWith("(source_file (function_item name: (identifier) parameters: (parameters) body: (block (let_declaration pattern: (identifier) value: (parenthesized_expression", printed);
        Assert.Equal(depth, printed.Split("(parenthesized_expression").Length - 1);
        Assert.EndsWith("(integer_literal)" + new string(')', depth + 4), printed);
    }
}
