namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>Why a query was rejected. The first six values mirror the C <c>TSQueryError</c> enum.</summary>
public enum TsQueryErrorKind
{
    None = 0,
    Syntax = 1,
    NodeType = 2,
    Field = 3,
    Capture = 4,
    Structure = 5,
    Language = 6,

    /// <summary>An unsupported predicate, wrong predicate arguments, or an invalid regular expression.</summary>
    Predicate = 100,
}

/// <summary>Thrown by <see cref="TsQuery"/>'s constructor for a query that does not compile.</summary>
public sealed class TsQueryException : Exception
{
    public TsQueryException(TsQueryErrorKind kind, int offset, int byteOffset, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Offset = offset;
        ByteOffset = byteOffset;
    }

    public TsQueryErrorKind Kind { get; }

    /// <summary>Index (UTF-16 code units) in the query source where the error was detected.</summary>
    public int Offset { get; }

    /// <summary>The same position as a UTF-8 byte offset, as reported by tree-sitter.</summary>
    public int ByteOffset { get; }
}
