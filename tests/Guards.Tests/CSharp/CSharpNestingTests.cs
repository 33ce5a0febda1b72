using UltraCloud.Guards.Tests.Hardening;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.CSharp;

/// <summary>
/// UCG1006 reads C# with Roslyn, which recurses once per level of nesting: a file nested deeper
/// than a thread's stack would kill the process (exit 134), and nested interpolated strings cost
/// its lexer exponential time. Such a file is refused first, with a located UCG0001, and every
/// other file is still checked; ordinary deep code is not refused.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CSharpNestingTests
{
    private const string Stub = "class Stub { void M() { throw new System.NotImplementedException(); } }\n";

    private static string Method(string body) => "class Deep { void M() { " + body + " } }\n";

    private static string Repeat(string piece, int n) => string.Concat(Enumerable.Repeat(piece, n));

    [Fact]
    public void Files_nested_past_what_roslyn_can_recurse_are_refused_at_the_place_and_the_rest_is_checked()
    {
        using var tree = new TestTree(
            ("Parens.cs", Method("var x = " + Repeat("(", 10_000) + "1" + Repeat(")", 10_000) + ";")),
            ("Lambdas.cs", Method("System.Func<int, object> f = " + Repeat("a => ", 2_000) + "1;")),
            ("Calls.cs", Method("var s = \"x\"" + Repeat(".ToString()", 10_000) + ";")),
            ("Prefix.cs", Method("var b = " + Repeat("!", 10_000) + "true;")),
            ("Initializers.cs", Method("var x = " + Repeat("new object[] {", 3_000) + "1" + Repeat("}", 3_000) + ";")),
            ("Interpolated.cs", Method("var s = " + Repeat("$\"{", 25) + "1" + Repeat("}\"", 25) + ";")),
            ("Generics.cs", "class Deep { " + Repeat("List<", 10_000) + "int" + Repeat(">", 10_000) + " f; }\n"),
            ("Comparisons.cs", Method("var b = " + Repeat("a < b ? 1 : ", 1_000) + "true;")),
            ("SelfParens.cs", Method("var b = " + Repeat("(b + ", 200) + "1" + Repeat(")", 200) + ";")),
            ("SelfConditional.cs", Method("var b = " + Repeat("b ? 1 : ", 120) + "1;")),
            ("SelfSum.cs", Method("int a = 1; var b = a" + Repeat(" + b", 3_000) + ";")),
            ("Stub.cs", Stub));

        var result = Hostile.Within(240, () => tree.Scan("UCG1006"));

        Assert.Empty(result.InternalErrors);
        // The class's and the method's braces are two levels already; a call and its parentheses are two links of a chain.
        var prefix = "class Deep { void M() { ".Length;
        Assert.Equal(
        [
            ("UCG0001", "Calls.cs", 1, prefix + 12 + 11 * 512),
            ("UCG0001", "Comparisons.cs", 1, prefix + 9 + 12 * 256 + 2),
            ("UCG0001", "Generics.cs", 1, "class Deep { ".Length + 5 * 256 + 5),
            ("UCG0001", "Initializers.cs", 1, prefix + 9 + 14 * 254 + 10),
            ("UCG0001", "Interpolated.cs", 1, prefix + 9 + 3 * 8),
            ("UCG0001", "Lambdas.cs", 1, prefix + 30 + 5 * 128 + 2),
            ("UCG0001", "Parens.cs", 1, prefix + 9 + 254),
            ("UCG0001", "Prefix.cs", 1, prefix + 9 + 1024),
            ("UCG0001", "SelfConditional.cs", 1, prefix + 5),
            ("UCG0001", "SelfParens.cs", 1, prefix + 5),
            ("UCG0001", "SelfSum.cs", 1, prefix + 16),
            ("UCG1006", "Stub.cs", 1, 25),
        ], result.Active.Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)));
        Assert.All(result.Active.Where(f => f.RuleId == "UCG0001"), f => Assert.StartsWith("C# nested too deeply to read safely: ", f.Message));
        Assert.Contains("more than 256 `<` after a name open in one statement", result.Active.Single(f => f.Path == "Generics.cs").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_but_ordinary_code_and_brackets_inside_literals_and_comments_are_read()
    {
        var brackets = Repeat("(", 2_000);
        using var tree = new TestTree(
            ("Nested.cs", Method("var x = " + Repeat("(", 200) + "1" + Repeat(")", 200) + "; throw new System.NotImplementedException();")),
            ("Fluent.cs", Method("var s = \"x\"" + Repeat(".Trim()", 500) + "; throw new System.NotImplementedException();")),
            ("Curried.cs", Method("System.Func<int, object> f = " + Repeat("a => ", 60) + "1; throw new System.NotImplementedException();")),
            ("Interpolated.cs", Method("var s = " + Repeat("$\"{", 4) + "1" + Repeat("}\"", 4) + "; throw new System.NotImplementedException();")),
            ("Literals.cs", Method(
                "var a = \"" + brackets + "\"; var b = @\"" + brackets + "\"; var c = \"\"\"" + brackets + "\"\"\"; var d = '(';"
                + " /* " + brackets + " */ var e = $\"{{" + brackets + "}}\"; var f = $$\"\"\"{" + brackets + "\"\"\";\n"
                + "// " + brackets + "\nthrow new System.NotImplementedException();")),
            ("Statements.cs", Method(Repeat("if (true) { System.Console.WriteLine(1); } ", 3_000) + "throw new System.NotImplementedException();")),
            ("Generic.cs", Method("var d = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<System.Func<int, int>>>(); "
                + Repeat("var c = 1 < 2 && d.Count > 0; ", 2_000) + "var m = " + Repeat("x < y || ", 200) + "true; throw new System.NotImplementedException();")),
            ("Shadowing.cs", Method("var x = new[] { 1 }; var y = new { y = 1 }; var n = x.Select(n => n + n * n - n).Sum() + y.y; var s = " + Repeat("(s + ", 40) + "1" + Repeat(")", 40) + ";"
                + " throw new System.NotImplementedException();")),
            ("Initializer.cs", Method("var l = new System.Collections.Generic.List<System.Tuple<int>> { " + Repeat("System.Tuple.Create<int>(1), ", 3_000)
                + "}; throw new System.NotImplementedException();")));

        var result = tree.Scan("UCG1006");

        Assert.Equal(
            ["Curried.cs", "Fluent.cs", "Generic.cs", "Initializer.cs", "Interpolated.cs", "Literals.cs", "Nested.cs", "Shadowing.cs", "Statements.cs"],
            result.Active.Select(f => (f.RuleId, f.Path)).Where(f => f.RuleId == "UCG1006").Select(f => f.Path));
        Assert.DoesNotContain(result.Active, f => f.RuleId == "UCG0001");
    }
}
