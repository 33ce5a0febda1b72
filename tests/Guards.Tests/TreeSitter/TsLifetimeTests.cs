using System.Text;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using static UltraCloud.Guards.Tests.TreeSitter.TsTestSupport;

namespace UltraCloud.Guards.Tests.TreeSitter;

public class TsLifetimeTests
{
    [Fact]
    public void Disposing_a_tree_twice_is_harmless()
    {
        var tree = Parse(TsLanguage.Rust, "fn f() {}");

        tree.Dispose();
        tree.Dispose();

        Assert.True(tree.IsDisposed);
    }

    [Fact]
    public void Node_access_after_tree_disposal_throws_ObjectDisposedException()
    {
        var tree = Parse(TsLanguage.Rust, "fn f() { g(); }");
        var function = tree.Root.Child(0);
        var pastTheEnd = function.Child(99);
        var enumerator = tree.Root.Children.GetEnumerator();
        Assert.True(enumerator.MoveNext());

        tree.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tree.Root);
        Assert.Throws<ObjectDisposedException>(() => tree.HasError);
        Assert.Throws<ObjectDisposedException>(() => function.Type);
        Assert.Throws<ObjectDisposedException>(() => function.EndByte);
        Assert.Throws<ObjectDisposedException>(() => function.StartByte);
        Assert.Throws<ObjectDisposedException>(() => function.ChildCount);
        Assert.Throws<ObjectDisposedException>(() => function.Child(0));
        Assert.Throws<ObjectDisposedException>(() => function.Parent);
        Assert.Throws<ObjectDisposedException>(() => function.NextSibling);
        Assert.Throws<ObjectDisposedException>(() => function.ChildByFieldName("name"));
        Assert.Throws<ObjectDisposedException>(() => function.Text);
        Assert.Throws<ObjectDisposedException>(() => function.ToSExpression());
        Assert.Throws<ObjectDisposedException>(() => function.FirstErrorOrMissing());
        Assert.Throws<ObjectDisposedException>(() => function.HasError);
        Assert.Throws<ObjectDisposedException>(() => pastTheEnd.ChildCount);
        Assert.Throws<ObjectDisposedException>(() => enumerator.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => function.Children.GetEnumerator().MoveNext());
        Assert.Throws<ObjectDisposedException>(() => TsWalk.DescendantsPreOrder(function));
        Assert.Throws<ObjectDisposedException>(() => new TsTreeCursor(function));
        Assert.Equal("(node of a disposed tree)", function.ToString());
        Assert.False(function.IsNull);
        enumerator.Dispose();
    }

    [Fact]
    public void Cursor_throws_after_its_tree_or_itself_is_disposed()
    {
        var tree = Parse(TsLanguage.Nix, "{ a = 1; }");
        var cursor = new TsTreeCursor(tree.Root);
        Assert.True(cursor.GotoFirstChild());

        tree.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cursor.Current);
        Assert.Throws<ObjectDisposedException>(() => cursor.GotoNextSibling());

        cursor.Dispose();
        cursor.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cursor.GotoParent());
    }

    [Fact]
    public void Walk_in_progress_throws_when_the_tree_is_disposed()
    {
        var tree = Parse(TsLanguage.Rust, "fn f() { g(); }");
        using var walk = TsWalk.DescendantsPreOrder(tree.Root).GetEnumerator();
        Assert.True(walk.MoveNext());

        tree.Dispose();

        Assert.Throws<ObjectDisposedException>(() => walk.MoveNext());
    }

    [Fact]
    public void Parser_disposes_idempotently()
    {
        var parser = new TsParser(TsLanguage.Bash);
        parser.Dispose();
        parser.Dispose();
        Assert.Throws<ObjectDisposedException>(() => parser.Parse("ls"u8.ToArray()));
        Assert.Throws<ObjectDisposedException>(() => parser.TryParse("ls"u8.ToArray(), TimeSpan.FromSeconds(1), out _));
    }

    [Fact]
    public void Thread_parser_survives_Dispose_and_is_reused()
    {
        var parser = TsParser.ForCurrentThread(TsLanguage.Rust);
        parser.Dispose();

        Assert.Same(parser, TsParser.ForCurrentThread(TsLanguage.Rust));
        Assert.NotSame(parser, TsParser.ForCurrentThread(TsLanguage.Nix));
        using var tree = parser.Parse(Encoding.UTF8.GetBytes("fn f() {}"));
        Assert.Equal("(source_file (function_item name: (identifier) parameters: (parameters) body: (block)))", tree.Root.ToSExpression());
    }

    [Fact]
    public void Nodes_keep_their_tree_alive_without_other_references()
    {
        var node = ParseAndDropTree();
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal("function_item", node.Type);
        Assert.Equal("fn kept() {}", node.Text);

        static TsNode ParseAndDropTree() => Parse(TsLanguage.Rust, "fn kept() {}").Root.Child(0);
    }

    [Fact]
    public void Undisposed_trees_are_released_by_the_finalizer()
    {
        var weak = ParseAndForget();
        for (var i = 0; i < 3 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(weak.IsAlive);

        static WeakReference ParseAndForget() => new(Parse(TsLanguage.Rust, "fn lost() {}"));
    }
}
