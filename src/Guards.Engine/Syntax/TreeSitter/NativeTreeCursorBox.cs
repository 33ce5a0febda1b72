namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// Owns one native <c>TSTreeCursor</c> (whose node stack is malloc'd by tree-sitter). The struct lives in a
/// field and is pinned per call; tree-sitter keeps no pointer to it between calls. Freed exactly once by
/// <see cref="Release"/> or, failing that, by the finalizer. Not thread-safe; knows nothing about tree lifetime
/// (callers check that the tree is alive before moving the cursor).
/// </summary>
internal sealed unsafe class NativeTreeCursorBox
{
    private NativeTreeCursor _cursor;
    private bool _initialized;
    private bool _released;

    /// <summary>Bumped every time the box goes back to <see cref="TreeCursorPool"/>, invalidating stale leases.</summary>
    internal int Generation;

    ~NativeTreeCursorBox() => Free();

    public NativeNode Current
    {
        get
        {
            fixed (NativeTreeCursor* cursor = &_cursor)
            {
                return NativeMethods.ts_tree_cursor_current_node(cursor);
            }
        }
    }

    public ushort CurrentFieldId
    {
        get
        {
            fixed (NativeTreeCursor* cursor = &_cursor)
            {
                return NativeMethods.ts_tree_cursor_current_field_id(cursor);
            }
        }
    }

    public int CurrentDepth
    {
        get
        {
            fixed (NativeTreeCursor* cursor = &_cursor)
            {
                return (int)NativeMethods.ts_tree_cursor_current_depth(cursor);
            }
        }
    }

    public void Reset(NativeNode node)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        if (!_initialized)
        {
            _cursor = NativeMethods.ts_tree_cursor_new(node);
            _initialized = true;
            return;
        }

        fixed (NativeTreeCursor* cursor = &_cursor)
        {
            NativeMethods.ts_tree_cursor_reset(cursor, node);
        }
    }

    public bool GotoFirstChild()
    {
        fixed (NativeTreeCursor* cursor = &_cursor)
        {
            return NativeMethods.ts_tree_cursor_goto_first_child(cursor);
        }
    }

    public bool GotoNextSibling()
    {
        fixed (NativeTreeCursor* cursor = &_cursor)
        {
            return NativeMethods.ts_tree_cursor_goto_next_sibling(cursor);
        }
    }

    public bool GotoParent()
    {
        fixed (NativeTreeCursor* cursor = &_cursor)
        {
            return NativeMethods.ts_tree_cursor_goto_parent(cursor);
        }
    }

    public void Release()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        if (_initialized)
        {
            fixed (NativeTreeCursor* cursor = &_cursor)
            {
                NativeMethods.ts_tree_cursor_delete(cursor);
            }
        }
    }
}
