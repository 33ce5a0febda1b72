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

    /// <summary>
    /// Reads a file's bytes, or null with a reason when it cannot be read: one of the
    /// <see cref="SkipReasons"/>. A path that leaves the tree (climbs above the root, or goes
    /// through a symbolic link whose target lies outside it) is refused with
    /// <see cref="SkipReasons.OutsideRoot"/> or <see cref="SkipReasons.LinkLeavesTree"/> and never
    /// opened (<see cref="SkipReasons.IsContainmentRefusal"/>); a link that stays inside the tree is
    /// read as its target. Only regular files are read, each within the tree's size limit.
    /// </summary>
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

    /// <summary>Whether the path names a regular file of the tree (through links that stay inside it).</summary>
    bool FileExists(string relativePath);

    /// <summary>Whether the path names a folder of the tree (through links that stay inside it).</summary>
    bool DirectoryExists(string relativePath);

    /// <summary>
    /// What the path names, and when it is refused, why: a caller that must not treat a refused
    /// path as merely missing (an import, a readFile) asks this. Links inside the tree are followed.
    /// </summary>
    PathProbe Probe(string relativePath)
    {
        if (RootDirectory.Components(relativePath) is null) return PathProbe.Refused(SkipReasons.OutsideRoot);
        if (FileExists(relativePath)) return PathProbe.Found(FileType.Regular);
        return DirectoryExists(relativePath) ? PathProbe.Found(FileType.Directory) : PathProbe.Missing;
    }
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
    /// <summary>A link whose target lies in the tree: the file pass skips it, its target is scanned where it lies, reads through it get the target.</summary>
    public const string Symlink = "symbolic link (read at its target)";
    /// <summary>A link whose target lies outside the tree (absolute, or climbing above the root): never followed, never read.</summary>
    public const string LinkLeavesTree = "a symbolic link leaving the tree";
    /// <summary>A link that leads nowhere: its target does not exist, or it loops.</summary>
    public const string BrokenLink = "broken symbolic link (dangling or looping)";
    /// <summary>A path that climbs above the root or is absolute: refused, never opened.</summary>
    public const string OutsideRoot = "outside the repository";
    public const string Fifo = "named pipe (FIFO)";
    public const string Device = "device node";
    public const string UnixSocket = "socket";
    public const string NotUtf8 = "file name not valid UTF-8";
    public const string PathTooLong = "path longer than PATH_MAX (4096 bytes)";
    public const string NestedRepository = "nested git repository (not entered)";
    public const string Submodule = "submodule";
    public const string Unreadable = "unreadable";
    public const string Vanished = "deleted during the scan";
    public const string Unmerged = "unmerged (conflict in the index)";

    /// <summary>
    /// Whether a read was refused because the path leaves the tree: the caller reports it as a
    /// located UCG0003 ("outside the repository"), never as a missing file, and never quotes content.
    /// </summary>
    public static bool IsContainmentRefusal(string? reason) => reason is OutsideRoot or LinkLeavesTree;
}
