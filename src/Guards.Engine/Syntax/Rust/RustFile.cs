using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// The Rust frontend of one file: its tree-sitter tree, taken from the scan's
/// <see cref="RustParses"/> (one parse per file per scan, UCG0001 reported there once) and shared
/// by every Rust rule of the file, plus the answer to "is this place test code?". A file with
/// syntax errors is still analysed; a parse over the policy's time budget leaves no tree.
/// </summary>
public sealed class RustFile : IDisposable
{
    private const string SharedKey = "syntax:rust";
    private readonly RustParses _parses;
    private bool? _isTestFile;

    private RustFile(SourceText text, TsTree? tree, RustModuleFacts? facts, RustParses parses)
    {
        Text = text;
        Tree = tree;
        Facts = facts;
        _parses = parses;
    }

    public SourceText Text { get; }

    /// <summary>The syntax tree, or null when the parse ran over its time budget.</summary>
    public TsTree? Tree { get; }

    /// <summary>What the file declares as a module file; null without a tree.</summary>
    public RustModuleFacts? Facts { get; }

    public static RustFile Of(FileContext context) => context.Shared(SharedKey, static c =>
    {
        var parses = RustParses.Of(c.Repository);
        var (tree, facts) = parses.TakeTree(c.Text, c.Policy.ParseBudget);
        return new RustFile(c.Text, tree, facts, parses);
    });

    /// <summary>True when the file as a whole is test code (see <see cref="RustTestCode"/>).</summary>
    public bool IsTestFile => _isTestFile ??= RustTestCode.IsTestFile(Text.Path, Facts, _parses);

    /// <summary>
    /// Finds the smallest node spanning each target byte range and calls <paramref name="visit"/>
    /// with the target's index and the path to it, in target order. <paramref name="targets"/> must
    /// be sorted by start. One walk down serves every target: each node on the way has its children
    /// read once, so the cost is linear in the nodes passed, however many targets share them.
    /// </summary>
    public void Locate(IReadOnlyList<(int Start, int End)> targets, RustCodeReading reading, Action<int, RustPath> visit)
    {
        if (Tree is null || targets.Count == 0) return;
        var root = Tree.Root;
        var stack = new List<RustPath.Frame> { new(root, Children(root), -1, false, false, -1, 0, targets.Count) };
        var path = new RustPath(stack, () => IsTestFile);
        while (stack.Count > 0)
        {
            var frame = stack[^1];
            if (frame.Next >= frame.End)
            {
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            var (start, end) = targets[frame.Next];
            var children = frame.Children;
            var k = frame.Child;
            while (k < children.Length && (children[k].EndByte <= start || children[k].EndByte == children[k].StartByte)) k++;
            frame.Child = k;
            if (k < children.Length && children[k].StartByte <= start && children[k].EndByte >= end)
            {
                var child = children[k];
                var childEnd = child.EndByte;
                var last = frame.Next + 1;
                while (last < frame.End && targets[last].Start < childEnd && targets[last].End <= childEnd) last++;
                // A comment carries no attributes; asking would walk back over every comment before it.
                var inTest = frame.InTest || (child.IsNamed && !RustSyntaxFacts.IsComment(child) && RustTestCode.HasTestAttribute(children, k, reading));
                var inTemplate = frame.InTemplate || IsTemplate(frame, k, reading);
                var function = child.Type == "function_item" ? stack.Count : frame.Function;
                stack.Add(new RustPath.Frame(child, Children(child), k, inTest, inTemplate, function, frame.Next, last));
                frame.Next = last;
                continue;
            }
            visit(frame.Next, path);
            frame.Next++;
        }
    }

    private static TsNode[] Children(TsNode node)
    {
        var count = node.ChildCount;
        if (count == 0) return [];
        var children = new TsNode[count];
        var i = 0;
        foreach (var child in node.Children) children[i++] = child;
        return children;
    }

    /// <summary>
    /// The token tree of a template macro: <c>quote! { .. }</c> as an invocation, or the tokens
    /// <c>quote ! { .. }</c> inside another macro's token tree.
    /// </summary>
    private static bool IsTemplate(RustPath.Frame parent, int index, RustCodeReading reading)
    {
        var children = parent.Children;
        if (children[index].Type != "token_tree") return false;
        switch (parent.Node.Type)
        {
            case "macro_invocation":
                var macro = parent.Node.ChildByFieldName("macro");
                return !macro.IsNull && reading.IsTemplateMacro(RustSyntaxFacts.LastSegment(macro));
            case "token_tree":
                return index >= 2 && children[index - 1].Type == "!" && children[index - 2].Type == "identifier"
                    && reading.IsTemplateMacro(children[index - 2].Text);
            default:
                return false;
        }
    }

    public void Dispose() => Tree?.Dispose();
}
