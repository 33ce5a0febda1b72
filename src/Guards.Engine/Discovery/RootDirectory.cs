namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// A folder held open as the root of everything read beneath it. A path is resolved inside the
/// root component by component: a symbolic link is followed only while it stays inside the root
/// (on Linux, <c>openat2</c> with <c>RESOLVE_BENEATH</c>, or an equivalent walk that opens each
/// component with <c>O_NOFOLLOW</c>); a path that climbs out, or a link that leads out, is refused
/// with its reason and never opened. Only regular files are opened for reading: a FIFO, device or
/// socket is recognised from its metadata first. Every read has a size limit.
/// Thread-safe: each call resolves on its own.
/// </summary>
public abstract class RootDirectory : IDisposable
{
    /// <summary>Symbolic links followed in one resolution before it is called a loop (Linux's own limit).</summary>
    public const int MaxLinkHops = 40;

    /// <summary>Paths of this many bytes or more are not looked at: git's own walk cannot see them either.</summary>
    public const int PathMax = 4096;

    protected RootDirectory(string fullPath) => FullPath = fullPath;

    /// <summary>The root, absolute, as given.</summary>
    public string FullPath { get; }

    /// <summary>Opens <paramref name="path"/> (a folder; links in the path itself are the caller's choice and are followed).</summary>
    /// <exception cref="IOException">The folder cannot be opened.</exception>
    public static RootDirectory Open(string path) => Open(path, ResolverKind.Best);

    internal static RootDirectory Open(string path, ResolverKind kind)
    {
        var full = Path.GetFullPath(path);
        if (kind == ResolverKind.Portable || !LinuxCalls.Supported) return new PortableRootDirectory(full);
        return new LinuxRootDirectory(full, kind);
    }

    /// <summary>Which resolver <see cref="LinuxRootDirectory"/> uses: tests pin each one.</summary>
    internal enum ResolverKind { Best, ComponentWalk, Portable }

    /// <summary>The resolver in use, for tests and diagnostics.</summary>
    internal abstract ResolverKind Kind { get; }

    /// <summary>
    /// What <paramref name="relativePath"/> names. With <paramref name="followLinks"/>, links inside
    /// the root are followed (a path through one names its target); without, any link met is not
    /// followed (a final one is reported as a link, an inner one refuses the path).
    /// </summary>
    public abstract PathProbe Probe(string relativePath, bool followLinks = true);

    /// <summary>
    /// Reads the regular file <paramref name="relativePath"/> names, at most the size it has when
    /// opened, into <paramref name="scratch"/> when it fits (else into a new array, of the file's
    /// size without scratch and at least twice the scratch's size with one). Returns the number of
    /// bytes read, or -1 with the reason (a <see cref="SkipReasons"/> value) when the path is
    /// refused, missing, not a regular file, over <paramref name="maxBytes"/> or unreadable.
    /// </summary>
    public abstract int Read(string relativePath, bool followLinks, long maxBytes, byte[]? scratch, out byte[]? buffer, out string? reason);

    /// <summary>Reads a whole regular file, or null with the reason.</summary>
    public byte[]? ReadAll(string relativePath, long maxBytes, out string? reason, bool followLinks = true)
    {
        var length = Read(relativePath, followLinks, maxBytes, null, out var buffer, out reason);
        if (length < 0) return null;
        return length == buffer!.Length ? buffer : buffer[..length];
    }

    /// <summary>
    /// Reads a file the user named explicitly (a configuration or an ignore file of their own; it
    /// may lie anywhere and links are followed): only a regular file is opened, within
    /// <paramref name="maxBytes"/>; null with the reason otherwise.
    /// </summary>
    public static byte[]? ReadUserFile(string path, long maxBytes, out string? reason)
    {
        var full = Path.GetFullPath(path);
        if (LinuxCalls.Supported) return LinuxRootDirectory.ReadAnywhere(full, maxBytes, out reason);
        var folder = Path.GetDirectoryName(full);
        if (folder is null) { reason = SkipReasons.Unreadable + ": not a file"; return null; }
        using var parent = new PortableRootDirectory(folder);
        return parent.ReadAll(Path.GetFileName(full), maxBytes, out reason);
    }

    /// <summary>
    /// Lists a folder reached without following any link: each entry's raw name (file names are
    /// bytes; they need not be UTF-8) and type, unsorted. False with the reason when it cannot be listed.
    /// </summary>
    internal abstract bool List(string relativeDirectory, List<RawEntry> into, out string? reason);

    public abstract void Dispose();

    /// <summary>
    /// Splits a '/'-separated path relative to the root into its components, resolving "." and
    /// ".." lexically (as Nix does with its paths); null when it is absolute or climbs above the root.
    /// </summary>
    public static List<string>? Components(string relativePath)
    {
        if (relativePath.StartsWith('/') || relativePath.Contains('\0')) return null;
        var parts = new List<string>();
        foreach (var part in relativePath.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>The skip reason of a file that is there but is not a regular file.</summary>
    public static string ReasonFor(FileType type) => type switch
    {
        FileType.Fifo => SkipReasons.Fifo,
        FileType.Device => SkipReasons.Device,
        FileType.UnixSocket => SkipReasons.UnixSocket,
        FileType.SymbolicLink => SkipReasons.Symlink,
        FileType.Directory => SkipReasons.Unreadable + ": a folder, not a file",
        _ => SkipReasons.Unreadable + ": not a regular file",
    };
}

/// <summary>One entry of a listed folder: its name as the file system holds it, and its type.</summary>
internal readonly record struct RawEntry(byte[] Name, FileType Type);

public enum PathStatus : byte { Found, Missing, Refused }

/// <summary>
/// What a path names inside a root: <see cref="PathStatus.Found"/> with its type,
/// <see cref="PathStatus.Missing"/>, or <see cref="PathStatus.Refused"/> with the reason
/// (<see cref="SkipReasons.OutsideRoot"/>, <see cref="SkipReasons.LinkLeavesTree"/>,
/// <see cref="SkipReasons.BrokenLink"/>, <see cref="SkipReasons.Symlink"/> when links are not
/// followed, or an unreadable folder on the way).
/// </summary>
public readonly record struct PathProbe(PathStatus Status, FileType Type, string? Reason)
{
    public static PathProbe Missing => new(PathStatus.Missing, FileType.Unknown, null);
    public static PathProbe Refused(string reason) => new(PathStatus.Refused, FileType.Unknown, reason);
    public static PathProbe Found(FileType type) => new(PathStatus.Found, type, null);

    public bool IsFile => Status == PathStatus.Found && Type == FileType.Regular;
    public bool IsDirectory => Status == PathStatus.Found && Type == FileType.Directory;
}
