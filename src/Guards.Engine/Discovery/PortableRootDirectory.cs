using System.Text;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// <see cref="RootDirectory"/> where the Linux calls are not available: the same component-wise
/// resolution over .NET's file-system API (each component's own metadata, links read and resolved
/// by hand, no target outside the root). .NET does not tell FIFOs, devices and sockets from regular
/// files here, so a non-folder that reports no size is read as empty without being opened.
/// </summary>
internal sealed class PortableRootDirectory(string fullPath) : RootDirectory(fullPath)
{
    internal override ResolverKind Kind => ResolverKind.Portable;

    public override PathProbe Probe(string relativePath, bool followLinks = true)
    {
        var probe = Resolve(relativePath, followLinks, out _);
        return probe;
    }

    public override int Read(string relativePath, bool followLinks, long maxBytes, byte[]? scratch, out byte[]? buffer, out string? reason)
    {
        buffer = null;
        var probe = Resolve(relativePath, followLinks, out var info);
        if (probe.Status != PathStatus.Found || probe.Type != FileType.Regular)
        {
            reason = probe.Status switch
            {
                PathStatus.Missing => SkipReasons.Vanished,
                PathStatus.Refused => probe.Reason,
                _ => ReasonFor(probe.Type),
            };
            return -1;
        }
        reason = null;
        try
        {
            var size = ((FileInfo)info!).Length;
            if (size > maxBytes) { reason = SkipReasons.TooLarge; return -1; }
            var limit = (int)Math.Min(size, Array.MaxLength);
            buffer = scratch is null ? new byte[limit]
                : limit <= scratch.Length ? scratch
                : new byte[(int)Math.Min(Math.Max(limit, 2L * scratch.Length), Array.MaxLength)];
            if (limit == 0) return 0;
            using var handle = File.OpenHandle(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var read = 0;
            while (read < limit)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read, limit - read), read);
                if (n == 0) break;
                read += n;
            }
            return read;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            reason = SkipReasons.Vanished;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = SkipReasons.Unreadable + ": " + ex.Message;
        }
        buffer = null;
        return -1;
    }

    internal override bool List(string relativeDirectory, List<RawEntry> into, out string? reason)
    {
        var probe = Resolve(relativeDirectory, followLinks: false, out var info);
        if (!probe.IsDirectory)
        {
            reason = probe.Status == PathStatus.Missing ? SkipReasons.Vanished : probe.Reason ?? ReasonFor(probe.Type);
            return false;
        }
        try
        {
            foreach (var child in ((DirectoryInfo)info!).EnumerateFileSystemInfos())
                into.Add(new RawEntry(Encoding.UTF8.GetBytes(child.Name), TypeOf(child)));
            reason = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = SkipReasons.Unreadable + ": " + ex.Message;
            return false;
        }
    }

    private static FileType TypeOf(FileSystemInfo info)
    {
        var attributes = info.Attributes;
        if ((int)attributes == -1) return FileType.Unknown;
        if (attributes.HasFlag(FileAttributes.ReparsePoint)) return FileType.SymbolicLink;
        return attributes.HasFlag(FileAttributes.Directory) ? FileType.Directory : FileType.Regular;
    }

    private PathProbe Resolve(string relativePath, bool followLinks, out FileSystemInfo? info)
    {
        info = null;
        var components = Components(relativePath);
        if (components is null) return PathProbe.Refused(SkipReasons.OutsideRoot);
        var pending = new Stack<string>();
        for (var i = components.Count - 1; i >= 0; i--) pending.Push(components[i]);
        var folders = new List<string> { FullPath };
        var hops = 0;
        try
        {
            while (pending.Count > 0)
            {
                var name = pending.Pop();
                if (name is "." or "") continue;
                if (name == "..")
                {
                    if (folders.Count == 1) return PathProbe.Refused(SkipReasons.LinkLeavesTree);
                    folders.RemoveAt(folders.Count - 1);
                    continue;
                }
                var last = pending.Count == 0;
                var full = Path.Combine(folders[^1], name);
                FileSystemInfo current = new FileInfo(full);
                var type = TypeOf(current);
                if (type == FileType.Unknown) return PathProbe.Missing;
                if (type == FileType.SymbolicLink && (!last || followLinks))
                {
                    if (!followLinks) return PathProbe.Refused(SkipReasons.Symlink);
                    var target = current.LinkTarget;
                    if (++hops > MaxLinkHops || target is null) return PathProbe.Refused(SkipReasons.BrokenLink);
                    if (Path.IsPathRooted(target)) return PathProbe.Refused(SkipReasons.LinkLeavesTree);
                    var parts = target.Replace('\\', '/').Split('/');
                    for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
                    continue;
                }
                if (!last)
                {
                    if (type != FileType.Directory) return PathProbe.Missing;
                    folders.Add(full);
                    continue;
                }
                info = type == FileType.Directory ? new DirectoryInfo(full) : current;
                return PathProbe.Found(type);
            }
            info = new DirectoryInfo(folders[^1]);
            return PathProbe.Found(FileType.Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return PathProbe.Refused(SkipReasons.Unreadable + ": " + ex.Message);
        }
    }

    public override void Dispose() { }
}
