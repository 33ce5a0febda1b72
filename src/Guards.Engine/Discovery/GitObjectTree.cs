using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// A source tree read from git objects (the index's staged blobs or a commit's tree), never from
/// the work tree: nothing is checked out. Symbolic links, submodules (gitlinks) and unmerged
/// entries are offered as skips with their reason, like <see cref="WorkingTree"/> does; binaries
/// and files over the size limit are skipped when read. A path is resolved as the working tree
/// resolves it once checked out: a link whose target stays inside the root is read as its target,
/// one that leaves it (an absolute target, or ".." above the root) is refused. Reads are serialised on the repository
/// (libgit2 objects are not shared across threads); parsing happens outside the lock.
/// </summary>
public abstract class GitObjectTree : ISourceTree, IDisposable
{
    private readonly bool _ownsRepository;
    private readonly Lock _gate = new();
    private Dictionary<string, GitFile>? _files;
    private HashSet<string>? _directories;

    protected GitObjectTree(Repository repository, GitLocation location, bool ownsRepository)
    {
        Repository = repository;
        Location = location;
        _ownsRepository = ownsRepository;
    }

    protected Repository Repository { get; }
    public GitLocation Location { get; }

    /// <summary>Blobs larger than this are not read (reported as over the size limit).</summary>
    public long MaxFileSize { get; init; } = long.MaxValue;

    public abstract string Description { get; }

    /// <summary>Always null: the files are not read from disk.</summary>
    public string? DiskRoot => null;

    /// <summary>One file of the tree: its blob, mode and, for entries never read, why.</summary>
    protected internal readonly record struct GitFile(ObjectId Id, Mode Mode, string? SkipReason);

    /// <summary>The tree's entries as repository paths (the whole repository; the base class maps and limits them).</summary>
    protected abstract IEnumerable<(string RepoPath, GitFile File)> LoadEntries();

    /// <summary>
    /// Whether <see cref="Enumerate"/> looks up every blob's size (one object-header read per file).
    /// Off for a tree only repository rules read, such as the HEAD side of a pre-commit run: the size
    /// limit is checked anyway when a file is read.
    /// </summary>
    public bool SizesUpFront { get; init; } = true;

    /// <summary>The size offered for a file in <see cref="Enumerate"/> (0 when unknown; the limit is still checked on read).</summary>
    protected virtual long SizeOf(string rootPath, ObjectId id) =>
        SizesUpFront ? Repository.ObjectDatabase.RetrieveObjectMetadata(id).Size : 0;

    /// <summary>Root-relative path → file, for every entry under the root.</summary>
    protected IReadOnlyDictionary<string, GitFile> Files
    {
        get
        {
            if (_files is not null) return _files;
            lock (_gate)
            {
                if (_files is not null) return _files;
                var files = new Dictionary<string, GitFile>(StringComparer.Ordinal);
                foreach (var (repoPath, file) in LoadEntries())
                {
                    var relative = Location.ToRoot(repoPath);
                    if (relative is null) continue;
                    // A conflicted path appears once per stage: keep the first reason.
                    files.TryAdd(relative, file);
                }
                _files = files;
                return files;
            }
        }
    }

    public IEnumerable<SourceEntry> Enumerate()
    {
        var entries = new List<SourceEntry>();
        foreach (var (path, file) in Files)
        {
            if (!Location.InScan(path)) continue;
            if (file.Mode == Mode.SymbolicLink && file.SkipReason == SkipReasons.Symlink)
            {
                entries.Add(new SourceEntry(path, 0, WorkTreeWalk.LinkReason(Probe(path))));
                continue;
            }
            if (file.SkipReason is not null) { entries.Add(new SourceEntry(path, 0, file.SkipReason)); continue; }
            long size;
            lock (_gate) size = SizeOf(path, file.Id);
            entries.Add(new SourceEntry(path, size));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public byte[]? Read(string relativePath, out string? error)
    {
        error = null;
        if (!Files.TryGetValue(relativePath, out var file) || file.Mode == Mode.SymbolicLink)
        {
            var (resolved, kind, refusal) = Resolve(relativePath);
            if (refusal is not null) { error = refusal; return null; }
            if (resolved is not { } target || kind != FileType.Regular)
            {
                error = kind == FileType.Directory ? SkipReasons.Unreadable + ": a folder, not a file" : $"not in {Description}";
                return null;
            }
            file = target;
        }
        if (file.SkipReason is not null) { error = file.SkipReason; return null; }
        lock (_gate)
        {
            try
            {
                var blob = Repository.Lookup<Blob>(file.Id);
                if (blob is null) { error = $"{SkipReasons.Unreadable}: blob {file.Id.ToString(7)} is missing"; return null; }
                if (blob.Size > MaxFileSize) { error = SkipReasons.TooLarge; return null; }
                var bytes = new byte[blob.Size];
                using var stream = blob.GetContentStream();
                stream.ReadExactly(bytes);
                return bytes;
            }
            catch (LibGit2SharpException ex)
            {
                error = $"{SkipReasons.Unreadable}: {ex.Message}";
                return null;
            }
        }
    }

    public bool FileExists(string relativePath)
    {
        if (Files.TryGetValue(relativePath, out var file) && file.Mode != Mode.SymbolicLink) return file.Mode != Mode.GitLink;
        return Resolve(relativePath).Kind == FileType.Regular;
    }

    public bool DirectoryExists(string relativePath)
    {
        var normalized = relativePath.Trim('/');
        if (normalized.Length == 0 || normalized == ".") return true;
        if (Directories.Contains(normalized)) return true;
        return Resolve(relativePath).Kind == FileType.Directory;
    }

    public PathProbe Probe(string relativePath)
    {
        var (_, kind, refusal) = Resolve(relativePath);
        if (refusal is not null) return PathProbe.Refused(refusal);
        return kind == FileType.Unknown ? PathProbe.Missing : PathProbe.Found(kind);
    }

    /// <summary>
    /// Resolves a root-relative path through the tree's links as a checkout would: the file it
    /// names and its kind (<see cref="FileType.Regular"/>, <see cref="FileType.Directory"/>, or
    /// <see cref="FileType.Unknown"/> when nothing is there), or the reason it is refused.
    /// </summary>
    private (GitFile? File, FileType Kind, string? Refusal) Resolve(string relativePath)
    {
        if (RootDirectory.Components(relativePath) is not { } components) return (null, FileType.Unknown, SkipReasons.OutsideRoot);
        var pending = new Stack<string>();
        for (var i = components.Count - 1; i >= 0; i--) pending.Push(components[i]);
        var folder = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (name is "" or ".") continue;
            if (name == "..")
            {
                if (folder.Count == 0) return (null, FileType.Unknown, SkipReasons.LinkLeavesTree);
                folder.RemoveAt(folder.Count - 1);
                continue;
            }
            var path = folder.Count == 0 ? name : string.Join('/', folder) + "/" + name;
            if (Files.TryGetValue(path, out var file))
            {
                if (file.Mode == Mode.SymbolicLink)
                {
                    if (++hops > RootDirectory.MaxLinkHops || LinkTarget(file) is not { } target) return (null, FileType.Unknown, SkipReasons.BrokenLink);
                    if (target.StartsWith('/')) return (null, FileType.Unknown, SkipReasons.LinkLeavesTree);
                    var parts = target.Split('/');
                    for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
                    continue;
                }
                if (pending.Count > 0 || file.Mode == Mode.GitLink) return (null, FileType.Unknown, hops > 0 ? SkipReasons.BrokenLink : null);
                return (file, FileType.Regular, null);
            }
            if (!Directories.Contains(path)) return (null, FileType.Unknown, hops > 0 ? SkipReasons.BrokenLink : null);
            folder.Add(name);
        }
        return (null, FileType.Directory, null);
    }

    /// <summary>A link's target: the blob's content.</summary>
    private string? LinkTarget(GitFile link)
    {
        lock (_gate)
        {
            try
            {
                var blob = Repository.Lookup<Blob>(link.Id);
                if (blob is null || blob.Size > RootDirectory.PathMax) return null;
                using var reader = new StreamReader(blob.GetContentStream(), System.Text.Encoding.UTF8);
                return reader.ReadToEnd();
            }
            catch (LibGit2SharpException)
            {
                return null;
            }
        }
    }

    /// <summary>Every folder of the tree (root-relative), submodules included.</summary>
    private HashSet<string> Directories
    {
        get
        {
            if (_directories is not null) return _directories;
            var directories = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, file) in Files)
            {
                if (file.Mode == Mode.GitLink) directories.Add(path);
                for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                {
                    if (!directories.Add(path[..slash])) break;
                }
            }
            return _directories = directories;
        }
    }

    /// <summary>The skip reason of a git mode, or null for a regular or executable file.</summary>
    protected static string? SkipFor(Mode mode) => mode switch
    {
        Mode.GitLink => SkipReasons.Submodule,
        Mode.SymbolicLink => SkipReasons.Symlink,
        Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile => null,
        _ => SkipReasons.Unreadable,
    };

    public void Dispose()
    {
        if (_ownsRepository) Repository.Dispose();
        GC.SuppressFinalize(this);
    }
}
