namespace UltraCloud.Guards.Engine.IO;

/// <summary>What a path names, as <c>lstat</c> tells it.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    UnixSocket,
    Other,
}

public static class FileKinds
{
    /// <summary>
    /// The type of <paramref name="path"/>: the link itself unless <paramref name="followLinks"/>.
    /// Where the operating system's file type cannot be read (not Linux), a path that is neither a
    /// folder nor a link is taken for a regular file.
    /// </summary>
    public static FileKind Of(string path, bool followLinks = false)
    {
        if (Posix.Available && Posix.KindOf(path, followLinks) is { } kind) return kind;
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null) return FileKind.SymbolicLink;
        if (Directory.Exists(path)) return FileKind.Directory;
        return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "nothing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO",
        FileKind.UnixSocket => "a socket",
        _ => "a special file",
    };
}
