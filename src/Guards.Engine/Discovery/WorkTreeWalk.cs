using System.Text;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// One walk of a folder tree on disk, deciding what git would list: every folder is listed
/// beneath the walk's top without following any link, ignore files are applied as git applies
/// them (<see cref="IgnorePatterns"/>, one chain per folder, each file read only when it is a
/// regular file within <see cref="MaxIgnoreFileSize"/>), ignored folders are not entered, tracked
/// files are never ignored. Every entry it does not offer for reading is offered with its reason:
/// links (inside the scanned root or leaving it, or broken), FIFOs, devices, sockets, names that
/// are not UTF-8, paths of <see cref="RootDirectory.PathMax"/> bytes or more, submodules and nested
/// repositories. The walk lists each folder once and stats nothing the folder listing already
/// says, so its work is linear in the tree's size.
/// </summary>
internal sealed class WorkTreeWalk
{
    /// <summary>Ignore files larger than this are not applied (their entry is counted as over the size limit); git's own limit is 100 MiB.</summary>
    public const long MaxIgnoreFileSize = 4 * 1024 * 1024;

    private readonly RootDirectory _top;
    private readonly Func<string, PathProbe> _probeLink;
    private readonly IReadOnlyDictionary<string, bool>? _tracked;
    private readonly bool _git;
    private readonly Dictionary<string, SourceEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unapplied = new(StringComparer.Ordinal);

    /// <param name="top">The walk's top: the git work tree, or the scanned root outside git.</param>
    /// <param name="probeLink">Resolves a link found at a top-relative path inside the scanned root, to tell where it leads.</param>
    /// <param name="tracked">In a git work tree, the index's paths (top-relative), true for submodules.</param>
    public WorkTreeWalk(RootDirectory top, Func<string, PathProbe> probeLink, IReadOnlyDictionary<string, bool>? tracked)
    {
        _top = top;
        _probeLink = probeLink;
        _tracked = tracked;
        _git = tracked is not null;
    }

    /// <summary>Operations of the ignore automata (what a complexity test counts).</summary>
    public long IgnoreWork { get; private set; }

    /// <summary>An ignore file and the chain of those above it, deepest first.</summary>
    internal sealed record Chain(IgnorePatterns Patterns, Chain? Parent);

    /// <summary>
    /// Walks <paramref name="start"/> (a top-relative folder) with <paramref name="excludes"/>
    /// (info/exclude and core.excludesFile, lowest first) below the folders' own files. Returns
    /// top-relative entries, unsorted.
    /// </summary>
    public IReadOnlyCollection<SourceEntry> Walk(string start, IEnumerable<IgnorePatterns> excludes)
    {
        Chain? chain = null;
        foreach (var patterns in excludes) chain = new Chain(patterns, chain);

        // The folders from the top down to the start: their ignore files apply, and an ignored one hides the start.
        var components = start.Length == 0 ? [] : start.Split('/');
        var folder = "";
        var hidden = false;
        for (var i = 0; ; i++)
        {
            chain = LoadIgnoreFile(folder, chain, listing: null);
            if (i == components.Length) break;
            folder = folder.Length == 0 ? components[i] : folder + "/" + components[i];
            if (IsIgnored(chain, GitIgnore.Latin1(folder), isDirectory: true)) { hidden = true; break; }
        }
        if (!hidden) WalkFrom(start, chain);
        // An ignore file that could not be applied is a file the scan does not read either: its entry says why.
        foreach (var (path, reason) in _unapplied)
        {
            if (_entries.TryGetValue(path, out var entry) && entry.SkipReason is null) Add(path, reason);
        }
        return _entries.Values;
    }

    private void WalkFrom(string start, Chain? startChain)
    {
        var stack = new Stack<(string Path, string Bytes, int ByteLength, Chain? Chain)>();
        stack.Push((start, GitIgnore.Latin1(start), Encoding.UTF8.GetByteCount(start), startChain));
        var listing = new List<RawEntry>();
        while (stack.Count > 0)
        {
            var (folder, folderBytes, folderLength, parentChain) = stack.Pop();
            listing.Clear();
            if (!_top.List(folder, listing, out var reason))
            {
                if (folder.Length > 0) Add(folder, reason ?? SkipReasons.Unreadable);
                continue;
            }
            if (_git && folder.Length > 0 && listing.Exists(e => e.Name.AsSpan().SequenceEqual(".git"u8)))
            {
                Add(folder, SkipReasons.NestedRepository);
                continue;
            }
            var chain = LoadIgnoreFile(folder, parentChain, listing);
            foreach (var entry in listing)
            {
                if (entry.Name.AsSpan().SequenceEqual(".git"u8)) continue;
                var nameBytes = Encoding.Latin1.GetString(entry.Name);
                var pathBytes = folderBytes.Length == 0 ? nameBytes : folderBytes + "/" + nameBytes;
                var validName = System.Text.Unicode.Utf8.IsValid(entry.Name);
                // A name that is not UTF-8 is reported with its invalid bytes replaced.
                var name = Encoding.UTF8.GetString(entry.Name);
                var path = folder.Length == 0 ? name : folder + "/" + name;
                var isDirectory = entry.Type == FileType.Directory;
                var tracked = _tracked is not null && validName && _tracked.ContainsKey(path);
                if (!tracked && IsIgnored(chain, pathBytes, isDirectory)) continue;
                if (!validName) { Add(path, SkipReasons.NotUtf8); continue; }
                var length = folderLength + (folderLength == 0 ? 0 : 1) + entry.Name.Length;
                if (length >= RootDirectory.PathMax) { Add(path, SkipReasons.PathTooLong); continue; }
                switch (entry.Type)
                {
                    case FileType.Directory:
                        if (_tracked is not null && _tracked.TryGetValue(path, out var submodule) && submodule) Add(path, SkipReasons.Submodule);
                        else stack.Push((path, pathBytes, length, chain));
                        break;
                    case FileType.Regular:
                        _entries[path] = new SourceEntry(path, 0);
                        break;
                    case FileType.SymbolicLink:
                        Add(path, LinkReason(_probeLink(path)));
                        break;
                    default:
                        Add(path, RootDirectory.ReasonFor(entry.Type));
                        break;
                }
            }
        }
    }

    /// <summary>Where a link leads, as a skip reason: inside the root, out of it, or nowhere.</summary>
    public static string LinkReason(PathProbe probe) => probe.Status switch
    {
        PathStatus.Found => SkipReasons.Symlink,
        PathStatus.Missing => SkipReasons.BrokenLink,
        _ when SkipReasons.IsContainmentRefusal(probe.Reason) => SkipReasons.LinkLeavesTree,
        _ when probe.Reason == SkipReasons.BrokenLink => SkipReasons.BrokenLink,
        _ => probe.Reason ?? SkipReasons.Unreadable,
    };

    private void Add(string path, string reason) => _entries[path] = new SourceEntry(path, 0, reason);

    /// <summary>
    /// Adds the folder's <c>.gitignore</c> to the chain: read only when it is a regular file (git
    /// does not follow a link there either), within the size limit; otherwise its entry carries the reason.
    /// </summary>
    private Chain? LoadIgnoreFile(string folder, Chain? chain, List<RawEntry>? listing)
    {
        if (listing is not null && !listing.Exists(e => e.Type == FileType.Regular && e.Name.AsSpan().SequenceEqual(".gitignore"u8))) return chain;
        var path = folder.Length == 0 ? ".gitignore" : folder + "/.gitignore";
        var bytes = _top.ReadAll(path, MaxIgnoreFileSize, out var reason, followLinks: false);
        if (bytes is null)
        {
            if (reason != SkipReasons.Vanished) _unapplied[path] = reason ?? SkipReasons.Unreadable;
            return chain;
        }
        return new Chain(IgnorePatterns.Parse(GitIgnore.Latin1(folder), bytes), chain);
    }

    /// <summary>git's decision for one path given the chain of its folder: the deepest file with a matching pattern decides.</summary>
    private bool IsIgnored(Chain? chain, string pathBytes, bool isDirectory)
    {
        for (var c = chain; c is not null; c = c.Parent)
        {
            var before = c.Patterns.Work;
            var verdict = c.Patterns.Decide(pathBytes, isDirectory);
            IgnoreWork += c.Patterns.Work - before;
            if (verdict is { } ignored) return ignored;
        }
        return false;
    }
}
