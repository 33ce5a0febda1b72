using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>A source tree that forwards to another; the hostile wrappers below override one step.</summary>
public class ForwardingTree(ISourceTree inner) : ISourceTree
{
    protected ISourceTree Inner { get; } = inner;
    public virtual string Description => Inner.Description;
    public virtual string? DiskRoot => Inner.DiskRoot;
    public virtual IEnumerable<SourceEntry> Enumerate() => Inner.Enumerate();
    public virtual byte[]? Read(string relativePath, out string? error) => Inner.Read(relativePath, out error);
    public virtual ReadOnlyMemory<byte>? ReadTransient(string relativePath, ref byte[] scratch, out string? error) =>
        Inner.ReadTransient(relativePath, ref scratch, out error);
    public virtual bool FileExists(string relativePath) => Inner.FileExists(relativePath);
    public virtual bool DirectoryExists(string relativePath) => Inner.DirectoryExists(relativePath);
}

/// <summary>Offers the files in a random (seeded) order, as a file system with another enumeration order would.</summary>
public sealed class ShuffledTree(ISourceTree inner, int seed) : ForwardingTree(inner)
{
    public override IEnumerable<SourceEntry> Enumerate()
    {
        var entries = Inner.Enumerate().ToArray();
        new Random(seed).Shuffle(entries);
        return entries;
    }
}

/// <summary>Runs an action on the disk before the first read of a path: deletes, truncates or replaces files mid-scan.</summary>
public sealed class TamperingTree(ISourceTree inner, IReadOnlyDictionary<string, Action<string>> beforeRead) : ForwardingTree(inner)
{
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    public override byte[]? Read(string relativePath, out string? error)
    {
        Tamper(relativePath);
        return Inner.Read(relativePath, out error);
    }

    public override ReadOnlyMemory<byte>? ReadTransient(string relativePath, ref byte[] scratch, out string? error)
    {
        Tamper(relativePath);
        return Inner.ReadTransient(relativePath, ref scratch, out error);
    }

    private void Tamper(string relativePath)
    {
        Action<string>? action = null;
        lock (_done)
        {
            if (beforeRead.TryGetValue(relativePath, out var a) && _done.Add(relativePath)) action = a;
        }
        action?.Invoke(Path.Combine(Inner.DiskRoot!, relativePath));
    }
}
