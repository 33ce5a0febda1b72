using System.Runtime.InteropServices;
using System.Text;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// A node of a <see cref="TsTree"/>: a 40-byte value (the C <c>TSNode</c> plus a reference to the owning tree,
/// which keeps the tree alive while the node is in use). Every member checks that the tree has not been
/// disposed and throws <see cref="ObjectDisposedException"/> otherwise.
/// <para>
/// A null node (<see cref="IsNull"/>: <c>default</c>, or the result of navigating past the edge of the tree)
/// answers structural questions neutrally (counts are 0, flags false, navigation yields null nodes) and throws
/// <see cref="InvalidOperationException"/> for data (<see cref="Type"/>, byte range, text).
/// </para>
/// </summary>
public readonly struct TsNode : IEquatable<TsNode>
{
    private readonly TsTree? _tree;
    internal readonly NativeNode Raw;

    internal TsNode(TsTree tree, NativeNode raw)
    {
        _tree = tree;
        Raw = raw;
    }

    /// <summary>A node that is not in any tree.</summary>
    public static TsNode Null => default;

    /// <summary>The owning tree.</summary>
    public TsTree Tree => _tree ?? throw new InvalidOperationException("The null node belongs to no tree.");

    public bool IsNull => Raw.Id == 0;

    /// <summary>The node type name, e.g. <c>function_item</c>, <c>ERROR</c> or <c>(</c>; one cached string per symbol.</summary>
    public string Type
    {
        get
        {
            var tree = DataTree();
            var symbol = NativeMethods.ts_node_symbol(Raw);
            GC.KeepAlive(tree);
            return tree.Tables.SymbolName(symbol);
        }
    }

    /// <summary>The grammar symbol id (aliases resolved to their public symbol; <see cref="TsLanguages.ErrorSymbol"/> for ERROR).</summary>
    public ushort Symbol
    {
        get
        {
            var tree = DataTree();
            var symbol = NativeMethods.ts_node_symbol(Raw);
            GC.KeepAlive(tree);
            return symbol;
        }
    }

    public bool IsNamed
    {
        get
        {
            var tree = TreeIfNotNull();
            if (tree is null)
            {
                return false;
            }

            var result = NativeMethods.ts_node_is_named(Raw);
            GC.KeepAlive(tree);
            return result;
        }
    }

    /// <summary>True for ERROR nodes (text the parser skipped).</summary>
    public bool IsError
    {
        get
        {
            var tree = TreeIfNotNull();
            if (tree is null)
            {
                return false;
            }

            var result = NativeMethods.ts_node_is_error(Raw);
            GC.KeepAlive(tree);
            return result;
        }
    }

    /// <summary>True for zero-width nodes the parser inserted to recover from an error.</summary>
    public bool IsMissing
    {
        get
        {
            var tree = TreeIfNotNull();
            if (tree is null)
            {
                return false;
            }

            var result = NativeMethods.ts_node_is_missing(Raw);
            GC.KeepAlive(tree);
            return result;
        }
    }

    /// <summary>True when this node is, or contains, an ERROR or MISSING node.</summary>
    public bool HasError
    {
        get
        {
            var tree = TreeIfNotNull();
            if (tree is null)
            {
                return false;
            }

            var result = NativeMethods.ts_node_has_error(Raw);
            GC.KeepAlive(tree);
            return result;
        }
    }

    /// <summary>True for nodes the grammar allows anywhere (comments, typically).</summary>
    public bool IsExtra
    {
        get
        {
            var tree = TreeIfNotNull();
            if (tree is null)
            {
                return false;
            }

            var result = NativeMethods.ts_node_is_extra(Raw);
            GC.KeepAlive(tree);
            return result;
        }
    }

    public int StartByte
    {
        get
        {
            DataTree();
            return (int)Raw.Context0; // what ts_node_start_byte returns
        }
    }

    public int EndByte
    {
        get
        {
            var tree = DataTree();
            var result = NativeMethods.ts_node_end_byte(Raw);
            GC.KeepAlive(tree);
            return (int)result;
        }
    }

    public TsPoint StartPosition
    {
        get
        {
            var tree = DataTree();
            var result = NativeMethods.ts_node_start_point(Raw);
            GC.KeepAlive(tree);
            return TsPoint.From(result);
        }
    }

    public TsPoint EndPosition
    {
        get
        {
            var tree = DataTree();
            var result = NativeMethods.ts_node_end_point(Raw);
            GC.KeepAlive(tree);
            return TsPoint.From(result);
        }
    }

    public int ChildCount
    {
        get
        {
            var tree = TreeIfNotNull();
            if (tree is null)
            {
                return 0;
            }

            var result = NativeMethods.ts_node_child_count(Raw);
            GC.KeepAlive(tree);
            return (int)result;
        }
    }

    public int NamedChildCount
    {
        get
        {
            var tree = TreeIfNotNull();
            if (tree is null)
            {
                return 0;
            }

            var result = NativeMethods.ts_node_named_child_count(Raw);
            GC.KeepAlive(tree);
            return (int)result;
        }
    }

    /// <summary>The parent node, or a null node for the root. Costs O(depth): prefer a cursor for walks.</summary>
    public TsNode Parent => Navigate(static raw => NativeMethods.ts_node_parent(raw));

    /// <summary>The next sibling (named or anonymous). Costs O(depth): prefer <see cref="Children"/> for iteration.</summary>
    public TsNode NextSibling => Navigate(static raw => NativeMethods.ts_node_next_sibling(raw));

    public TsNode PrevSibling => Navigate(static raw => NativeMethods.ts_node_prev_sibling(raw));

    public TsNode NextNamedSibling => Navigate(static raw => NativeMethods.ts_node_next_named_sibling(raw));

    public TsNode PrevNamedSibling => Navigate(static raw => NativeMethods.ts_node_prev_named_sibling(raw));

    /// <summary>All children (named and anonymous) in order; allocation-free when used with <c>foreach</c>.</summary>
    public TsNodeChildren Children => new(this, namedOnly: false);

    /// <summary>The named children in order; allocation-free when used with <c>foreach</c>.</summary>
    public TsNodeChildren NamedChildren => new(this, namedOnly: true);

    /// <summary>The source bytes this node spans.</summary>
    public ReadOnlySpan<byte> Utf8Span
    {
        get
        {
            var tree = DataTree();
            var start = (int)Raw.Context0;
            var end = (int)NativeMethods.ts_node_end_byte(Raw);
            GC.KeepAlive(tree);
            return tree.Source.AsSpan(start, end - start);
        }
    }

    /// <summary>The source text this node spans, decoded from UTF-8 (allocates).</summary>
    public string Text => Encoding.UTF8.GetString(Utf8Span);

    /// <summary>The child at <paramref name="index"/> (named or anonymous), or a null node when out of range. O(index).</summary>
    public TsNode Child(int index)
    {
        var tree = TreeIfNotNull();
        if (tree is null || index < 0)
        {
            return WithRaw(default);
        }

        var result = NativeMethods.ts_node_child(Raw, (uint)index);
        GC.KeepAlive(tree);
        return new TsNode(tree, result);
    }

    /// <summary>The named child at <paramref name="index"/>, or a null node when out of range. O(index).</summary>
    public TsNode NamedChild(int index)
    {
        var tree = TreeIfNotNull();
        if (tree is null || index < 0)
        {
            return WithRaw(default);
        }

        var result = NativeMethods.ts_node_named_child(Raw, (uint)index);
        GC.KeepAlive(tree);
        return new TsNode(tree, result);
    }

    /// <summary>The first child stored under the grammar field <paramref name="fieldName"/>, or a null node.</summary>
    public TsNode ChildByFieldName(string fieldName)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        var tree = TreeIfNotNull();
        if (tree is null)
        {
            return WithRaw(default);
        }

        var fieldId = tree.Tables.FieldIds.GetValueOrDefault(fieldName);
        return fieldId == 0 ? new TsNode(tree, default) : ChildByFieldId(tree, fieldId);
    }

    /// <summary>The first child stored under the field id (see <see cref="TsLanguages.FieldId"/>), or a null node.</summary>
    public TsNode ChildByFieldId(ushort fieldId)
    {
        var tree = TreeIfNotNull();
        return tree is null || fieldId == 0 ? WithRaw(default) : ChildByFieldId(tree, fieldId);
    }

    /// <summary>The grammar field name of the child at <paramref name="index"/>, or null when it has none.</summary>
    public unsafe string? FieldNameForChild(int index)
    {
        var tree = TreeIfNotNull();
        if (tree is null || index < 0)
        {
            return null;
        }

        var name = NativeMethods.ts_node_field_name_for_child(Raw, (uint)index);
        GC.KeepAlive(tree);
        if (name is null)
        {
            return null;
        }

        return tree.Tables.FieldNamesByAddress.TryGetValue((nint)name, out var cached)
            ? cached
            : Marshal.PtrToStringUTF8((nint)name);
    }

    /// <summary>The first ERROR or MISSING node in document order (this node included), or a null node.</summary>
    public TsNode FirstErrorOrMissing()
    {
        var tree = TreeIfNotNull();
        if (tree is null || !NativeMethods.ts_node_has_error(Raw))
        {
            return WithRaw(default);
        }

        var cursor = TreeCursorPool.Rent();
        try
        {
            cursor.Reset(Raw);
            while (true)
            {
                var current = cursor.Current;
                if (NativeMethods.ts_node_is_error(current) || NativeMethods.ts_node_is_missing(current))
                {
                    return new TsNode(tree, current);
                }

                // Only subtrees that contain an error are entered.
                if (NativeMethods.ts_node_has_error(current) && cursor.GotoFirstChild())
                {
                    continue;
                }

                while (!cursor.GotoNextSibling())
                {
                    if (!cursor.GotoParent())
                    {
                        return new TsNode(tree, default);
                    }
                }
            }
        }
        finally
        {
            TreeCursorPool.Return(cursor);
            GC.KeepAlive(tree);
        }
    }

    /// <summary>The S-expression of the subtree (named nodes only), e.g. <c>(source_file (line_comment))</c>.</summary>
    /// <remarks>
    /// tree-sitter writes the string recursively in C, one stack frame per tree level, and a native stack
    /// overflow would kill the process. Subtrees deeper than <see cref="DirectSExpressionDepth"/> levels are
    /// therefore printed on a helper thread whose stack is sized for their depth.
    /// </remarks>
    public string ToSExpression()
    {
        var tree = DataTree();
        try
        {
            if (NativeMethods.ts_node_descendant_count(Raw) <= DirectSExpressionDepth)
            {
                return NativeSExpression(Raw);
            }

            var depth = MaxDepth(Raw);
            if (depth <= DirectSExpressionDepth)
            {
                return NativeSExpression(Raw);
            }

            // About 190 bytes per C frame, and hidden grammar nodes add frames between visible levels.
            var stackBytes = Math.Min(1L << 30, (depth * 2048L) + (4L << 20));
            if (depth * 2048L > stackBytes)
            {
                throw new InsufficientExecutionStackException($"The subtree is {depth} levels deep: too deep to print.");
            }

            var raw = Raw;
            string? result = null;
            Exception? failure = null;
            var printer = new Thread(
                () =>
                {
                    try
                    {
                        result = NativeSExpression(raw);
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                    }
                },
                (int)stackBytes)
            {
                IsBackground = true,
                Name = "tree-sitter S-expression",
            };
            printer.Start();
            printer.Join();
            if (failure is not null)
            {
                throw new InvalidOperationException("Printing the S-expression failed.", failure);
            }

            return result!;
        }
        finally
        {
            GC.KeepAlive(tree);
        }
    }

    /// <summary>Depth up to which <see cref="ToSExpression"/> calls tree-sitter on the calling thread.</summary>
    internal const int DirectSExpressionDepth = 1_000;

    private static unsafe string NativeSExpression(NativeNode raw)
    {
        var text = NativeMethods.ts_node_string(raw);
        try
        {
            return Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
        }
        finally
        {
            TsAllocator.Free(text);
        }
    }

    /// <summary>The number of levels below <paramref name="raw"/> (0 for a leaf), walked iteratively.</summary>
    private static int MaxDepth(NativeNode raw)
    {
        var cursor = TreeCursorPool.Rent();
        try
        {
            cursor.Reset(raw);
            int depth = 0, max = 0;
            while (true)
            {
                if (cursor.GotoFirstChild())
                {
                    max = Math.Max(max, ++depth);
                    continue;
                }

                while (!cursor.GotoNextSibling())
                {
                    if (!cursor.GotoParent())
                    {
                        return max;
                    }

                    depth--;
                }
            }
        }
        finally
        {
            TreeCursorPool.Return(cursor);
        }
    }

    public bool Equals(TsNode other) =>
        Raw.Id == other.Raw.Id
        && Raw.Tree == other.Raw.Tree
        && Raw.Context0 == other.Raw.Context0
        && Raw.Context3 == other.Raw.Context3
        && ReferenceEquals(_tree, other._tree);

    public override bool Equals(object? obj) => obj is TsNode other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Raw.Id, Raw.Context0);

    public static bool operator ==(TsNode left, TsNode right) => left.Equals(right);

    public static bool operator !=(TsNode left, TsNode right) => !left.Equals(right);

    /// <summary>Debugging text such as <c>identifier [3..7]</c>; never throws.</summary>
    public override string ToString()
    {
        if (IsNull)
        {
            return "(null node)";
        }

        if (_tree is null || _tree.IsDisposed)
        {
            return "(node of a disposed tree)";
        }

        return $"{Type} [{StartByte}..{EndByte}]";
    }

    /// <summary>Checks disposal; returns the tree, or null for a null node.</summary>
    internal TsTree? TreeIfNotNull()
    {
        var tree = _tree;
        if (tree is null)
        {
            return null;
        }

        if (tree.IsDisposed)
        {
            TsTree.ThrowDisposed();
        }

        return Raw.Id == 0 ? null : tree;
    }

    private TsTree DataTree() =>
        TreeIfNotNull() ?? throw new InvalidOperationException("The node is null (no such node in the tree).");

    private TsNode WithRaw(NativeNode raw) => _tree is null ? default : new TsNode(_tree, raw);

    private TsNode Navigate(Func<NativeNode, NativeNode> step)
    {
        var tree = TreeIfNotNull();
        if (tree is null)
        {
            return WithRaw(default);
        }

        var result = step(Raw);
        GC.KeepAlive(tree);
        return new TsNode(tree, result);
    }

    private TsNode ChildByFieldId(TsTree tree, ushort fieldId)
    {
        var result = NativeMethods.ts_node_child_by_field_id(Raw, fieldId);
        GC.KeepAlive(tree);
        return new TsNode(tree, result);
    }
}
