using System.Text;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Tests.TreeSitter;

internal static class TsTestSupport
{
    public static TsTree Parse(TsLanguage language, string source)
    {
        using var parser = new TsParser(language);
        return parser.Parse(Encoding.UTF8.GetBytes(source));
    }

    /// <summary>"type [start..end]" for every node in pre-order, to compare whole trees exactly.</summary>
    public static List<string> Outline(TsNode root) =>
        TsWalk.DescendantsPreOrder(root).Select(n => $"{n.Type} [{n.StartByte}..{n.EndByte}]").ToList();

    /// <summary>A Rust function whose body nests parenthesised expressions <paramref name="depth"/> levels deep.</summary>
    public static string DeeplyNestedRust(int depth) =>
        "fn main() { let x = " + new string('(', depth) + "1" + new string(')', depth) + "; }";

    /// <summary>At least <paramref name="minimumBytes"/> of valid Rust made of functions with nested control flow.</summary>
    public static byte[] LargeNestedRust(int minimumBytes)
    {
        var builder = new StringBuilder(minimumBytes + 128);
        for (var i = 0; builder.Length < minimumBytes; i++)
        {
            builder.Append("fn f").Append(i).Append("() { if a { if b { while c { x(1 + 2 * (3 - y)); } } } }\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
