using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// The Rust frontend: one tree-sitter parse per file, shared by every Rust rule, plus the answer
/// to "is this place test code?". A file with syntax errors gets one UCG0001 at the first error and
/// is still analysed; a parse over the policy's time budget gets UCG0001 and no tree.
/// </summary>
public sealed class RustFile : IDisposable
{
    private const string SharedKey = "rust.file";
    private bool? _isTestFile;
    private readonly ISourceTree _sourceTree;

    private RustFile(SourceText text, TsTree? tree, ISourceTree sourceTree)
    {
        Text = text;
        Tree = tree;
        _sourceTree = sourceTree;
    }

    public SourceText Text { get; }

    /// <summary>The syntax tree, or null when the parse ran over its time budget.</summary>
    public TsTree? Tree { get; }

    public static RustFile Of(FileContext context) => context.Shared(SharedKey, Create);

    private static RustFile Create(FileContext context)
    {
        var parser = TsParser.ForCurrentThread(TsLanguage.Rust);
        if (!parser.TryParse(context.Text.Utf8, context.Policy.ParseBudget, out var tree))
        {
            context.ReportEngine("UCG0001", SourceSpan.FileStart,
                $"parsing took longer than the {context.Policy.ParseBudget.TotalSeconds:0.#}s budget; the Rust rules skipped this file");
            return new RustFile(context.Text, null, context.Tree);
        }
        if (tree!.HasError)
        {
            var error = tree.Root.FirstErrorOrMissing();
            if (!error.IsNull)
            {
                var span = context.Text.SpanOfBytes(error.StartByte, Math.Max(error.StartByte, Math.Min(error.EndByte, error.StartByte + 1)));
                var what = error.IsMissing ? $"missing `{error.Type}`" : "syntax error";
                context.ReportEngine("UCG0001", span, $"{what}: the Rust file could only be partly read; the rules ran on the rest");
            }
        }
        return new RustFile(context.Text, tree, context.Tree);
    }

    /// <summary>
    /// The chain of nodes from the root down to the smallest node that spans
    /// [<paramref name="startByte"/>, <paramref name="endByte"/>), using a cursor so that the cost is
    /// the depth times the siblings on the way, not a walk of the whole tree.
    /// </summary>
    public List<TsNode> PathTo(int startByte, int endByte)
    {
        var path = new List<TsNode>();
        if (Tree is null) return path;
        using var cursor = new TsTreeCursor(Tree.Root);
        path.Add(cursor.Current);
        while (true)
        {
            if (!cursor.GotoFirstChild()) break;
            var descended = false;
            do
            {
                var node = cursor.Current;
                if (node.StartByte <= startByte && node.EndByte >= endByte && node.EndByte > node.StartByte)
                {
                    path.Add(node);
                    descended = true;
                    break;
                }
                if (node.StartByte > startByte) break;
            }
            while (cursor.GotoNextSibling());
            if (!descended) break;
        }
        return path;
    }

    /// <summary>True when the file as a whole is test code (see <see cref="RustTestCode"/>).</summary>
    public bool IsTestFile => _isTestFile ??= RustTestCode.IsTestFile(Text.Path, Tree, _sourceTree);

    /// <summary>True when a node on <paramref name="path"/> (root first) sits in test code.</summary>
    public bool IsInTestCode(IReadOnlyList<TsNode> path) => IsTestFile || RustTestCode.HasTestAncestor(path);

    public void Dispose() => Tree?.Dispose();
}
