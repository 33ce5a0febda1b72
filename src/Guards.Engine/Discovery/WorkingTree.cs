using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// The files on disk under a root: inside a git repository, the files git tracks plus the untracked
/// files it would not ignore (read through libgit2); elsewhere a walk that honours .gitignore
/// files. Symbolic links and submodules are never followed; each is counted as a skip.
/// </summary>
public sealed class WorkingTree : ISourceTree
{
    private readonly string _root;
    private readonly string _scanPrefix;

    /// <param name="root">The scanned root: paths are reported relative to it.</param>
    /// <param name="scanPath">A folder or file at or under <paramref name="root"/> that limits the scan.</param>
    public WorkingTree(string root, string? scanPath = null)
    {
        _root = Path.GetFullPath(root);
        var prefix = scanPath is null ? "" : PathUtil.ToRelative(_root, Path.GetFullPath(scanPath));
        _scanPrefix = prefix == "." ? "" : prefix;
    }

    public string Description => _root;
    public string? DiskRoot => _root;

    /// <summary>
    /// Files larger than this are not read (<see cref="SkipReasons.TooLarge"/>). Tracked files that
    /// git reports unchanged are enumerated with size 0, so this is where their size is checked.
    /// </summary>
    public long MaxFileSize { get; set; } = long.MaxValue;

    /// <summary>Set after enumeration: the git work tree the files came from, or null for a plain walk.</summary>
    public string? GitWorkdir { get; private set; }

    public IEnumerable<SourceEntry> Enumerate()
    {
        string? gitDir = null;
        try
        {
            gitDir = GitDiscovery.Find(_root);
            if (gitDir is not null)
            {
                using var repo = new Repository(gitDir);
                if (!repo.Info.IsBare && repo.Info.WorkingDirectory is { } workdir)
                {
                    GitWorkdir = Path.GetFullPath(workdir);
                    return EnumerateGit(repo, GitWorkdir);
                }
            }
        }
        catch (LibGit2SharpException ex)
        {
            throw new Policy.PolicyException(gitDir ?? _root, 0, 0, $"cannot read the git repository: {ex.Message}");
        }
        return EnumerateWalk();
    }

    private bool InScanPrefix(string relative) =>
        _scanPrefix.Length == 0 || relative == _scanPrefix || relative.StartsWith(_scanPrefix + "/", StringComparison.Ordinal);

    private List<SourceEntry> EnumerateGit(Repository repo, string workdir)
    {
        var rootInRepo = PathUtil.ToRelative(workdir, _root);
        if (rootInRepo == ".") rootInRepo = "";
        string? ToRootRelative(string repoPath)
        {
            if (rootInRepo.Length == 0) return repoPath;
            return repoPath.StartsWith(rootInRepo + "/", StringComparison.Ordinal) ? repoPath[(rootInRepo.Length + 1)..] : null;
        }

        // Git's status walks the work tree once: it gives the untracked files, and the tracked
        // files whose content or type on disk differs from the index. Every other tracked file is on
        // disk as the index records it (a regular file, a link or a submodule), so it needs no stat
        // of its own; its size is checked when it is read. (Files a sparse checkout leaves off the
        // disk are reported as deleted, and dropped like any deleted file.)
        var scope = string.Join('/', new[] { rootInRepo, _scanPrefix }.Where(p => p.Length > 0)) is { Length: > 0 } spec ? spec : "*";
        var options = new StatusOptions
        {
            IncludeUntracked = true,
            RecurseUntrackedDirs = true,
            IncludeIgnored = false,
            IncludeUnaltered = false,
            ExcludeSubmodules = true,
            DetectRenamesInIndex = false,
            DetectRenamesInWorkDir = false,
            DisablePathSpecMatch = false,
            PathSpec = [scope],
        };
        const FileStatus changedOnDisk = FileStatus.NewInWorkdir | FileStatus.ModifiedInWorkdir | FileStatus.DeletedFromWorkdir
            | FileStatus.TypeChangeInWorkdir | FileStatus.RenamedInWorkdir | FileStatus.Unreadable | FileStatus.Conflicted;
        var onDisk = repo.RetrieveStatus(options).Where(s => (s.State & changedOnDisk) != 0).Select(s => s.FilePath).ToHashSet(StringComparer.Ordinal);

        var tracked = new List<(string Relative, Mode Mode, bool Changed)>();
        foreach (var indexEntry in repo.Index)
        {
            var relative = ToRootRelative(indexEntry.Path);
            if (relative is not null && InScanPrefix(relative)) tracked.Add((relative, indexEntry.Mode, onDisk.Remove(indexEntry.Path)));
        }
        var trackedEntries = new SourceEntry?[tracked.Count];
        Parallel.For(0, tracked.Count, i =>
        {
            var (relative, mode, changed) = tracked[i];
            trackedEntries[i] = mode switch
            {
                Mode.GitLink => new SourceEntry(relative, 0, SkipReasons.Submodule),
                _ when changed => DiskEntry(relative),
                Mode.SymbolicLink => new SourceEntry(relative, 0, SkipReasons.Symlink),
                _ => new SourceEntry(relative, 0),
            };
        });
        var entries = new Dictionary<string, SourceEntry>(StringComparer.Ordinal);
        foreach (var entry in trackedEntries)
        {
            if (entry is not null) entries[entry.Path] = entry;
        }

        // What is left of the status is untracked.
        foreach (var path in onDisk)
        {
            var relative = ToRootRelative(path);
            if (relative is null || !InScanPrefix(relative) || entries.ContainsKey(relative)) continue;
            var entry = DiskEntry(relative);
            if (entry is not null) entries[relative] = entry;
        }
        return entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Stats a file under the root; null when a tracked file no longer exists on disk.</summary>
    private SourceEntry? DiskEntry(string relative)
    {
        var full = Path.Combine(_root, relative);
        try
        {
            var info = new FileInfo(full);
            return KindOf(info) switch
            {
                PathKind.SymbolicLink => new SourceEntry(relative, 0, SkipReasons.Symlink),
                PathKind.File => new SourceEntry(relative, info.Length),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SourceEntry(relative, 0, SkipReasons.Unreadable);
        }
    }

    private enum PathKind { Missing, SymbolicLink, Directory, File }

    /// <summary>
    /// What a path is, from one lstat (which also gives the FileInfo its size): a missing path
    /// reads as all attributes (-1), a symbolic link as a reparse point, never followed.
    /// </summary>
    private static PathKind KindOf(FileInfo info)
    {
        var attributes = info.Attributes;
        if ((int)attributes == -1) return PathKind.Missing;
        if (attributes.HasFlag(FileAttributes.ReparsePoint)) return PathKind.SymbolicLink;
        return attributes.HasFlag(FileAttributes.Directory) ? PathKind.Directory : PathKind.File;
    }

    private List<SourceEntry> EnumerateWalk()
    {
        var results = new List<SourceEntry>();
        var ignore = new GitIgnore();
        var start = _scanPrefix.Length == 0 ? _root : Path.Combine(_root, _scanPrefix);
        if (File.Exists(start))
        {
            var single = DiskEntry(_scanPrefix);
            if (single is not null) results.Add(single);
            return results;
        }

        // Root .gitignore files between the root and the scan start apply too.
        var stack = new Stack<string>();
        stack.Push(_scanPrefix);
        LoadIgnore(ignore, "");
        foreach (var dir in Ancestors(_scanPrefix)) LoadIgnore(ignore, dir);
        while (stack.Count > 0)
        {
            var relDir = stack.Pop();
            var fullDir = relDir.Length == 0 ? _root : Path.Combine(_root, relDir);
            if (relDir.Length > 0) LoadIgnore(ignore, relDir);
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = new DirectoryInfo(fullDir).EnumerateFileSystemInfos().OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                results.Add(new SourceEntry(relDir, 0, SkipReasons.Unreadable));
                continue;
            }
            var subdirs = new List<string>();
            foreach (var child in children)
            {
                var rel = PathUtil.Join(relDir, child.Name);
                if (child.Name == ".git") continue;
                var isDir = child is DirectoryInfo;
                if (ignore.IsIgnored(rel, isDir)) continue;
                // The enumeration already holds each entry's lstat: no readlink per file.
                if (child.Attributes.HasFlag(FileAttributes.ReparsePoint)) { results.Add(new SourceEntry(rel, 0, SkipReasons.Symlink)); continue; }
                if (isDir) subdirs.Add(rel);
                else results.Add(new SourceEntry(rel, ((FileInfo)child).Length));
            }
            for (var i = subdirs.Count - 1; i >= 0; i--) stack.Push(subdirs[i]);
        }
        return results.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> Ancestors(string relative)
    {
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < parts.Length; i++) yield return string.Join('/', parts[..i]);
    }

    private void LoadIgnore(GitIgnore ignore, string relDir)
    {
        var file = Path.Combine(relDir.Length == 0 ? _root : Path.Combine(_root, relDir), ".gitignore");
        try
        {
            if (File.Exists(file)) ignore.AddFile(relDir, File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable .gitignore ignores nothing; the files it would hide are still scanned.
        }
    }

    /// <summary>
    /// Reads a regular file. A size of zero on disk reads as empty without opening the file, so a
    /// FIFO, socket or device node (which report no size) can never block or stream forever, and
    /// at most the size seen on disk is read, so a file that grows during the scan cannot either.
    /// A file that vanished or became a folder since enumeration is an error, never an exception.
    /// </summary>
    public byte[]? Read(string relativePath, out string? error)
    {
        var length = ReadFile(relativePath, null, out var buffer, out error);
        if (length < 0) return null;
        return length == buffer!.Length ? buffer : buffer[..length];
    }

    public ReadOnlyMemory<byte>? ReadTransient(string relativePath, ref byte[] scratch, out string? error)
    {
        var length = ReadFile(relativePath, scratch, out var buffer, out error);
        if (length < 0) return null;
        if (buffer!.Length > scratch.Length) scratch = buffer;
        return buffer.AsMemory(0, length);
    }

    /// <summary>
    /// Reads a regular file into <paramref name="scratch"/> when it fits, else into a new array
    /// (of the file's size without scratch, twice the scratch's size at least with one); the
    /// number of bytes read, or -1 with a reason.
    /// </summary>
    private int ReadFile(string relativePath, byte[]? scratch, out byte[]? buffer, out string? error)
    {
        buffer = null;
        error = null;
        var full = Path.Combine(_root, relativePath);
        try
        {
            var info = new FileInfo(full);
            error = KindOf(info) switch
            {
                PathKind.Missing => SkipReasons.Vanished,
                PathKind.SymbolicLink => SkipReasons.Symlink,
                PathKind.Directory => SkipReasons.Unreadable + ": no longer a file",
                _ => null,
            };
            if (error is not null) return -1;
            if (info.Length > MaxFileSize)
            {
                error = SkipReasons.TooLarge;
                return -1;
            }
            var limit = (int)Math.Min(info.Length, Array.MaxLength);
            if (limit == 0)
            {
                buffer = [];
                return 0;
            }
            using var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // Every byte up to `read` is written before it is looked at, so the array need not be zeroed first.
            buffer = scratch is null ? GC.AllocateUninitializedArray<byte>(limit)
                : limit <= scratch.Length ? scratch
                : GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max(limit, 2L * scratch.Length), Array.MaxLength));
            var read = 0;
            while (read < limit)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read, limit - read), read);
                if (n == 0) break;
                read += n;
            }
            return read;
        }
        catch (FileNotFoundException) { error = SkipReasons.Vanished; }
        catch (DirectoryNotFoundException) { error = SkipReasons.Vanished; }
        catch (UnauthorizedAccessException ex) { error = SkipReasons.Unreadable + ": " + ex.Message; }
        catch (IOException ex) { error = SkipReasons.Unreadable + ": " + ex.Message; }
        buffer = null;
        return -1;
    }

    public bool FileExists(string relativePath)
    {
        var full = Path.Combine(_root, relativePath);
        return KindOf(new FileInfo(full)) == PathKind.File;
    }

    public bool DirectoryExists(string relativePath) => Directory.Exists(Path.Combine(_root, relativePath));
}
