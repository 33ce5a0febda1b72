using System.Text.Json;

namespace UltraCloud.Guards.Bench;

/// <summary>One reported place, as both tools can say it: rule, path relative to the scanned root, 1-based line.</summary>
public readonly record struct Place(string Rule, string Path, int Line) : IComparable<Place>
{
    public int CompareTo(Place other)
    {
        var c = string.CompareOrdinal(Path, other.Path);
        if (c != 0) return c;
        c = Line.CompareTo(other.Line);
        return c != 0 ? c : string.CompareOrdinal(Rule, other.Rule);
    }

    public override string ToString() => $"{Path}:{Line} {Rule}";
}

public static class Findings
{
    /// <summary>Findings of a uc-guards JSON report (suppressed ones left out).</summary>
    public static List<Place> ReadUcGuards(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var places = new List<Place>();
        foreach (var f in doc.RootElement.GetProperty("findings").EnumerateArray())
        {
            if (f.TryGetProperty("suppression", out _)) continue;
            places.Add(new Place(f.GetProperty("ruleId").GetString()!, f.GetProperty("path").GetString()!, f.GetProperty("startLine").GetInt32()));
        }
        return places;
    }

    /// <summary>Findings of `ast-grep scan --json=stream` (one object per line, 0-based lines).</summary>
    public static List<Place> ReadAstGrep(string file)
    {
        var places = new List<Place>();
        foreach (var line in File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            var path = e.GetProperty("file").GetString()!;
            if (path.StartsWith("./", StringComparison.Ordinal)) path = path[2..];
            var start = e.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() + 1;
            places.Add(new Place(e.GetProperty("ruleId").GetString()!, path, start));
        }
        return places;
    }

    /// <summary>Counts by rule.</summary>
    public static SortedDictionary<string, int> ByRule(IEnumerable<Place> places)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in places) counts[p.Rule] = counts.GetValueOrDefault(p.Rule) + 1;
        return counts;
    }

    /// <summary>Places reported by one side more often than by the other (a multiset difference).</summary>
    public static (List<Place> OnlyLeft, List<Place> OnlyRight) Difference(IEnumerable<Place> left, IEnumerable<Place> right)
    {
        var counts = new Dictionary<Place, int>();
        foreach (var p in left) counts[p] = counts.GetValueOrDefault(p) + 1;
        foreach (var p in right) counts[p] = counts.GetValueOrDefault(p) - 1;
        var onlyLeft = new List<Place>();
        var onlyRight = new List<Place>();
        foreach (var (place, n) in counts)
        {
            for (var i = 0; i < n; i++) onlyLeft.Add(place);
            for (var i = 0; i < -n; i++) onlyRight.Add(place);
        }
        onlyLeft.Sort();
        onlyRight.Sort();
        return (onlyLeft, onlyRight);
    }
}
