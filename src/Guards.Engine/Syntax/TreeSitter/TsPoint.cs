namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>A zero-based position: <see cref="Row"/> is the line, <see cref="Column"/> the byte offset in that line.</summary>
public readonly record struct TsPoint(int Row, int Column)
{
    internal static TsPoint From(NativePoint point) => new((int)point.Row, (int)point.Column);

    public override string ToString() => $"({Row}, {Column})";
}
