namespace UltraCloud.Guards.Bench;

/// <summary>
/// SplitMix64: a tiny PRNG whose sequence is fixed by its seed on every runtime and platform
/// (System.Random's algorithm is an implementation detail), so a seed always gives the same tree.
/// </summary>
public sealed class Rng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, max).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextUInt64() % (ulong)max);

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A derived generator, so that one part of the tree does not shift every other part.</summary>
    public Rng Fork(string label)
    {
        var h = 14695981039346656037UL;
        foreach (var c in label) { h ^= c; h *= 1099511628211UL; }
        return new Rng(NextUInt64() ^ h);
    }
}
