using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace UltraCloud.Guards.Engine.IO;

/// <summary>
/// The few Linux system calls the file writer needs and .NET does not expose: the file type from
/// one <c>statx</c> (links not followed), <c>open</c> with <c>O_NOFOLLOW</c>, and a rename that
/// never replaces. Constants are Linux's (the generic ones, with ARM's own O_NOFOLLOW).
/// </summary>
internal static partial class Posix
{
    public const int EINTR = 4;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;

    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_CLOEXEC = 0x80000;
    public static int O_NOFOLLOW => RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x8000 : 0x20000;

    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1;
    private const uint RENAME_NOREPLACE = 0x1;

    private const int S_IFMT = 0xF000;

    public static bool Available => OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatX(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenRaw(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string oldpath, string newpath);

    [LibraryImport("libc", EntryPoint = "unlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Unlink(string path);

    /// <summary>The type of <paramref name="path"/> (the link itself unless <paramref name="followLinks"/>); null when statx is not usable here.</summary>
    public static unsafe FileKind? KindOf(string path, bool followLinks)
    {
        var buffer = stackalloc byte[256];
        int result;
        do result = StatX(AT_FDCWD, path, followLinks ? 0 : AT_SYMLINK_NOFOLLOW, STATX_TYPE, buffer);
        while (result != 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENOSYS or EOPNOTSUPP ? null : errno == ELOOP ? FileKind.SymbolicLink : FileKind.Missing;
        }
        return KindOfMode(*(ushort*)(buffer + 28));
    }

    /// <summary>The type of an open descriptor.</summary>
    public static unsafe FileKind? KindOf(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[256];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            return StatX(fd, "", AT_EMPTY_PATH, STATX_TYPE, buffer) == 0 ? KindOfMode(*(ushort*)(buffer + 28)) : null;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private static FileKind KindOfMode(ushort mode) => (mode & S_IFMT) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.UnixSocket,
        _ => FileKind.Other,
    };

    /// <summary><c>open(2)</c>; the error is an <see cref="IOException"/> carrying errno.</summary>
    public static SafeFileHandle Open(string path, int flags, uint mode)
    {
        int fd;
        do fd = OpenRaw(path, flags, mode);
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (fd < 0) throw Error(Marshal.GetLastPInvokeError(), path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/> only when nothing is at <paramref name="to"/>:
    /// <c>renameat2(RENAME_NOREPLACE)</c>, or a hard link and an unlink on a file system without it.
    /// Something already there is an <see cref="IOException"/> with errno EEXIST.
    /// </summary>
    public static void RenameNoReplace(string from, string to)
    {
        if (RenameAt2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (EINVAL or ENOSYS or EOPNOTSUPP)) throw Error(errno, to);
        if (Link(from, to) != 0) throw Error(Marshal.GetLastPInvokeError(), to);
        Unlink(from);
    }

    public static IOException Error(int errno, string path) =>
        new($"{Marshal.GetPInvokeErrorMessage(errno)} ({path})", errno);
}
