namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// Where the files of a scan come from: the working tree, the git index (pre-commit) or a commit's
/// tree (drift, changed-since). Paths are relative to the scanned root with '/' separators.
/// </summary>
public interface ISourceTree
{
    /// <summary>A human-readable name of the tree: a folder, "index" or a commit id.</summary>
    string Description { get; }

    /// <summary>Absolute folder of the root on disk, when the tree is the working tree.</summary>
    string? DiskRoot { get; }

    /// <summary>Every candidate file; skipped ones are reported with a reason, never dropped silently.</summary>
    IEnumerable<SourceEntry> Enumerate();

    /// <summary>Reads a file's bytes, or null with a reason when it cannot be read.</summary>
    byte[]? Read(string relativePath, out string? error);

    /// <summary>
    /// Reads a file's bytes as <see cref="Read"/> does, into <paramref name="scratch"/> when the
    /// tree can (replacing it by a larger array when it is too small), for a scan that looks at
    /// most files once and briefly. The content is valid only until the next call with the same
    /// scratch. Null with a reason when the file cannot be read.
    /// </summary>
    ReadOnlyMemory<byte>? ReadTransient(string relativePath, ref byte[] scratch, out string? error)
    {
        // Not a conditional expression: a null array would convert to an empty ReadOnlyMemory.
        if (Read(relativePath, out error) is not { } bytes) return null;
        return bytes;
    }

    bool FileExists(string relativePath);

    bool DirectoryExists(string relativePath);
}

/// <summary>
/// A file offered to the scan; <see cref="SkipReason"/> set means it is counted, not read.
/// <see cref="Size"/> is 0 when the tree does not know it up front (it then checks the size limit when reading).
/// </summary>
public sealed record SourceEntry(string Path, long Size, string? SkipReason = null);

public static class SkipReasons
{
    public const string NeverScanned = "excluded by policy (work/, target/, result links, ...)";
    public const string TooLarge = "over the size limit";
    public const string Binary = "binary";
    public const string Symlink = "symbolic link (not followed)";
    public const string Submodule = "submodule";
    public const string Unreadable = "unreadable";
    public const string Vanished = "deleted during the scan";
    public const string Unmerged = "unmerged (conflict in the index)";
}
