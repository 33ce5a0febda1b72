namespace UltraCloud.Guards.Rules.Docs;

/// <summary>How alike two names are, to tell a rename from an unrelated addition and removal.</summary>
internal static class Similarity
{
    /// <summary>1 for equal strings, 0 for nothing in common (1 - edit distance / longer length).</summary>
    public static double Ratio(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0) return 1;
        var distance = Levenshtein(a, b);
        return 1.0 - (double)distance / Math.Max(a.Length, b.Length);
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>
    /// Pairs left and right items greedily by descending score, keeping pairs at or above the
    /// threshold; each item is used once. Ties keep document order.
    /// </summary>
    public static List<(int Left, int Right)> Pair(int leftCount, int rightCount, Func<int, int, double> score, double threshold)
    {
        var candidates = new List<(double Score, int Left, int Right)>();
        for (var l = 0; l < leftCount; l++)
        {
            for (var r = 0; r < rightCount; r++)
            {
                var s = score(l, r);
                if (s >= threshold) candidates.Add((s, l, r));
            }
        }
        var usedLeft = new HashSet<int>();
        var usedRight = new HashSet<int>();
        var pairs = new List<(int, int)>();
        foreach (var (_, l, r) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Left).ThenBy(c => c.Right))
        {
            if (usedLeft.Contains(l) || usedRight.Contains(r)) continue;
            usedLeft.Add(l);
            usedRight.Add(r);
            pairs.Add((l, r));
        }
        return pairs;
    }
}
