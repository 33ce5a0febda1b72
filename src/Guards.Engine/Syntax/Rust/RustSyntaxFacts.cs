using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>Small questions the Rust rules ask of tree-sitter-rust nodes.</summary>
public static class RustSyntaxFacts
{
    /// <summary>True for bytes that can continue a Rust identifier (ASCII letters, digits, '_', any non-ASCII byte).</summary>
    public static bool IsIdentifierByte(byte b) => b == (byte)'_' || b >= 0x80 || char.IsAsciiLetterOrDigit((char)b);

    /// <summary>True when <c>text[start..start+length]</c> is a whole identifier, not part of a longer one.</summary>
    public static bool IsWholeWord(byte[] text, int start, int length) =>
        (start == 0 || !IsIdentifierByte(text[start - 1])) &&
        (start + length >= text.Length || !IsIdentifierByte(text[start + length]));

    /// <summary>The last segment of a path node: <c>Status</c> for <c>tonic::Status</c>.</summary>
    public static string LastSegment(TsNode path) => path.IsNull ? "" : path.Type switch
    {
        "identifier" or "type_identifier" => path.Text,
        "scoped_identifier" or "scoped_type_identifier" => path.ChildByFieldName("name") is { IsNull: false } name ? name.Text : "",
        "generic_type" => LastSegment(path.ChildByFieldName("type")),
        _ => "",
    };

    /// <summary>For the node at <paramref name="index"/> of <paramref name="path"/>, the name of a scoped_identifier, the last segment of its qualifier.</summary>
    public static string? QualifierOf(RustPath path, int index)
    {
        if (index < 1) return null;
        var parent = path[index - 1];
        if (parent.Type != "scoped_identifier") return null;
        var qualifier = parent.ChildByFieldName("path");
        return qualifier.IsNull ? null : LastSegment(qualifier);
    }

    public static bool IsComment(TsNode node) => node.Type is "line_comment" or "block_comment";

    /// <summary>
    /// In a macro's token tree, the tokens before the node at <paramref name="index"/> of
    /// <paramref name="path"/> read <c>Qualifier ::</c>.
    /// </summary>
    public static bool TokenQualifiedBy(RustPath path, int index, string qualifier)
    {
        var colons = path.Sibling(index, -1);
        if (colons.IsNull || colons.Type != "::") return false;
        var segment = path.Sibling(index, -2);
        return !segment.IsNull && segment.Type == "identifier" && segment.Text == qualifier;
    }

    /// <summary>True when a node on <paramref name="path"/> below <paramref name="fromIndex"/> is a pattern (a match arm, a let pattern).</summary>
    public static bool InPattern(IReadOnlyList<TsNode> path, int fromIndex)
    {
        for (var i = fromIndex; i >= 1; i--)
        {
            var type = path[i].Type;
            if (type.EndsWith("pattern", StringComparison.Ordinal)) return true;
            if (type.EndsWith("expression", StringComparison.Ordinal) && type != "scoped_identifier") return false;
        }
        return false;
    }
}
