namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// A syntax tree produced by <see cref="TsParser"/>. Owns the native <c>TSTree*</c> through a SafeHandle:
/// <see cref="Dispose"/> is idempotent and a tree that is never disposed is freed by the handle's finalizer.
/// Nodes keep a reference to their tree, so the tree stays alive while a node is reachable; once the tree is
/// disposed every node operation throws <see cref="ObjectDisposedException"/>.
/// A tree is immutable: several threads may read it concurrently, but disposing it while another thread
/// still reads its nodes is a caller error.
/// </summary>
public sealed class TsTree : IDisposable
{
    private readonly TsTreeHandle _handle;
    private readonly NativeNode _root;
    private volatile bool _disposed;

    internal TsTree(nint tree, TsLanguage language, byte[] source)
    {
        _handle = new TsTreeHandle(tree);
        Language = language;
        Tables = TsLanguages.Tables(language);
        Source = source;
        _root = NativeMethods.ts_tree_root_node(tree);
    }

    /// <summary>The UTF-8 text the tree was parsed from (not copied: do not mutate it).</summary>
    public byte[] Source { get; }

    public TsLanguage Language { get; }

    public bool IsDisposed => _disposed;

    public TsNode Root
    {
        get
        {
            ThrowIfDisposed();
            return new TsNode(this, _root);
        }
    }

    /// <summary>True when the tree contains an ERROR or MISSING node.</summary>
    public bool HasError => Root.HasError;

    internal TsLanguages.LanguageTables Tables { get; }

    public void Dispose()
    {
        // The flag goes first so that node accessors stop touching the tree before it is freed.
        _disposed = true;
        _handle.Dispose();
    }

    internal void ThrowIfDisposed()
    {
        if (_disposed)
        {
            ThrowDisposed();
        }
    }

    internal static void ThrowDisposed() => throw new ObjectDisposedException(nameof(TsTree), "The syntax tree has been disposed.");
}
