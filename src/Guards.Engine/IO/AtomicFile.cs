using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using UltraCloud.Guards.Engine.Reporting;

namespace UltraCloud.Guards.Engine.IO;

/// <summary>What a write to a path will do.</summary>
public enum OutputTarget
{
    /// <summary>Nothing is there: a new file appears whole, or not at all.</summary>
    Create,
    /// <summary>A regular file is there: it is replaced whole, or left as it was.</summary>
    Replace,
    /// <summary>A character device or a FIFO (<c>/dev/null</c>, <c>/dev/stdout</c>, a named pipe): opened and written, never replaced, as a shell's <c>&gt;</c> does.</summary>
    WriteThrough,
}

/// <summary>
/// The one way the tool writes a file: reports (<c>--output</c>, <c>--report</c>), baselines,
/// <c>init</c>'s configuration, the pre-commit hook, <c>rules --update-readme</c>, eval logs.
/// A regular file (or a path where nothing is yet) is written to a temporary file in the same
/// folder, created exclusively under a random name without following links
/// (<c>O_CREAT|O_EXCL|O_NOFOLLOW</c>), flushed to disk, then renamed over the target, so a reader
/// sees the old file or the whole new one. A character device or a FIFO is written through. A
/// symbolic link at the target is neither followed nor replaced, and a folder, a socket or a block
/// device is refused: each is an <see cref="OutputFileException"/> naming the path, before anything
/// is written. A failed or short write is an error, and the temporary file never outlives the write
/// (nor a SIGINT, SIGTERM or SIGHUP during it).
/// </summary>
public static class AtomicFile
{
    /// <summary>The name that means standard output on the command line; callers write their own stream for it.</summary>
    public const string StandardOutput = "-";

    private const int Attempts = 16;

    /// <summary>For tests, in the current flow only: the suffix of the temporary name of each attempt (else random).</summary>
    internal static readonly AsyncLocal<Func<int, string>?> TemporarySuffix = new();
    private const UnixFileMode DefaultMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>
    /// What a write to <paramref name="path"/> would do; an <see cref="OutputFileException"/> when
    /// it cannot be written (no such folder, a folder, a link, a socket or block device, or, unless
    /// <paramref name="replace"/>, anything already there). Run it before the work whose result is written.
    /// </summary>
    public static OutputTarget Check(string path, bool replace = true)
    {
        if (path.Length == 0 || path.Contains('\0'))
            throw new OutputFileException(path, "the output path is empty or holds a NUL character");
        var shown = VisibleText.Escape(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is null || FileKinds.Of(folder, followLinks: true) != FileKind.Directory)
            throw new OutputFileException(path, $"folder does not exist: {VisibleText.Escape(folder ?? "")}");
        var kind = FileKinds.Of(full);
        var target = kind switch
        {
            FileKind.Missing => OutputTarget.Create,
            FileKind.Regular => OutputTarget.Replace,
            FileKind.CharacterDevice or FileKind.Fifo => OutputTarget.WriteThrough,
            FileKind.Directory => throw new OutputFileException(path, $"{shown} is a folder"),
            FileKind.SymbolicLink => throw new OutputFileException(path,
                $"{shown} is a symbolic link: uc-guards neither writes through nor replaces a link (name the file it points to, or remove the link)"),
            _ => throw new OutputFileException(path, $"{shown} is {kind.Describe()}: uc-guards writes regular files, character devices and FIFOs only"),
        };
        if (!replace && target != OutputTarget.Create)
            throw new OutputFileException(path, $"{shown} already exists ({kind.Describe()})") { AlreadyExists = true };
        return target;
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text, UnixFileMode? mode = null, bool replace = true) =>
        Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(text)), mode, replace);

    /// <summary>Writes what <paramref name="write"/> writes to a UTF-8 text writer (no byte-order mark).</summary>
    public static void WriteText(string path, Action<TextWriter> write, UnixFileMode? mode = null, bool replace = true) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            write(writer);
            writer.Flush();
        }, mode, replace);

    /// <summary>
    /// Writes <paramref name="path"/> with what <paramref name="write"/> puts into the stream.
    /// <paramref name="mode"/> sets the new file's permissions exactly (else those of the file it
    /// replaces, else 0666 less the umask); without <paramref name="replace"/> nothing already at
    /// the path is ever replaced.
    /// </summary>
    public static void Write(string path, Action<Stream> write, UnixFileMode? mode = null, bool replace = true)
    {
        var target = Check(path, replace);
        var full = Path.GetFullPath(path);
        try
        {
            if (target == OutputTarget.WriteThrough) WriteThrough(path, full, write);
            else WriteAndRename(path, full, write, mode, replace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not OutputFileException)
        {
            throw new OutputFileException(path, $"cannot write {VisibleText.Escape(path)}: {VisibleText.Escape(ex.Message)}", ex);
        }
    }

    private static void WriteThrough(string path, string full, Action<Stream> write)
    {
        using var handle = Posix.Available
            ? Posix.Open(full, Posix.O_WRONLY | Posix.O_NOFOLLOW | Posix.O_NOCTTY | Posix.O_CLOEXEC, 0)
            : File.OpenHandle(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        if (Posix.Available && Posix.KindOf(handle) is { } kind && kind is not (FileKind.CharacterDevice or FileKind.Fifo))
            throw new OutputFileException(path, $"{VisibleText.Escape(path)} changed into {kind.Describe()} while it was being opened; nothing was written");
        using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
        write(stream);
        stream.Flush();
    }

    private static void WriteAndRename(string path, string full, Action<Stream> write, UnixFileMode? mode, bool replace)
    {
        var folder = Path.GetDirectoryName(full)!;
        var permissions = mode ?? ExistingMode(full) ?? DefaultMode;
        var (temp, handle) = CreateTemporary(folder, Path.GetFileName(full), permissions);
        var renamed = false;
        try
        {
            using (handle)
            {
                using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
                write(stream);
                stream.Flush(flushToDisk: true);
                // Exactly the asked permissions, whatever the umask took away at creation.
                if (mode is not null && !OperatingSystem.IsWindows()) File.SetUnixFileMode(handle, permissions);
            }
            Rename(path, temp, full, replace);
            renamed = true;
        }
        finally
        {
            if (renamed) TemporaryFiles.Forget(temp);
            else TemporaryFiles.Remove(temp);
        }
    }

    /// <summary>A new file beside the target under a random name: created exclusively, never through a link.</summary>
    private static (string Path, SafeFileHandle Handle) CreateTemporary(string folder, string name, UnixFileMode permissions)
    {
        // Long names lose their middle: the temporary name must stay within NAME_MAX.
        var stem = name.Length > 200 ? name[..100] + name[^100..] : name;
        for (var attempt = 0; ; attempt++)
        {
            var suffix = TemporarySuffix.Value?.Invoke(attempt) ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var temp = Path.Combine(folder, $".{stem}.{suffix}.tmp");
            try
            {
                var handle = Posix.Available
                    ? Posix.Open(temp, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, (uint)permissions)
                    : File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                TemporaryFiles.Add(temp);
                return (temp, handle);
            }
            catch (IOException ex) when (attempt < Attempts && (ex.HResult == Posix.EEXIST || (!Posix.Available && File.Exists(temp))))
            {
                // Something of that name is there already (planted, or a link): it is not ours, so it
                // is neither opened nor removed; another name is tried.
            }
        }
    }

    private static void Rename(string path, string temp, string full, bool replace)
    {
        if (!replace)
        {
            try
            {
                MoveNoReplace(temp, full);
            }
            catch (IOException ex) when (ex.HResult == Posix.EEXIST || File.Exists(full) || FileKinds.Of(full) != FileKind.Missing)
            {
                throw new OutputFileException(path, $"{VisibleText.Escape(path)} appeared while it was being written") { AlreadyExists = true };
            }
            return;
        }
        // Only a regular file, or nothing, is ever replaced: whatever took the target's place meanwhile stays.
        var now = FileKinds.Of(full);
        if (now == FileKind.Missing)
        {
            try
            {
                MoveNoReplace(temp, full);
                return;
            }
            catch (IOException ex) when (ex.HResult == Posix.EEXIST)
            {
                now = FileKinds.Of(full);
            }
        }
        if (now != FileKind.Regular)
            throw new OutputFileException(path, $"{VisibleText.Escape(path)} changed into {now.Describe()} while it was being written; not replaced");
        File.Move(temp, full, overwrite: true);
    }

    private static void MoveNoReplace(string from, string to)
    {
        if (Posix.Available) Posix.RenameNoReplace(from, to);
        else File.Move(from, to, overwrite: false);
    }

    private static UnixFileMode? ExistingMode(string full)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            return FileKinds.Of(full) == FileKind.Regular ? File.GetUnixFileMode(full) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
