namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// Another tree's files, some of them with content held in memory instead (an editor's unsaved
/// buffers): rules read the buffer where there is one. The listing can be given up front (one made
/// earlier, still right while no file was added or deleted), so that a scan need not list the tree
/// again. Immutable: a scan sees one state of the buffers however long it runs.
/// </summary>
public sealed class OverlayTree : ISourceTree
{
    private readonly ISourceTree _base;
    private readonly IReadOnlyDictionary<string, byte[]> _buffers;
    private readonly IReadOnlyList<SourceEntry>? _listing;

    /// <param name="baseTree">The tree the files come from.</param>
    /// <param name="buffers">Root-relative paths ('/'-separated) and the content that replaces the base tree's.</param>
    /// <param name="listing">The base tree's listing, when already known; listed again otherwise.</param>
    public OverlayTree(ISourceTree baseTree, IReadOnlyDictionary<string, byte[]> buffers, IReadOnlyList<SourceEntry>? listing = null)
    {
        _base = baseTree;
        _buffers = buffers;
        _listing = listing;
    }

    public ISourceTree Base => _base;

    public string Description => _base.Description;

    public string? DiskRoot => _base.DiskRoot;

    /// <summary>
    /// The base tree's listing, buffered files with their buffer's size; a buffer whose file the
    /// base tree does not have at all (a new file not yet written) is listed too. A buffered file
    /// the base tree skips (ignored, a symbolic link) stays as the base lists it.
    /// </summary>
    public IEnumerable<SourceEntry> Enumerate()
    {
        var listed = _listing ?? _base.Enumerate().ToList();
        var entries = new List<SourceEntry>(listed.Count + _buffers.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in listed)
        {
            seen.Add(entry.Path);
            entries.Add(_buffers.TryGetValue(entry.Path, out var bytes) && entry.SkipReason is null or SkipReasons.TooLarge
                ? new SourceEntry(entry.Path, bytes.Length)
                : entry);
        }
        var added = false;
        foreach (var (path, bytes) in _buffers)
        {
            if (seen.Contains(path) || _base.FileExists(path)) continue;
            entries.Add(new SourceEntry(path, bytes.Length));
            added = true;
        }
        if (added) entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public byte[]? Read(string relativePath, out string? error)
    {
        if (_buffers.TryGetValue(relativePath, out var bytes))
        {
            error = null;
            return bytes;
        }
        return _base.Read(relativePath, out error);
    }

    public ReadOnlyMemory<byte>? ReadTransient(string relativePath, ref byte[] scratch, out string? error)
    {
        if (_buffers.TryGetValue(relativePath, out var bytes))
        {
            error = null;
            return bytes;
        }
        return _base.ReadTransient(relativePath, ref scratch, out error);
    }

    public bool FileExists(string relativePath) => _buffers.ContainsKey(relativePath) || _base.FileExists(relativePath);

    public bool DirectoryExists(string relativePath)
    {
        if (_base.DirectoryExists(relativePath)) return true;
        var prefix = relativePath.Length == 0 ? "" : relativePath.TrimEnd('/') + "/";
        return _buffers.Keys.Any(p => p.StartsWith(prefix, StringComparison.Ordinal));
    }
}
