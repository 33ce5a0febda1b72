using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Engine.Fixes;

/// <summary>
/// A tree as it will be once fixes are written: the base tree with some files' contents replaced,
/// so a fix can be checked (and the next round of fixes computed) before anything touches the disk.
/// </summary>
public sealed class EditedTree(ISourceTree inner) : ISourceTree
{
    private readonly Dictionary<string, byte[]> _edited = new(StringComparer.Ordinal);

    public string Description => inner.Description;

    public string? DiskRoot => inner.DiskRoot;

    /// <summary>The files whose contents differ from the base tree's, with their new bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Edited => _edited;

    public void Replace(string relativePath, byte[] bytes) => _edited[relativePath] = bytes;

    public IEnumerable<SourceEntry> Enumerate() =>
        inner.Enumerate().Select(e => _edited.TryGetValue(e.Path, out var bytes) && e.SkipReason is null ? e with { Size = bytes.Length } : e);

    public byte[]? Read(string relativePath, out string? error)
    {
        if (_edited.TryGetValue(relativePath, out var bytes))
        {
            error = null;
            return bytes;
        }
        return inner.Read(relativePath, out error);
    }

    public ReadOnlyMemory<byte>? ReadTransient(string relativePath, ref byte[] scratch, out string? error)
    {
        if (_edited.TryGetValue(relativePath, out var bytes))
        {
            error = null;
            return bytes;
        }
        return inner.ReadTransient(relativePath, ref scratch, out error);
    }

    public bool FileExists(string relativePath) => _edited.ContainsKey(relativePath) || inner.FileExists(relativePath);

    public bool DirectoryExists(string relativePath) => inner.DirectoryExists(relativePath);
}
