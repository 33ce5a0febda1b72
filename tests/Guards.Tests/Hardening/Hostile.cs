using System.Runtime.InteropServices;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>Shared helpers of the hostile-input tests.</summary>
internal static partial class Hostile
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>The command line in-process, both streams captured.</summary>
    public static Run Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = GuardsCommandLine.Run(args, stdout, stderr);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <paramref name="action"/> and fails the test when it takes longer than <paramref name="seconds"/>.</summary>
    public static T Within<T>(double seconds, Func<T> action)
    {
        var task = Task.Factory.StartNew(action, TaskCreationOptions.LongRunning);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(seconds)))
            Assert.Fail($"did not finish within {seconds}s (a hang)");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>No internal error, and every finding lies inside its file: line within the file, columns at least 1.</summary>
    public static void AssertHonest(ScanResult result, Func<string, byte[]?>? read = null)
    {
        Assert.Empty(result.InternalErrors);
        var texts = new Dictionary<string, Engine.Text.SourceText?>(StringComparer.Ordinal);
        foreach (var finding in result.Findings)
        {
            Assert.True(finding.Span.StartLine >= 1 && finding.Span.StartColumn >= 1, $"{finding.RuleId} at {finding.Path}:{finding.Span}");
            Assert.True(finding.Span.EndLine > finding.Span.StartLine || (finding.Span.EndLine == finding.Span.StartLine && finding.Span.EndColumn >= finding.Span.StartColumn),
                $"{finding.RuleId} ends before it starts at {finding.Path}:{finding.Span}");
            if (!texts.TryGetValue(finding.Path, out var text))
            {
                var bytes = (read ?? (p => result.Tree.Read(p, out _)))(finding.Path);
                texts[finding.Path] = text = bytes is null ? null : Engine.Text.SourceText.FromBytes(finding.Path, bytes);
            }
            if (text is null) continue;
            Assert.True(finding.Span.StartLine <= text.LineCount, $"{finding.RuleId} at {finding.Path}:{finding.Span} is past the last line {text.LineCount}");
            Assert.True(finding.Span.EndLine <= text.LineCount, $"{finding.RuleId} at {finding.Path}:{finding.Span} ends past the last line {text.LineCount}");
        }
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkNod(string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static unsafe partial int OpenAt(int dirfd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    private static unsafe partial int MkdirAt(int dirfd, byte* path, uint mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public static bool IsRoot => GetEuid() == 0;

    public static void MakeFifo(string path)
    {
        if (MkFifo(path, 0b110_100_100) != 0) throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>A character device with the numbers of /dev/null (1, 3): creating one needs root.</summary>
    public static void MakeCharacterDevice(string path)
    {
        const uint CharacterDevice = 0x2000;
        if (MkNod(path, CharacterDevice | 0b110_100_100, (1UL << 8) | 3) != 0)
            throw new IOException($"mknod {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>A Unix socket bound at <paramref name="path"/>; dispose it to close (the file stays).</summary>
    public static IDisposable MakeSocket(string path)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        return socket;
    }

    /// <summary>
    /// Creates <paramref name="folders"/> (raw name bytes) one inside the other under <paramref name="parent"/>,
    /// then a file of <paramref name="content"/> named <paramref name="file"/> in the last: one call
    /// per component, so neither non-UTF-8 names nor a total path past PATH_MAX stop it.
    /// </summary>
    public static unsafe void MakeRaw(string parent, IReadOnlyList<byte[]> folders, byte[] file, string content)
    {
        const int ReadOnly = 0, Directory = 0x10000, WriteOnly = 1, Create = 0x40, Truncate = 0x200;
        var parentBytes = System.Text.Encoding.UTF8.GetBytes(parent + "\0");
        int fd;
        fixed (byte* p = parentBytes) fd = OpenAt(-100, p, ReadOnly | Directory, 0);
        if (fd < 0) throw new IOException($"open {parent} failed: errno {Marshal.GetLastPInvokeError()}");
        foreach (var folder in folders)
        {
            var name = (byte[])[.. folder, 0];
            int next;
            fixed (byte* n = name)
            {
                if (MkdirAt(fd, n, 0b111_101_101) != 0 && Marshal.GetLastPInvokeError() != 17)
                    throw new IOException($"mkdir failed: errno {Marshal.GetLastPInvokeError()}");
                next = OpenAt(fd, n, ReadOnly | Directory, 0);
            }
            Close(fd);
            if (next < 0) throw new IOException($"open failed: errno {Marshal.GetLastPInvokeError()}");
            fd = next;
        }
        var fileName = (byte[])[.. file, 0];
        int output;
        fixed (byte* n = fileName) output = OpenAt(fd, n, WriteOnly | Create | Truncate, 0b110_100_100);
        Close(fd);
        if (output < 0) throw new IOException($"create failed: errno {Marshal.GetLastPInvokeError()}");
        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(output, ownsHandle: true);
        RandomAccess.Write(handle, System.Text.Encoding.UTF8.GetBytes(content), 0);
    }

    /// <summary>Removes a tree that .NET's own delete may not reach (paths past PATH_MAX, names that are not UTF-8).</summary>
    public static void RemoveTree(string path)
    {
        using var rm = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("rm", ["-rf", "--", path]) { UseShellExecute = false })!;
        rm.WaitForExit();
    }
}

/// <summary>A fact that needs root (CI runs as root); elsewhere it is skipped, and says why.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(string why)
    {
        if (!Hostile.IsRoot) Skip = "needs root: " + why;
    }
}
