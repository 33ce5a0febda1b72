namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>One captured node: <see cref="Index"/> indexes <see cref="TsQuery.CaptureNames"/>.</summary>
public readonly record struct TsCapture(TsNode Node, int Index, string Name);

/// <summary>A match of one query pattern whose predicates all held.</summary>
public readonly struct TsQueryMatch
{
    private readonly TsCapture[]? _captures;

    internal TsQueryMatch(int patternIndex, TsCapture[] captures)
    {
        PatternIndex = patternIndex;
        _captures = captures;
    }

    public int PatternIndex { get; }

    /// <summary>The captures in the order tree-sitter reports them (a quantified capture may appear several times).</summary>
    public IReadOnlyList<TsCapture> Captures => _captures ?? [];

    /// <summary>The first node captured as <paramref name="name"/> (without the '@'), or a null node.</summary>
    public TsNode Capture(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var capture in Captures)
        {
            if (string.Equals(capture.Name, name, StringComparison.Ordinal))
            {
                return capture.Node;
            }
        }

        return TsNode.Null;
    }

    /// <summary>Every node captured as <paramref name="name"/>, in order.</summary>
    public IEnumerable<TsNode> Nodes(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Captures.Where(c => string.Equals(c.Name, name, StringComparison.Ordinal)).Select(c => c.Node);
    }
}
