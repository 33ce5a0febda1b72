namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>Maps whose keys a document writes in a fixed order.</summary>
public static class SortedCounts
{
    /// <summary>How often each key occurs, keys in ordinal order.</summary>
    public static IReadOnlyDictionary<string, int> Of(IEnumerable<string> keys) =>
        InOrder(keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count())));

    /// <summary>The pairs in the order given (a JSON object's keys in that order).</summary>
    public static IReadOnlyDictionary<string, TValue> InOrder<TValue>(IEnumerable<KeyValuePair<string, TValue>> pairs)
    {
        var map = new OrderedDictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs) map.Add(key, value);
        return map;
    }
}
