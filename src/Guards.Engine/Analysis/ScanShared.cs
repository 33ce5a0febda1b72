using System.Collections.Concurrent;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// What one scan shares between its file rules and its repository rules: a frontend's result for
/// a file that both kinds of rule read (the Nix parse of a flake module that a harness rule also
/// reads) is computed once, and its problems reported once, through the scan's sink.
/// </summary>
public sealed class ScanShared(FindingSink sink)
{
    private readonly ConcurrentDictionary<string, object> _values = new(StringComparer.Ordinal);

    public FindingSink Sink { get; } = sink;

    /// <summary>The value under <paramref name="key"/>; the factory may run twice under a race, one result is kept.</summary>
    public T GetOrAdd<T>(string key, Func<ScanShared, T> factory) where T : class =>
        (T)_values.GetOrAdd(key, static (_, state) => state.factory(state.self), (factory, self: this));
}
