#if !NET9_0_OR_GREATER
// The engine is also built for net8.0, for the MSBuild task that the .NET 8 and 9 SDKs load. These
// stand in for the .NET 9 and 10 APIs the engine uses, with the same meaning; the net10.0 build
// (the CLI, the editor server, the tests) never compiles them.
global using Lock = object;

using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace UltraCloud.Guards.Engine;

internal static class Net8Compat
{
    extension(Convert)
    {
        public static string ToHexStringLower(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    }

    /// <summary>Enumerable.Reverse of an array: without it C# 14 binds MemoryExtensions.Reverse, which reverses in place and returns nothing.</summary>
    public static IEnumerable<T> Reverse<T>(this T[] array) => Enumerable.Reverse(array);
}

/// <summary>A dictionary that enumerates its pairs in the order they were added (the subset of .NET 9's that the engine uses).</summary>
internal sealed class OrderedDictionary<TKey, TValue>(IEqualityComparer<TKey> comparer) : IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _map = new(comparer);
    private readonly List<KeyValuePair<TKey, TValue>> _pairs = [];

    public void Add(TKey key, TValue value)
    {
        _map.Add(key, value);
        _pairs.Add(KeyValuePair.Create(key, value));
    }

    public TValue this[TKey key] => _map[key];
    public IEnumerable<TKey> Keys => _pairs.Select(p => p.Key);
    public IEnumerable<TValue> Values => _pairs.Select(p => p.Value);
    public int Count => _pairs.Count;
    public bool ContainsKey(TKey key) => _map.ContainsKey(key);
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => _map.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _pairs.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
#endif
