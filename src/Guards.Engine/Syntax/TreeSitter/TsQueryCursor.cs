namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// Runs <see cref="TsQuery"/> objects over nodes and applies their text predicates. Results are lazy: the
/// query starts on the first <c>MoveNext</c>. One cursor runs one enumeration at a time (starting another
/// makes the earlier one throw). Not thread-safe: use one cursor per thread.
/// </summary>
public sealed unsafe class TsQueryCursor : IDisposable
{
    private readonly TsQueryCursorHandle _handle;
    private int _generation;

    public TsQueryCursor()
    {
        var cursor = NativeMethods.ts_query_cursor_new();
        if (cursor == 0)
        {
            throw new OutOfMemoryException("ts_query_cursor_new returned NULL.");
        }

        _handle = new TsQueryCursorHandle(cursor);
    }

    /// <summary>
    /// Maximum number of in-progress matches tree-sitter keeps (default unlimited, <see cref="uint.MaxValue"/>);
    /// when exceeded, the oldest in-progress matches are dropped and <see cref="DidExceedMatchLimit"/> becomes true.
    /// </summary>
    public uint MatchLimit
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return NativeMethods.ts_query_cursor_match_limit(_handle.DangerousGetHandle());
        }
        set
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            NativeMethods.ts_query_cursor_set_match_limit(_handle.DangerousGetHandle(), value);
        }
    }

    /// <summary>Whether the last run dropped matches because of <see cref="MatchLimit"/>.</summary>
    public bool DidExceedMatchLimit
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return NativeMethods.ts_query_cursor_did_exceed_match_limit(_handle.DangerousGetHandle());
        }
    }

    /// <summary>Restricts later runs to matches that intersect [<paramref name="startByte"/>, <paramref name="endByte"/>).</summary>
    public void SetByteRange(int startByte, int endByte)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startByte);
        ArgumentOutOfRangeException.ThrowIfLessThan(endByte, startByte);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        NativeMethods.ts_query_cursor_set_byte_range(_handle.DangerousGetHandle(), (uint)startByte, (uint)endByte);
    }

    /// <summary>Removes the byte range restriction.</summary>
    public void ClearByteRange()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        NativeMethods.ts_query_cursor_set_byte_range(_handle.DangerousGetHandle(), 0, uint.MaxValue);
    }

    /// <summary>The matches of <paramref name="query"/> under <paramref name="node"/> whose predicates hold.</summary>
    public IEnumerable<TsQueryMatch> Matches(TsQuery query, TsNode node)
    {
        var tree = Validate(query, node);
        return Iterate(query, node, tree);

        IEnumerable<TsQueryMatch> Iterate(TsQuery query, TsNode node, TsTree tree)
        {
            var generation = Execute(query, node, tree);
            while (NextMatch(query, tree, generation, out var match))
            {
                yield return match;
            }
        }
    }

    /// <summary>
    /// Every capture of the matches whose predicates hold, ordered by position in the document
    /// (tree-sitter's capture order).
    /// </summary>
    public IEnumerable<TsCapture> Captures(TsQuery query, TsNode node)
    {
        var tree = Validate(query, node);
        return Iterate(query, node, tree);

        IEnumerable<TsCapture> Iterate(TsQuery query, TsNode node, TsTree tree)
        {
            var generation = Execute(query, node, tree);
            while (NextCapture(query, tree, generation, out var capture))
            {
                yield return capture;
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private TsTree Validate(TsQuery query, TsNode node)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var tree = node.TreeIfNotNull() ?? throw new ArgumentException("Cannot run a query on a null node.", nameof(node));
        if (tree.Language != query.Language)
        {
            throw new ArgumentException($"The query is for {query.Language} but the node is from a {tree.Language} tree.", nameof(node));
        }

        return tree;
    }

    private int Execute(TsQuery query, TsNode node, TsTree tree)
    {
        var generation = ++_generation;
        var cursor = AcquireCursor();
        try
        {
            var pointer = query.AcquirePointer();
            try
            {
                tree.ThrowIfDisposed();
                NativeMethods.ts_query_cursor_exec(cursor, pointer, node.Raw);
            }
            finally
            {
                query.ReleasePointer();
            }
        }
        finally
        {
            ReleaseCursor();
            GC.KeepAlive(tree);
        }

        return generation;
    }

    // The native cursor holds pointers into the query and the tree between calls, so every step re-checks
    // that neither was disposed and holds a reference on the query (and the cursor) while it runs.
    private bool NextMatch(TsQuery query, TsTree tree, int generation, out TsQueryMatch result)
    {
        var cursor = AcquireCursor();
        try
        {
            query.AcquirePointer();
            try
            {
                CheckRun(tree, generation);
                NativeQueryMatch match;
                while (NativeMethods.ts_query_cursor_next_match(cursor, &match))
                {
                    if (query.Satisfies(&match, tree.Source))
                    {
                        result = new TsQueryMatch(match.PatternIndex, ToCaptures(query, tree, &match));
                        return true;
                    }
                }

                result = default;
                return false;
            }
            finally
            {
                query.ReleasePointer();
            }
        }
        finally
        {
            ReleaseCursor();
            GC.KeepAlive(tree);
        }
    }

    private bool NextCapture(TsQuery query, TsTree tree, int generation, out TsCapture result)
    {
        var cursor = AcquireCursor();
        try
        {
            query.AcquirePointer();
            try
            {
                CheckRun(tree, generation);
                NativeQueryMatch match;
                uint captureIndex;
                while (NativeMethods.ts_query_cursor_next_capture(cursor, &match, &captureIndex))
                {
                    if (!query.Satisfies(&match, tree.Source))
                    {
                        NativeMethods.ts_query_cursor_remove_match(cursor, match.Id);
                        continue;
                    }

                    var capture = match.Captures[captureIndex];
                    result = new TsCapture(new TsNode(tree, capture.Node), (int)capture.Index, query.CaptureName(capture.Index));
                    return true;
                }

                result = default;
                return false;
            }
            finally
            {
                query.ReleasePointer();
            }
        }
        finally
        {
            ReleaseCursor();
            GC.KeepAlive(tree);
        }
    }

    private void CheckRun(TsTree tree, int generation)
    {
        if (generation != _generation)
        {
            throw new InvalidOperationException("The query cursor was started again; this enumeration is no longer valid.");
        }

        tree.ThrowIfDisposed();
    }

    private static TsCapture[] ToCaptures(TsQuery query, TsTree tree, NativeQueryMatch* match)
    {
        var captures = new TsCapture[match->CaptureCount];
        for (var i = 0; i < captures.Length; i++)
        {
            var capture = match->Captures[i];
            captures[i] = new TsCapture(new TsNode(tree, capture.Node), (int)capture.Index, query.CaptureName(capture.Index));
        }

        return captures;
    }

    private nint AcquireCursor()
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(TsQueryCursor));
        }

        return _handle.DangerousGetHandle();
    }

    private void ReleaseCursor() => _handle.DangerousRelease();
}
