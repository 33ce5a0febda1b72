using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// The files on disk under a root: inside a git repository, the files git tracks plus the untracked
/// files it would not ignore; elsewhere every file that the folders' <c>.gitignore</c> files do not
/// ignore. The listing is the tool's own walk (<see cref="WorkTreeWalk"/>): ignore patterns are
/// matched by an automaton in linear time, so no pattern can stall it the way a backtracking
/// matcher can be made to (libgit2's status is not used). Every read is resolved beneath the root
/// (<see cref="RootDirectory"/>): links that stay inside the root are read as their targets, links
/// and paths that leave it are refused with their reason, and only regular files are opened.
/// </summary>
public sealed class WorkingTree : ISourceTree
{
    /// <summary>The size limit of a read when no policy set one.</summary>
    public const long DefaultMaxFileSize = 64 * 1024 * 1024;

    private readonly string _root;
    private readonly string _scanPrefix;
    private readonly Lazy<RootDirectory> _disk;

    /// <param name="root">The scanned root: paths are reported relative to it.</param>
    /// <param name="scanPath">A folder or file at or under <paramref name="root"/> that limits the scan.</param>
    public WorkingTree(string root, string? scanPath = null)
    {
        _root = Path.GetFullPath(root);
        var prefix = scanPath is null ? "" : PathUtil.ToRelative(_root, Path.GetFullPath(scanPath));
        _scanPrefix = prefix == "." || prefix.StartsWith("..", StringComparison.Ordinal) ? "" : prefix;
        _disk = new Lazy<RootDirectory>(() => RootDirectory.Open(_root, Resolver), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Description => _root;
    public string? DiskRoot => _root;

    /// <summary>
    /// Files larger than this are not read (<see cref="SkipReasons.TooLarge"/>). The listing does not
    /// stat files, so this is where every file's size is checked.
    /// </summary>
    public long MaxFileSize { get; set; } = DefaultMaxFileSize;

    /// <summary>Set after enumeration: the git work tree the files came from, or null for a plain walk.</summary>
    public string? GitWorkdir { get; private set; }

    /// <summary>The file of <c>core.excludesFile</c> when the repository's configuration names none; null: git's default under the home folder.</summary>
    public string? DefaultExcludesFile { get; init; }

    /// <summary>Operations the ignore matching took in the last enumeration (what a complexity test counts).</summary>
    public long IgnoreWork { get; private set; }

    /// <summary>False: the tree is walked as a plain folder even inside a git repository, and git is never opened.</summary>
    public bool ReadsGit { get; init; } = true;

    internal RootDirectory.ResolverKind Resolver { get; init; } = RootDirectory.ResolverKind.Best;

    internal RootDirectory Disk => _disk.Value;

    public IEnumerable<SourceEntry> Enumerate()
    {
        string? gitDir = null;
        try
        {
            gitDir = ReadsGit ? GitDiscovery.Find(_root) : null;
            if (gitDir is not null)
            {
                using var repo = new Repository(gitDir);
                if (!repo.Info.IsBare && repo.Info.WorkingDirectory is { } workdir)
                {
                    // A repository whose HEAD cannot be read is broken: say so rather than walk it.
                    _ = repo.Head.CanonicalName;
                    GitWorkdir = Path.GetFullPath(workdir).TrimEnd('/');
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

    private List<SourceEntry> EnumerateWalk()
    {
        if (_scanPrefix.Length > 0 && Disk.Probe(_scanPrefix, followLinks: false) is { Status: PathStatus.Found, Type: not FileType.Directory } single)
            return [EntryFor(_scanPrefix, single)];
        var walk = new WorkTreeWalk(Disk, path => Disk.Probe(path), tracked: null);
        var entries = walk.Walk(_scanPrefix, []);
        IgnoreWork = walk.IgnoreWork;
        return entries.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    private List<SourceEntry> EnumerateGit(Repository repo, string workdir)
    {
        var rootInRepo = PathUtil.ToRelative(workdir, _root);
        if (rootInRepo == ".") rootInRepo = "";
        string ToRepo(string rootPath) => rootInRepo.Length == 0 ? rootPath : rootPath.Length == 0 ? rootInRepo : rootInRepo + "/" + rootPath;
        string? ToRoot(string repoPath)
        {
            if (rootInRepo.Length == 0) return repoPath;
            return repoPath.StartsWith(rootInRepo + "/", StringComparison.Ordinal) ? repoPath[(rootInRepo.Length + 1)..] : null;
        }

        // The index's entries under the scanned folder: they are listed whatever the ignore files say.
        var tracked = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var indexEntry in repo.Index)
        {
            if (ToRoot(indexEntry.Path) is { } relative && InScanPrefix(relative)) tracked[indexEntry.Path] = indexEntry.Mode == Mode.GitLink;
        }

        if (_scanPrefix.Length > 0 && Disk.Probe(_scanPrefix, followLinks: false) is { Status: PathStatus.Found, Type: not FileType.Directory } single)
            return [EntryFor(_scanPrefix, single)];

        using var top = rootInRepo.Length == 0 ? null : RootDirectory.Open(workdir, Resolver);
        var walk = new WorkTreeWalk(top ?? Disk, path => ToRoot(path) is { } rootPath ? Disk.Probe(rootPath) : PathProbe.Refused(SkipReasons.LinkLeavesTree), tracked);
        var found = walk.Walk(ToRepo(_scanPrefix), Excludes(repo)).ToDictionary(e => e.Path, StringComparer.Ordinal);
        IgnoreWork = walk.IgnoreWork;

        // Tracked files the walk did not meet: inside an ignored folder (git lists them all the
        // same), or gone from the disk (deleted, or left out by a sparse checkout: not listed).
        foreach (var (path, submodule) in tracked)
        {
            if (found.ContainsKey(path) || ToRoot(path) is not { } relative) continue;
            if (submodule) { found[path] = new SourceEntry(path, 0, SkipReasons.Submodule); continue; }
            if (IsUnder(found, path)) continue;
            var probe = Disk.Probe(relative, followLinks: false);
            if (probe.Status == PathStatus.Found && probe.Type != FileType.Directory) found[path] = EntryFor(path, probe, relative);
        }

        return found.Values
            .Select(e => ToRoot(e.Path) is { } relative ? e with { Path = relative } : null)
            .OfType<SourceEntry>()
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether a folder holding <paramref name="path"/> was itself counted (a nested repository, an unreadable folder).</summary>
    private static bool IsUnder(Dictionary<string, SourceEntry> found, string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (found.TryGetValue(path[..slash], out var folder) && folder.SkipReason is not null) return true;
        }
        return false;
    }

    /// <summary>
    /// <c>core.excludesFile</c> (or git's default, <c>$XDG_CONFIG_HOME/git/ignore</c>) then
    /// <c>info/exclude</c>: the user's own files, read wherever they are, regular files only.
    /// </summary>
    private IEnumerable<IgnorePatterns> Excludes(Repository repo)
    {
        var configured = repo.Config.Get<string>("core.excludesFile")?.Value;
        var excludesFile = configured is { Length: > 0 } ? ExpandHome(configured) : DefaultExcludesFile ?? GitDefaultExcludesFile();
        if (excludesFile is not null && RootDirectory.ReadUserFile(excludesFile, WorkTreeWalk.MaxIgnoreFileSize, out _) is { } global)
            yield return IgnorePatterns.Parse("", global);
        var commonDir = repo.Info.Path;
        var commonDirFile = Path.Combine(repo.Info.Path, "commondir");
        if (RootDirectory.ReadUserFile(commonDirFile, 4096, out _) is { } commonDirText)
            commonDir = Path.GetFullPath(System.Text.Encoding.UTF8.GetString(commonDirText).Trim(), repo.Info.Path);
        if (RootDirectory.ReadUserFile(Path.Combine(commonDir, "info", "exclude"), WorkTreeWalk.MaxIgnoreFileSize, out _) is { } exclude)
            yield return IgnorePatterns.Parse("", exclude);
    }

    private static string? GitDefaultExcludesFile()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (xdg is { Length: > 0 }) return Path.Combine(xdg, "git", "ignore");
        var home = Environment.GetEnvironmentVariable("HOME");
        return home is { Length: > 0 } ? Path.Combine(home, ".config", "git", "ignore") : null;
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal) && Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
            ? Path.Combine(home, path[2..])
            : path;

    private bool InScanPrefix(string relative) =>
        _scanPrefix.Length == 0 || relative == _scanPrefix || relative.StartsWith(_scanPrefix + "/", StringComparison.Ordinal);

    /// <summary>The entry of one file found by a probe that does not follow links.</summary>
    private SourceEntry EntryFor(string path, PathProbe probe, string? rootPath = null) => probe.Type switch
    {
        FileType.Regular => new SourceEntry(path, 0),
        FileType.SymbolicLink => new SourceEntry(path, 0, WorkTreeWalk.LinkReason(Disk.Probe(rootPath ?? path))),
        _ => new SourceEntry(path, 0, RootDirectory.ReasonFor(probe.Type)),
    };

    /// <summary>
    /// Reads a regular file beneath the root, following links only while they stay inside it; at
    /// most the size it has when opened, so a file that grows during the scan cannot stream forever.
    /// A path that leaves the tree, a FIFO, device or socket, a file that vanished or became a
    /// folder since enumeration: null with the reason, never an exception.
    /// </summary>
    public byte[]? Read(string relativePath, out string? error)
    {
        var bytes = Disk.ReadAll(relativePath, MaxFileSize, out error);
        if (bytes is null) error = Refine(relativePath, error);
        return bytes;
    }

    public ReadOnlyMemory<byte>? ReadTransient(string relativePath, ref byte[] scratch, out string? error)
    {
        var length = Disk.Read(relativePath, followLinks: true, MaxFileSize, scratch, out var buffer, out error);
        if (length < 0) { error = Refine(relativePath, error); return null; }
        if (buffer!.Length > scratch.Length) scratch = buffer;
        return buffer.AsMemory(0, length);
    }

    /// <summary>What the path names through links inside the root; a link whose target is missing is a broken link, not a missing file.</summary>
    public PathProbe Probe(string relativePath)
    {
        var probe = Disk.Probe(relativePath);
        return probe.Status == PathStatus.Missing && IsLink(relativePath) ? PathProbe.Refused(SkipReasons.BrokenLink) : probe;
    }

    /// <summary>A missing file reached through a link is a broken link, not a file deleted during the scan.</summary>
    private string? Refine(string relativePath, string? error) =>
        error == SkipReasons.Vanished && IsLink(relativePath) ? SkipReasons.BrokenLink : error;

    private bool IsLink(string relativePath) => Disk.Probe(relativePath, followLinks: false).Type == FileType.SymbolicLink;

    public bool FileExists(string relativePath) => Disk.Probe(relativePath).IsFile;

    public bool DirectoryExists(string relativePath) => Disk.Probe(relativePath).IsDirectory;
}
