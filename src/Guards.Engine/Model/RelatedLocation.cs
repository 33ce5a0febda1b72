using System.Collections;

namespace UltraCloud.Guards.Engine.Model;

/// <summary>
/// Another place a finding involves (the configuration a disabling definition belongs to): shown
/// beside the finding by reporters and editors that can, with a short message saying why.
/// </summary>
public sealed record RelatedLocation(string Path, SourceSpan Span, string Message);

/// <summary>
/// The related locations of a finding, compared by content so that two findings with the same
/// places are equal (the engine removes duplicate reports by equality).
/// </summary>
public sealed class RelatedLocations : IReadOnlyList<RelatedLocation>, IEquatable<RelatedLocations>
{
    private readonly RelatedLocation[] _items;

    public static readonly RelatedLocations None = new([]);

    public RelatedLocations(IEnumerable<RelatedLocation> items) => _items = items.ToArray();

    public int Count => _items.Length;

    public RelatedLocation this[int index] => _items[index];

    public IEnumerator<RelatedLocation> GetEnumerator() => ((IEnumerable<RelatedLocation>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(RelatedLocations? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as RelatedLocations);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }
}
