using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// A source tree read from git objects (the index's staged blobs or a commit's tree), never from
/// the work tree: nothing is checked out. Symbolic links, submodules (gitlinks) and unmerged
/// entries are offered as skips with their reason, like <see cref="WorkingTree"/> does; binaries
/// and files over the size limit are skipped when read. Reads are serialised on the repository
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
        if (!Files.TryGetValue(relativePath, out var file))
        {
            error = $"not in {Description}";
            return null;
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

    public bool FileExists(string relativePath) =>
        Files.TryGetValue(relativePath, out var file) && file.Mode != Mode.SymbolicLink && file.Mode != Mode.GitLink;

    public bool DirectoryExists(string relativePath)
    {
        var normalized = relativePath.Trim('/');
        if (normalized.Length == 0 || normalized == ".") return true;
        if (_directories is null)
        {
            var directories = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, file) in Files)
            {
                if (file.Mode == Mode.GitLink) directories.Add(path);
                for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                {
                    if (!directories.Add(path[..slash])) break;
                }
            }
            _directories = directories;
        }
        return _directories.Contains(normalized);
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
