namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// A small per-thread pool of native tree cursors, so that child enumeration and error searches do not
/// allocate in steady state. A cursor that is never returned is simply collected (its finalizer frees it).
/// </summary>
internal static class TreeCursorPool
{
    private const int MaxPooledPerThread = 32;

    [ThreadStatic]
    private static NativeTreeCursorBox?[]? t_items;

    [ThreadStatic]
    private static int t_count;

    public static NativeTreeCursorBox Rent()
    {
        var items = t_items;
        if (items is not null && t_count > 0)
        {
            var index = --t_count;
            var box = items[index]!;
            items[index] = null;
            return box;
        }

        return new NativeTreeCursorBox();
    }

    /// <summary>Invalidates every outstanding lease on <paramref name="box"/> and keeps it for reuse.</summary>
    public static void Return(NativeTreeCursorBox box)
    {
        box.Generation++;
        var items = t_items ??= new NativeTreeCursorBox?[MaxPooledPerThread];
        if (t_count < items.Length)
        {
            items[t_count++] = box;
        }
        else
        {
            box.Release();
        }
    }
}
