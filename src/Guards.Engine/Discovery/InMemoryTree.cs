using System.Text;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// A tree held in memory: rule examples, tests and editors that scan unsaved text. Paths are
/// normalised to '/'-separated relative paths; a path that climbs above the root is rejected.
/// </summary>
public sealed class InMemoryTree : ISourceTree
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public InMemoryTree(string description = "memory") => Description = description;

    public InMemoryTree(IEnumerable<KeyValuePair<string, string>> files, string description = "memory")
        : this(description)
    {
        foreach (var (path, text) in files) Add(path, text);
    }

    public string Description { get; }

    /// <summary>Always null: nothing of this tree is on disk.</summary>
    public string? DiskRoot => null;

    public IReadOnlyCollection<string> Paths => _files.Keys;

    public InMemoryTree Add(string relativePath, string text) => Add(relativePath, Encoding.UTF8.GetBytes(text));

    public InMemoryTree Add(string relativePath, byte[] bytes)
    {
        var path = PathUtil.Normalize(relativePath);
        if (string.IsNullOrEmpty(path))
            throw new ArgumentException($"not a relative file path inside the tree: '{relativePath}'", nameof(relativePath));
        _files[path] = bytes;
        return this;
    }

    public IEnumerable<SourceEntry> Enumerate() =>
        _files.Select(kv => new SourceEntry(kv.Key, kv.Value.Length)).ToList();

    public byte[]? Read(string relativePath, out string? error)
    {
        if (RootDirectory.Components(relativePath) is null)
        {
            error = SkipReasons.OutsideRoot;
            return null;
        }
        var path = PathUtil.Normalize(relativePath);
        if (path is not null && _files.TryGetValue(path, out var bytes))
        {
            error = null;
            return bytes;
        }
        error = SkipReasons.Vanished;
        return null;
    }

    public bool FileExists(string relativePath) =>
        PathUtil.Normalize(relativePath) is { } path && _files.ContainsKey(path);

    public bool DirectoryExists(string relativePath)
    {
        var path = PathUtil.Normalize(relativePath);
        if (path is null) return false;
        if (path.Length == 0) return true;
        var prefix = path + "/";
        return _files.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }
}
