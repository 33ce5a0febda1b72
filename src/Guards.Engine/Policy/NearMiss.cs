namespace UltraCloud.Guards.Engine.Policy;

/// <summary>"Did you mean": the known name closest to a misspelt one, when it is close enough to be the one meant.</summary>
public static class NearMiss
{
    /// <summary>
    /// The candidate nearest to <paramref name="name"/> by edit distance, if that distance is at most
    /// two and at most a third of the name (so "shipped-servr-code" finds "shipped-server-code" and
    /// "docs" finds nothing in "flake"); null otherwise.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            if (candidate == name) continue;
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best is not null && bestDistance <= Math.Min(2, Math.Max(1, name.Length / 3)) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or "".</summary>
    public static string Suggestion(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } closest ? $"; did you mean '{closest}'?" : "";

    /// <summary>Levenshtein distance, with an adjacent transposition counted as one edit.</summary>
    internal static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3) return Math.Abs(a.Length - b.Length);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
