namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// A tree-sitter tree cursor: the efficient way to walk a tree (every move is O(1) amortised, whereas
/// <see cref="TsNode.Parent"/> and the sibling properties are O(depth)). The cursor cannot move above the node
/// it was created or reset on. Not thread-safe. Throws <see cref="ObjectDisposedException"/> after its own
/// disposal or its tree's.
/// </summary>
public sealed class TsTreeCursor : IDisposable
{
    private readonly NativeTreeCursorBox _box = new();
    private TsTree _tree;
    private bool _disposed;

    public TsTreeCursor(TsNode node)
    {
        _tree = RequireNode(node);
        _box.Reset(node.Raw);
        GC.KeepAlive(_tree);
    }

    /// <summary>The node the cursor is on.</summary>
    public TsNode Current
    {
        get
        {
            var tree = Live();
            return new TsNode(tree, _box.Current);
        }
    }

    /// <summary>The grammar field name under which the current node is stored in its parent, or null.</summary>
    public string? CurrentFieldName
    {
        get
        {
            var tree = Live();
            var fieldId = _box.CurrentFieldId;
            return fieldId == 0 ? null : TsLanguages.FieldName(tree.Language, fieldId);
        }
    }

    /// <summary>The depth of the current node relative to the node the cursor started on (0).</summary>
    public int CurrentDepth
    {
        get
        {
            Live();
            return _box.CurrentDepth;
        }
    }

    public bool GotoFirstChild()
    {
        var tree = Live();
        var moved = _box.GotoFirstChild();
        GC.KeepAlive(tree);
        return moved;
    }

    public bool GotoNextSibling()
    {
        var tree = Live();
        var moved = _box.GotoNextSibling();
        GC.KeepAlive(tree);
        return moved;
    }

    public bool GotoParent()
    {
        var tree = Live();
        var moved = _box.GotoParent();
        GC.KeepAlive(tree);
        return moved;
    }

    /// <summary>Restarts the cursor on <paramref name="node"/> (which may belong to another tree).</summary>
    public void Reset(TsNode node)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var tree = RequireNode(node);
        _box.Reset(node.Raw);
        _tree = tree;
        GC.KeepAlive(tree);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _box.Release();
    }

    private TsTree Live()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _tree.ThrowIfDisposed();
        return _tree;
    }

    private static TsTree RequireNode(TsNode node) =>
        node.TreeIfNotNull() ?? throw new ArgumentException("A tree cursor cannot start on a null node.", nameof(node));
}
