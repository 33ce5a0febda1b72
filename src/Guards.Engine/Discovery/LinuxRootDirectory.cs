using System.Runtime.InteropServices;
using System.Text;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// <see cref="RootDirectory"/> on Linux, over a descriptor of the root. Where the kernel has
/// <c>openat2</c> (5.6 and later, unless a sandbox filters it), one call resolves a path with
/// <c>RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS</c>; otherwise, and for paths too long for one call,
/// each component is opened with <c>O_PATH | O_NOFOLLOW</c> from its parent's descriptor and
/// links are read and resolved by hand, with the same rules: no absolute target, no ".." above the
/// root, at most <see cref="RootDirectory.MaxLinkHops"/> links. A file is opened for reading only
/// after its <c>O_PATH</c> descriptor says it is a regular file, and the read descriptor must be
/// the same file.
/// </summary>
internal sealed unsafe class LinuxRootDirectory : RootDirectory
{
    private readonly int _root;
    private readonly bool _openat2;

    public LinuxRootDirectory(string fullPath, ResolverKind kind) : base(fullPath)
    {
        var bytes = Terminated(fullPath);
        fixed (byte* p = bytes)
            _root = LinuxCalls.Openat(LinuxCalls.AtFdCwd, p, LinuxCalls.OPath | LinuxCalls.ODirectory | LinuxCalls.OCloExec, 0);
        if (_root < 0) throw new IOException($"cannot open the folder {fullPath}: {Marshal.GetPInvokeErrorMessage(LinuxCalls.Errno)}");
        _openat2 = kind == ResolverKind.Best && Openat2Works();
    }

    internal override ResolverKind Kind => _openat2 ? ResolverKind.Best : ResolverKind.ComponentWalk;

    private const ulong Beneath = LinuxCalls.ResolveBeneath | LinuxCalls.ResolveNoMagicLinks;

    /// <summary>Whether openat2 answers here: old kernels say ENOSYS, some sandboxes EPERM.</summary>
    private bool Openat2Works()
    {
        var dot = "."u8;
        fixed (byte* p = dot)
        {
            var fd = LinuxCalls.Openat2(_root, p, LinuxCalls.OPath | LinuxCalls.OCloExec, Beneath);
            if (fd < 0) return false;
            LinuxCalls.Close(fd);
            return true;
        }
    }

    public override PathProbe Probe(string relativePath, bool followLinks = true)
    {
        var fd = Open(relativePath, followLinks, forReading: false, out var status, out var probe);
        if (fd >= 0) LinuxCalls.Close(fd);
        return probe.Status == PathStatus.Found ? PathProbe.Found(status.Type) : probe;
    }

    public override int Read(string relativePath, bool followLinks, long maxBytes, byte[]? scratch, out byte[]? buffer, out string? reason)
    {
        buffer = null;
        reason = null;
        var fd = Open(relativePath, followLinks, forReading: true, out var status, out var probe, maxBytes);
        if (fd < 0)
        {
            reason = probe.Status switch
            {
                PathStatus.Missing => SkipReasons.Vanished,
                PathStatus.Refused => probe.Reason,
                _ => status.Size > maxBytes && status.Type == FileType.Regular ? SkipReasons.TooLarge : ReasonFor(status.Type),
            };
            return -1;
        }
        return ReadDescriptor(fd, status.Size, scratch, out buffer, out reason);
    }

    /// <summary>Reads at most <paramref name="size"/> bytes of an open regular file, then closes it.</summary>
    private static int ReadDescriptor(int fd, long size, byte[]? scratch, out byte[]? buffer, out string? reason)
    {
        reason = null;
        try
        {
            var limit = (int)Math.Min(size, Array.MaxLength);
            // Every byte up to `read` is written before it is looked at, so the array need not be zeroed first.
            buffer = scratch is null ? GC.AllocateUninitializedArray<byte>(limit)
                : limit <= scratch.Length ? scratch
                : GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max(limit, 2L * scratch.Length), Array.MaxLength));
            var read = 0;
            fixed (byte* b = buffer)
            {
                while (read < limit)
                {
                    var n = LinuxCalls.Read(fd, b + read, (nuint)(limit - read));
                    if (n < 0)
                    {
                        var errno = LinuxCalls.Errno;
                        if (errno == LinuxCalls.EIntr) continue;
                        buffer = null;
                        reason = SkipReasons.Unreadable + ": " + Marshal.GetPInvokeErrorMessage(errno);
                        return -1;
                    }
                    if (n == 0) break;
                    read += (int)n;
                }
            }
            return read;
        }
        finally
        {
            LinuxCalls.Close(fd);
        }
    }

    /// <summary>
    /// Reads a file the user named (anywhere, links followed): only a regular file, within
    /// <paramref name="maxBytes"/>, opened for reading only once its metadata says so.
    /// </summary>
    public static byte[]? ReadAnywhere(string fullPath, long maxBytes, out string? reason)
    {
        var path = Terminated(fullPath);
        fixed (byte* p = path)
        {
            var fd = LinuxCalls.Openat(LinuxCalls.AtFdCwd, p, LinuxCalls.OPath | LinuxCalls.OCloExec, 0);
            if (fd < 0) { reason = ReasonOf(Failure(LinuxCalls.Errno, followLinks: true)); return null; }
            var ok = LinuxCalls.TryStat(fd, out var status);
            LinuxCalls.Close(fd);
            if (!ok) { reason = SkipReasons.Unreadable; return null; }
            if (status.Type != FileType.Regular) { reason = ReasonFor(status.Type); return null; }
            if (status.Size > maxBytes) { reason = SkipReasons.TooLarge; return null; }
            var readFd = LinuxCalls.Openat(LinuxCalls.AtFdCwd, p, LinuxCalls.ORdOnly | LinuxCalls.ONonBlock | LinuxCalls.ONoCtty | LinuxCalls.OCloExec, 0);
            if (readFd < 0) { reason = ReasonOf(Failure(LinuxCalls.Errno, followLinks: true)); return null; }
            var probe = PathProbe.Found(FileType.Regular);
            readFd = SameFile(readFd, ref status, ref probe);
            if (readFd < 0) { reason = SkipReasons.Vanished; return null; }
            var length = ReadDescriptor(readFd, status.Size, null, out var buffer, out reason);
            if (length < 0) return null;
            return length == buffer!.Length ? buffer : buffer[..length];
        }
    }

    private static string? ReasonOf(PathProbe probe) => probe.Status == PathStatus.Missing ? SkipReasons.Vanished : probe.Reason;

    internal override bool List(string relativeDirectory, List<RawEntry> into, out string? reason)
    {
        reason = null;
        var pathFd = Open(relativeDirectory, followLinks: false, forReading: false, out var status, out var probe);
        if (pathFd < 0)
        {
            reason = probe.Status == PathStatus.Missing ? SkipReasons.Vanished : probe.Reason ?? ReasonFor(status.Type);
            return false;
        }
        int fd;
        try
        {
            if (status.Type != FileType.Directory)
            {
                reason = ReasonFor(status.Type);
                return false;
            }
            fixed (byte* dot = "."u8)
                fd = LinuxCalls.Openat(pathFd, dot, LinuxCalls.ORdOnly | LinuxCalls.ODirectory | LinuxCalls.ONoFollow | LinuxCalls.OCloExec, 0);
        }
        finally
        {
            LinuxCalls.Close(pathFd);
        }
        if (fd < 0)
        {
            reason = SkipReasons.Unreadable + ": " + Marshal.GetPInvokeErrorMessage(LinuxCalls.Errno);
            return false;
        }
        var dir = LinuxCalls.Fdopendir(fd);
        if (dir == 0)
        {
            reason = SkipReasons.Unreadable + ": " + Marshal.GetPInvokeErrorMessage(LinuxCalls.Errno);
            LinuxCalls.Close(fd);
            return false;
        }
        try
        {
            while (true)
            {
                var entry = LinuxCalls.Readdir64(dir);
                if (entry is null)
                {
                    var errno = LinuxCalls.Errno;
                    if (errno == 0) return true;
                    reason = SkipReasons.Unreadable + ": " + Marshal.GetPInvokeErrorMessage(errno);
                    return false;
                }
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + 19);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)) continue;
                var type = LinuxCalls.TypeOfDirent(entry[18]);
                var nameBytes = name.ToArray();
                if (type == FileType.Unknown)
                {
                    fixed (byte* n = Terminated(nameBytes))
                        type = LinuxCalls.TryStat(fd, n, out var st) ? st.Type : FileType.Unknown;
                }
                into.Add(new RawEntry(nameBytes, type));
            }
        }
        finally
        {
            LinuxCalls.Closedir(dir);
        }
    }

    /// <summary>
    /// Resolves <paramref name="relativePath"/> beneath the root. Returns a descriptor the caller
    /// closes: <c>O_PATH</c>, or with <paramref name="forReading"/> a read descriptor of a regular
    /// file within <paramref name="maxBytes"/>; -1 otherwise, with <paramref name="probe"/> saying
    /// why (Found with <paramref name="status"/> when the file is there but is not one to read).
    /// </summary>
    private int Open(string relativePath, bool followLinks, bool forReading, out LinuxCalls.FileStatus status, out PathProbe probe, long maxBytes = long.MaxValue)
    {
        status = default;
        var components = Components(relativePath);
        if (components is null)
        {
            probe = PathProbe.Refused(SkipReasons.OutsideRoot);
            return -1;
        }
        var path = components.Count == 0 ? "." : string.Join('/', components);
        var bytes = Terminated(path);
        if (_openat2 && bytes.Length <= PathMax)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var fd = OpenWithOpenat2(bytes, followLinks, forReading, out status, out probe, maxBytes, out var retry);
                if (!retry) return fd;
            }
        }
        return OpenByWalking(components, followLinks, forReading, out status, out probe, maxBytes);
    }

    private int OpenWithOpenat2(byte[] path, bool followLinks, bool forReading, out LinuxCalls.FileStatus status, out PathProbe probe, long maxBytes, out bool retry)
    {
        retry = false;
        status = default;
        var resolve = Beneath | (followLinks ? 0 : LinuxCalls.ResolveNoSymlinks);
        var noFollow = followLinks ? 0 : LinuxCalls.ONoFollow;
        fixed (byte* p = path)
        {
            var fd = LinuxCalls.Openat2(_root, p, LinuxCalls.OPath | LinuxCalls.OCloExec | noFollow, resolve);
            if (fd < 0)
            {
                var errno = LinuxCalls.Errno;
                // EAGAIN: a rename raced the resolution; ENAMETOOLONG: the walk takes any length.
                retry = errno is LinuxCalls.EAgain or LinuxCalls.ENameTooLong;
                probe = Failure(errno, followLinks);
                return -1;
            }
            if (!LinuxCalls.TryStat(fd, out status))
            {
                probe = PathProbe.Refused(SkipReasons.Unreadable + ": " + Marshal.GetPInvokeErrorMessage(LinuxCalls.Errno));
                LinuxCalls.Close(fd);
                return -1;
            }
            probe = PathProbe.Found(status.Type);
            if (!forReading) return fd;
            LinuxCalls.Close(fd);
            if (status.Type != FileType.Regular || status.Size > maxBytes) return -1;
            var readFd = LinuxCalls.Openat2(_root, p, LinuxCalls.ORdOnly | LinuxCalls.ONonBlock | LinuxCalls.ONoCtty | LinuxCalls.OCloExec | noFollow, resolve);
            if (readFd < 0)
            {
                probe = Failure(LinuxCalls.Errno, followLinks);
                return -1;
            }
            return SameFile(readFd, ref status, ref probe);
        }
    }

    /// <summary>The read descriptor must be the file the O_PATH descriptor saw: else it changed during the scan.</summary>
    private static int SameFile(int readFd, ref LinuxCalls.FileStatus status, ref PathProbe probe)
    {
        if (LinuxCalls.TryStat(readFd, out var now) && now.Type == FileType.Regular
            && now.Device == status.Device && now.Inode == status.Inode)
        {
            status = now;
            return readFd;
        }
        LinuxCalls.Close(readFd);
        probe = PathProbe.Missing;
        return -1;
    }

    private static PathProbe Failure(int errno, bool followLinks) => errno switch
    {
        LinuxCalls.ENoEnt or LinuxCalls.ENotDir => PathProbe.Missing,
        LinuxCalls.EXDev => PathProbe.Refused(SkipReasons.LinkLeavesTree),
        LinuxCalls.ELoop => PathProbe.Refused(followLinks ? SkipReasons.BrokenLink : SkipReasons.Symlink),
        LinuxCalls.ENameTooLong => PathProbe.Refused(SkipReasons.PathTooLong),
        _ => PathProbe.Refused(SkipReasons.Unreadable + ": " + Marshal.GetPInvokeErrorMessage(errno)),
    };

    /// <summary>The per-component resolution, for kernels without openat2 and for paths longer than one call takes.</summary>
    private int OpenByWalking(List<string> components, bool followLinks, bool forReading, out LinuxCalls.FileStatus status, out PathProbe probe, long maxBytes)
    {
        status = default;
        var pending = new Stack<byte[]>();
        for (var i = components.Count - 1; i >= 0; i--) pending.Push(Terminated(components[i]));
        // Descriptors of the folders walked so far; the first is the root, owned by this object.
        var folders = new List<int> { _root };
        var hops = 0;
        try
        {
            while (pending.Count > 0)
            {
                var name = pending.Pop();
                if (name is [(byte)'.', 0]) continue;
                if (name is [(byte)'.', (byte)'.', 0])
                {
                    // Only a link's target can hold "..": the path itself was resolved lexically.
                    if (folders.Count == 1) { probe = PathProbe.Refused(SkipReasons.LinkLeavesTree); return -1; }
                    LinuxCalls.Close(folders[^1]);
                    folders.RemoveAt(folders.Count - 1);
                    continue;
                }
                var last = pending.Count == 0;
                int fd;
                fixed (byte* n = name)
                    fd = LinuxCalls.Openat(folders[^1], n, LinuxCalls.OPath | LinuxCalls.ONoFollow | LinuxCalls.OCloExec, 0);
                if (fd < 0) { probe = Failure(LinuxCalls.Errno, followLinks); return -1; }
                if (!LinuxCalls.TryStat(fd, out status))
                {
                    probe = PathProbe.Refused(SkipReasons.Unreadable + ": " + Marshal.GetPInvokeErrorMessage(LinuxCalls.Errno));
                    LinuxCalls.Close(fd);
                    return -1;
                }
                if (status.Type == FileType.SymbolicLink && (!last || followLinks))
                {
                    if (!followLinks) { LinuxCalls.Close(fd); probe = PathProbe.Refused(SkipReasons.Symlink); return -1; }
                    var target = ReadLink(fd);
                    LinuxCalls.Close(fd);
                    if (++hops > MaxLinkHops || target is null) { probe = PathProbe.Refused(SkipReasons.BrokenLink); return -1; }
                    if (target.Length == 0) { probe = PathProbe.Missing; return -1; }
                    if (target[0] == (byte)'/') { probe = PathProbe.Refused(SkipReasons.LinkLeavesTree); return -1; }
                    var parts = SplitTarget(target);
                    for (var i = parts.Count - 1; i >= 0; i--) pending.Push(parts[i]);
                    continue;
                }
                if (!last)
                {
                    if (status.Type != FileType.Directory) { LinuxCalls.Close(fd); probe = PathProbe.Missing; return -1; }
                    folders.Add(fd);
                    continue;
                }
                probe = PathProbe.Found(status.Type);
                if (!forReading) return fd;
                LinuxCalls.Close(fd);
                if (status.Type != FileType.Regular || status.Size > maxBytes) return -1;
                int readFd;
                fixed (byte* n = name)
                    readFd = LinuxCalls.Openat(folders[^1], n, LinuxCalls.ORdOnly | LinuxCalls.ONonBlock | LinuxCalls.ONoCtty | LinuxCalls.ONoFollow | LinuxCalls.OCloExec, 0);
                if (readFd < 0) { probe = Failure(LinuxCalls.Errno, followLinks); return -1; }
                return SameFile(readFd, ref status, ref probe);
            }
            // The path ends at a folder reached through "..", "." or a link: open it as itself.
            int self;
            fixed (byte* dot = "."u8)
                self = LinuxCalls.Openat(folders[^1], dot, LinuxCalls.OPath | LinuxCalls.ODirectory | LinuxCalls.OCloExec, 0);
            if (self < 0) { probe = Failure(LinuxCalls.Errno, followLinks); return -1; }
            LinuxCalls.TryStat(self, out status);
            probe = PathProbe.Found(status.Type);
            if (!forReading) return self;
            LinuxCalls.Close(self);
            return -1;
        }
        finally
        {
            for (var i = 1; i < folders.Count; i++) LinuxCalls.Close(folders[i]);
        }
    }

    private static byte[]? ReadLink(int fd)
    {
        var buffer = new byte[PathMax];
        fixed (byte* b = buffer)
        fixed (byte* empty = LinuxCalls.EmptyPath)
        {
            var n = LinuxCalls.Readlinkat(fd, empty, b, (nuint)buffer.Length);
            if (n < 0 || n >= buffer.Length) return null;
            return buffer[..(int)n];
        }
    }

    private static List<byte[]> SplitTarget(byte[] target)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= target.Length; i++)
        {
            if (i < target.Length && target[i] != (byte)'/') continue;
            if (i > start) parts.Add([.. target.AsSpan(start, i - start), 0]);
            start = i + 1;
        }
        return parts;
    }

    private static byte[] Terminated(string path) => Terminated(Encoding.UTF8.GetBytes(path));

    private static byte[] Terminated(byte[] bytes) => [.. bytes, 0];

    private int _disposed;

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) LinuxCalls.Close(_root);
        GC.SuppressFinalize(this);
    }

    ~LinuxRootDirectory()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) LinuxCalls.Close(_root);
    }
}
