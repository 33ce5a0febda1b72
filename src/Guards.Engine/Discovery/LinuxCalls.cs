using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// The few Linux system calls the working tree needs to resolve paths beneath its root without
/// following a link out of it, and to tell regular files from FIFOs, devices and sockets before
/// opening them for reading. Flag values are per architecture: x86-64 and arm64 are supported
/// (<see cref="Supported"/>); elsewhere the portable resolver is used.
/// </summary>
internal static unsafe partial class LinuxCalls
{
    private const string Libc = "libc";

    public static readonly bool Supported = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static readonly bool s_arm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    public const int ORdOnly = 0;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int OPath = 0x200000;
    public static int ODirectory => s_arm64 ? 0x4000 : 0x10000;
    public static int ONoFollow => s_arm64 ? 0x8000 : 0x20000;

    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;

    public const int EPerm = 1, ENoEnt = 2, EIntr = 4, EAgain = 11, EAcces = 13, EXDev = 18, ENotDir = 20, EInval = 22,
        E2Big = 7, ENameTooLong = 36, ENoSys = 38, ELoop = 40, ENxIo = 6;

    private const long SysOpenat2 = 437;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary><c>openat2(2)</c>, called through <c>syscall</c> (glibc has no wrapper); -1 with errno on failure.</summary>
    public static int Openat2(int dirfd, byte* path, int flags, ulong resolve)
    {
        var how = new OpenHow { Flags = (ulong)(uint)flags, Mode = 0, Resolve = resolve };
        return (int)Syscall(SysOpenat2, dirfd, path, &how, (nuint)sizeof(OpenHow));
    }

    [LibraryImport(Libc, EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport(Libc, EntryPoint = "openat", SetLastError = true)]
    public static partial int Openat(int dirfd, byte* path, int flags, uint mode);

    [LibraryImport(Libc, EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint Readlinkat(int dirfd, byte* path, byte* buffer, nuint size);

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint Fdopendir(int fd);

    [LibraryImport(Libc, EntryPoint = "readdir64", SetLastError = true)]
    public static partial byte* Readdir64(nint dir);

    [LibraryImport(Libc, EntryPoint = "closedir")]
    public static partial int Closedir(nint dir);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>What a <c>struct statx</c> says about a file's type, identity and size.</summary>
    public readonly record struct FileStatus(FileType Type, ulong Device, ulong Inode, long Size);

    private const uint StatxType = 0x1, StatxIno = 0x100, StatxSize = 0x200;

    /// <summary>An empty, terminated path: with a descriptor, the call acts on the descriptor itself.</summary>
    public static readonly byte[] EmptyPath = [0];

    public static bool TryStat(int fd, out FileStatus status)
    {
        fixed (byte* empty = EmptyPath) return TryStat(fd, empty, out status);
    }

    /// <summary><c>statx</c> of <paramref name="path"/> under <paramref name="dirfd"/> (empty: the descriptor itself), never following a final link.</summary>
    public static bool TryStat(int dirfd, byte* path, out FileStatus status)
    {
        var buffer = stackalloc byte[256];
        var flags = AtSymlinkNoFollow | (path[0] == 0 ? AtEmptyPath : 0);
        if (Statx(dirfd, path, flags, StatxType | StatxIno | StatxSize, buffer) != 0)
        {
            status = default;
            return false;
        }
        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var size = *(long*)(buffer + 40);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        status = new FileStatus(TypeOfMode(mode), device, inode, size);
        return true;
    }

    public static FileType TypeOfMode(int mode) => (mode & 0xF000) switch
    {
        0x8000 => FileType.Regular,
        0x4000 => FileType.Directory,
        0xA000 => FileType.SymbolicLink,
        0x1000 => FileType.Fifo,
        0x2000 or 0x6000 => FileType.Device,
        0xC000 => FileType.UnixSocket,
        _ => FileType.Unknown,
    };

    /// <summary>The type a <c>dirent64.d_type</c> gives, <see cref="FileType.Unknown"/> when the file system does not say.</summary>
    public static FileType TypeOfDirent(byte type) => type switch
    {
        8 => FileType.Regular,
        4 => FileType.Directory,
        10 => FileType.SymbolicLink,
        1 => FileType.Fifo,
        2 or 6 => FileType.Device,
        12 => FileType.UnixSocket,
        _ => FileType.Unknown,
    };
}

/// <summary>What a directory entry is, as the file system says without following it.</summary>
public enum FileType : byte { Unknown, Regular, Directory, SymbolicLink, Fifo, Device, UnixSocket }
