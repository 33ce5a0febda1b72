using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// Configuration and policy files are data, often from a tree nobody vetted: only a regular file
/// is opened (a FIFO, a device such as /dev/zero or a socket is a clear error, never a blocked or
/// unbounded read), at most <see cref="MaxSize"/> bytes are read, and a path that comes from the
/// tree (the repository's <c>uc-guards.yaml</c>, its <c>include:</c> entries) is resolved inside
/// its root, component by component, so that no <c>..</c> and no symbolic link leads outside.
/// </summary>
public static partial class ConfigFiles
{
    /// <summary>The largest configuration, include or policy file read (the shipped policy is about 15 KiB).</summary>
    public const long MaxSize = 1024 * 1024;

    private const int MaxLinkHops = 40;

    /// <summary>
    /// Reads a configuration file: a regular file of at most <see cref="MaxSize"/> bytes. Links are
    /// followed (a path from the tree is resolved by <see cref="ResolveInside"/> first).
    /// </summary>
    public static string Read(string path, string what)
    {
        var bytes = OperatingSystem.IsLinux() && TryReadRegularLinux(path, what, out var read) ? read : ReadManaged(path, what);
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Resolves <paramref name="relative"/> (a '/'-separated path from the tree) against the folder
    /// <paramref name="from"/>, inside <paramref name="root"/>: an absolute path, a <c>..</c> that
    /// leaves the root or a symbolic link whose target lies outside it is refused with the reason.
    /// A link inside the tree to a file inside the tree is followed. Returns the resolved full path.
    /// </summary>
    public static string ResolveInside(string root, string from, string relative, out string? refusal)
    {
        refusal = null;
        if (Path.IsPathRooted(relative) || relative.StartsWith('~'))
        {
            refusal = $"'{relative}' is an absolute path; an include names a file inside the repository, relative to the including file";
            return "";
        }
        var rootReal = RealFolder(root);
        var current = RealFolder(from);
        if (!IsInside(rootReal, current))
        {
            refusal = $"'{relative}' is resolved from {from}, outside the repository ({rootReal})";
            return "";
        }
        var pending = new Stack<string>(Split(relative).Reverse());
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (current == rootReal)
                {
                    refusal = $"'{relative}' leads outside the repository ({rootReal})";
                    return "";
                }
                current = Path.GetDirectoryName(current)!;
                continue;
            }
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if ((int)info.Attributes != -1 && info.Attributes.HasFlag(FileAttributes.ReparsePoint) && info.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    refusal = $"'{relative}' goes through more than {MaxLinkHops} symbolic links";
                    return "";
                }
                if (Path.IsPathRooted(target))
                {
                    var full = Path.GetFullPath(target);
                    if (!IsInside(rootReal, full))
                    {
                        refusal = $"'{relative}' goes through the symbolic link {next}, which points outside the repository (to {target})";
                        return "";
                    }
                    current = rootReal;
                    foreach (var p in Split(Path.GetRelativePath(rootReal, full)).Reverse()) pending.Push(p);
                }
                else
                {
                    foreach (var p in Split(target).Reverse()) pending.Push(p);
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    /// <summary>
    /// The repository's <c>uc-guards.yaml</c>, found in the tree, may be a symbolic link only to a
    /// file inside the folder that holds it: one leading outside is never applied.
    /// </summary>
    public static string? OutsideLinkRefusal(string configPath)
    {
        var info = new FileInfo(configPath);
        if ((int)info.Attributes == -1 || !info.Attributes.HasFlag(FileAttributes.ReparsePoint)) return null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        ResolveInside(folder, folder, Path.GetFileName(configPath), out var refusal);
        return refusal is null
            ? null
            : $"is a symbolic link to {info.LinkTarget}, outside the repository: a configuration from outside the tree is never applied (name a file with --config to use it)";
    }

    /// <summary>The path with every symbolic link of its folders resolved; the last component is kept as it is.</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(RealFolder(Path.GetDirectoryName(full)!), Path.GetFileName(full));
    }

    private static bool IsInside(string rootReal, string full) =>
        full == rootReal || full.StartsWith(rootReal.EndsWith('/') ? rootReal : rootReal + "/", StringComparison.Ordinal);

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.None);

    /// <summary>The folder's path with every symbolic link resolved (the root itself may sit behind links, such as /tmp).</summary>
    private static string RealFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var info = new DirectoryInfo(next);
            if ((int)info.Attributes != -1 && info.Attributes.HasFlag(FileAttributes.ReparsePoint)
                && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                next = target.FullName;
            }
            current = next;
        }
        return current;
    }

    private static byte[] ReadManaged(string path, string what)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        return ReadBounded(stream, path, what);
    }

    private static byte[] ReadBounded(Stream stream, string path, string what)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > MaxSize)
                throw new PolicyException(path, 0, 0, $"{what} is larger than {MaxSize / 1024} KiB");
        }
        return buffer.ToArray();
    }

    // Linux: the file is opened without blocking (O_NONBLOCK: a FIFO with no writer does not hang the
    // open) and its type is read from the open descriptor, so what is checked is what is read.
    private const int O_RDONLY = 0, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1, STATX_SIZE = 0x200;
    private const int S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFIFO = 0x1000, S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFSOCK = 0xC000;
    private const int ENOENT = 2, ENXIO = 6, EACCES = 13, ENOTDIR = 20, ELOOP = 40;

    [LibraryImport("libc.so.6", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    private static bool TryReadRegularLinux(string path, string what, out byte[] bytes)
    {
        bytes = [];
        int fd;
        try
        {
            fd = Open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new PolicyException(path, 0, 0, errno switch
            {
                ENOENT or ENOTDIR => $"{what} not found",
                ENXIO => $"{what} is a socket or a device, not a regular file",
                EACCES => $"{what} cannot be read: permission denied",
                ELOOP => $"{what} is a symbolic link that loops",
                _ => $"{what} cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}",
            });
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var (kind, size) = KindAndSize(fd, path, what);
        if (kind != S_IFREG)
        {
            throw new PolicyException(path, 0, 0, kind switch
            {
                S_IFDIR => $"{what} is a folder, not a configuration file",
                S_IFIFO => $"{what} is a FIFO (named pipe), not a regular file; it is never read",
                S_IFCHR or S_IFBLK => $"{what} is a device, not a regular file; it is never read",
                S_IFSOCK => $"{what} is a socket, not a regular file; it is never read",
                _ => $"{what} is not a regular file; it is never read",
            });
        }
        if (size > MaxSize) throw new PolicyException(path, 0, 0, $"{what} is larger than {MaxSize / 1024} KiB ({size} bytes)");
        using var stream = new FileStream(handle, FileAccess.Read, 1);
        bytes = ReadBounded(stream, path, what);
        return true;
    }

    private static unsafe (int Kind, long Size) KindAndSize(int fd, string path, string what)
    {
        // struct statx: stx_mode (u16) at byte 28, stx_size (u64) at byte 40; 256 bytes in all.
        var buffer = stackalloc byte[256];
        if (Statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, buffer) != 0)
            throw new PolicyException(path, 0, 0, $"{what} cannot be examined: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        var mode = *(ushort*)(buffer + 28);
        var size = *(long*)(buffer + 40);
        return (mode & S_IFMT, size);
    }
}
