using System.Collections;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// The children (or named children) of a node. <c>foreach</c> over it uses the struct
/// <see cref="Enumerator"/>, which walks a pooled native tree cursor: O(1) per step and no allocation.
/// (<see cref="TsNode.Child"/> is O(index) in tree-sitter, so indexing in a loop is quadratic.)
/// </summary>
public readonly struct TsNodeChildren : IEnumerable<TsNode>
{
    private readonly TsNode _parent;
    private readonly bool _namedOnly;

    internal TsNodeChildren(TsNode parent, bool namedOnly)
    {
        _parent = parent;
        _namedOnly = namedOnly;
    }

    public int Count => _namedOnly ? _parent.NamedChildCount : _parent.ChildCount;

    public Enumerator GetEnumerator() => new(_parent, _namedOnly);

    IEnumerator<TsNode> IEnumerable<TsNode>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Leases a native cursor from a per-thread pool on the first <see cref="MoveNext"/> and gives it back at the
    /// end of the sequence or on <see cref="Dispose"/> (which <c>foreach</c> always calls). Copies of a running
    /// enumerator share the lease; once it is given back, the stale copies throw instead of touching the cursor.
    /// </summary>
    public struct Enumerator : IEnumerator<TsNode>
    {
        private const byte NotStarted = 0;
        private const byte Running = 1;
        private const byte Finished = 2;

        private readonly TsNode _parent;
        private readonly bool _namedOnly;
        private NativeTreeCursorBox? _cursor;
        private int _generation;
        private TsNode _current;
        private byte _state;

        internal Enumerator(TsNode parent, bool namedOnly)
        {
            _parent = parent;
            _namedOnly = namedOnly;
            _cursor = null;
            _generation = 0;
            _current = default;
            _state = NotStarted;
        }

        public readonly TsNode Current => _current;

        readonly object IEnumerator.Current => _current;

        public bool MoveNext()
        {
            if (_state == Finished)
            {
                return false;
            }

            var tree = _parent.TreeIfNotNull(); // throws once the tree is disposed
            if (tree is null)
            {
                return Finish();
            }

            NativeTreeCursorBox cursor;
            bool moved;
            if (_state == NotStarted)
            {
                cursor = TreeCursorPool.Rent();
                _cursor = cursor;
                _generation = cursor.Generation;
                _state = Running;
                cursor.Reset(_parent.Raw);
                moved = cursor.GotoFirstChild();
            }
            else
            {
                cursor = LeasedCursor();
                moved = cursor.GotoNextSibling();
            }

            while (moved)
            {
                var raw = cursor.Current;
                if (!_namedOnly || NativeMethods.ts_node_is_named(raw))
                {
                    _current = new TsNode(tree, raw);
                    GC.KeepAlive(tree);
                    return true;
                }

                moved = cursor.GotoNextSibling();
            }

            GC.KeepAlive(tree);
            return Finish();
        }

        public void Reset()
        {
            GiveBack();
            _current = default;
            _state = NotStarted;
        }

        public void Dispose()
        {
            GiveBack();
            _current = default;
            _state = Finished;
        }

        private readonly NativeTreeCursorBox LeasedCursor()
        {
            var cursor = _cursor;
            if (cursor is null || cursor.Generation != _generation)
            {
                throw new InvalidOperationException("This copy of the child enumerator was already disposed or finished.");
            }

            return cursor;
        }

        private bool Finish()
        {
            GiveBack();
            _current = default;
            _state = Finished;
            return false;
        }

        private void GiveBack()
        {
            var cursor = _cursor;
            _cursor = null;
            if (cursor is not null && cursor.Generation == _generation)
            {
                TreeCursorPool.Return(cursor);
            }
        }
    }
}
