namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>Tree traversals built on <see cref="TsTreeCursor"/>: iterative, so depth is bounded only by memory.</summary>
public static class TsWalk
{
    /// <summary>
    /// <paramref name="root"/> and all its descendants (named and anonymous) in document pre-order.
    /// The cursor is released when the enumeration ends or is disposed.
    /// </summary>
    public static IEnumerable<TsNode> DescendantsPreOrder(TsNode root)
    {
        if (root.TreeIfNotNull() is null)
        {
            return [];
        }

        return Iterate(root);

        static IEnumerable<TsNode> Iterate(TsNode root)
        {
            using var cursor = new TsTreeCursor(root);
            yield return cursor.Current;
            while (true)
            {
                if (cursor.GotoFirstChild())
                {
                    yield return cursor.Current;
                    continue;
                }

                while (!cursor.GotoNextSibling())
                {
                    if (!cursor.GotoParent())
                    {
                        yield break;
                    }
                }

                yield return cursor.Current;
            }
        }
    }
}
