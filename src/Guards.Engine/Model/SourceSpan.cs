namespace UltraCloud.Guards.Engine.Model;

/// <summary>
/// A region of a source file. Lines and columns are 1-based; columns count UTF-16 code units
/// (SARIF's default column kind) and <see cref="EndColumn"/> is exclusive. Byte offsets are into
/// the file's UTF-8 text.
/// </summary>
public readonly record struct SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartByte, int EndByte)
{
    public static readonly SourceSpan FileStart = new(1, 1, 1, 1, 0, 0);

    public override string ToString() => $"{StartLine}:{StartColumn}-{EndLine}:{EndColumn}";
}
