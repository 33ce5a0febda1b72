using System.Collections;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// The chain of nodes from the root down to a located node (root first), with what the walk down
/// learnt on the way: whether the place is test code, and whether it lies in the token tree of a
/// code template (<c>quote! { .. }</c>). Siblings of any node on the chain are read from its
/// parent's children, which the walk already holds, in constant time. Valid only inside the
/// callback of <see cref="RustFile.Locate"/>.
/// </summary>
public sealed class RustPath : IReadOnlyList<TsNode>
{
    private readonly List<Frame> _frames;
    private readonly Func<bool> _testFile;

    /// <param name="testFile">Whether the file as a whole is test code; asked only when no test item encloses the place.</param>
    internal RustPath(List<Frame> frames, Func<bool> testFile)
    {
        _frames = frames;
        _testFile = testFile;
    }

    public int Count => _frames.Count;

    public TsNode this[int index] => _frames[index].Node;

    /// <summary>
    /// The sibling <paramref name="offset"/> places away (-1 the one before, 1 the one after, named
    /// or not) of the node at <paramref name="index"/>; a null node past either end or for the root.
    /// </summary>
    public TsNode Sibling(int index, int offset)
    {
        if (index <= 0 || index >= _frames.Count) return TsNode.Null;
        var siblings = _frames[index - 1].Children;
        var at = _frames[index].IndexInParent + offset;
        return (uint)at < (uint)siblings.Length ? siblings[at] : TsNode.Null;
    }

    /// <summary>True in test code: a test file, or under an item with a test attribute.</summary>
    public bool InTestCode => _frames[^1].InTest || _testFile();

    /// <summary>True inside the token tree of a code template: tokens of the generated program, not behaviour of this crate.</summary>
    public bool InTemplate => _frames[^1].InTemplate;

    /// <summary>The innermost <c>function_item</c> on the path above the located node, or a null node.</summary>
    public TsNode EnclosingFunction
    {
        get
        {
            var at = _frames.Count >= 2 ? _frames[^2].Function : -1;
            return at < 0 ? TsNode.Null : _frames[at].Node;
        }
    }

    public IEnumerator<TsNode> GetEnumerator()
    {
        for (var i = 0; i < _frames.Count; i++) yield return _frames[i].Node;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One node of the walk down and the targets still to place under it.</summary>
    internal sealed class Frame(TsNode node, TsNode[] children, int indexInParent, bool inTest, bool inTemplate, int function, int next, int end)
    {
        public TsNode Node { get; } = node;
        public TsNode[] Children { get; } = children;
        public int IndexInParent { get; } = indexInParent;
        public bool InTest { get; } = inTest;
        public bool InTemplate { get; } = inTemplate;

        /// <summary>The stack index of the innermost function_item at or above this node, or -1.</summary>
        public int Function { get; } = function;

        /// <summary>The next target to place and the end of this frame's targets.</summary>
        public int Next { get; set; } = next;
        public int End { get; } = end;

        /// <summary>The child the targets have reached: they are sorted, so it only moves forward.</summary>
        public int Child { get; set; }
    }
}
