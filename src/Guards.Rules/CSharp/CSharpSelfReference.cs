using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace UltraCloud.Guards.Rules.CSharp;

/// <summary>
/// A <c>var</c> local whose initializer names the local itself (<c>var b = (b + (b + ...))</c>) does
/// not compile (CS0841), but Roslyn finds that out by inferring the local's type again at each
/// mention, inside the inference already under way: its recursion grows with the mentions times
/// the initializer's nesting, and its time with the mentions times the initializer's length (two
/// hundred and twenty chained conditionals <c>b ? 1 : b ? 1 : ...</c> overflow the stack). Measured on Roslyn's tokens
/// (its lexer is linear and does not recurse once the nesting scan has passed the file), before
/// the file is bound.
/// </summary>
internal static class CSharpSelfReference
{
    /// <summary>Mentions times tokens of one initializer: far above code that compiles, far below what exhausts Roslyn.</summary>
    public const long MaxCost = 1L << 13;

    /// <summary>Where a file's first such initializer goes past <see cref="MaxCost"/>, or null.</summary>
    public static CSharpNesting.Refusal? Check(string text, CSharpParseOptions options)
    {
        var tokens = SyntaxFactory.ParseTokens(text, options: options).ToArray();
        for (var i = 0; i + 2 < tokens.Length; i++)
        {
            if (!(tokens[i].IsKind(SyntaxKind.IdentifierToken) && tokens[i].ValueText == "var"
                && tokens[i + 1].IsKind(SyntaxKind.IdentifierToken) && tokens[i + 2].IsKind(SyntaxKind.EqualsToken)))
                continue;
            var name = tokens[i + 1].ValueText;
            long mentions = 0;
            var depth = 0;
            for (var j = i + 3; j < tokens.Length; j++)
            {
                var token = tokens[j];
                if (token.Kind() is SyntaxKind.OpenParenToken or SyntaxKind.OpenBracketToken or SyntaxKind.OpenBraceToken) depth++;
                else if (token.Kind() is SyntaxKind.CloseParenToken or SyntaxKind.CloseBracketToken or SyntaxKind.CloseBraceToken && --depth < 0) break;
                else if (depth == 0 && token.Kind() is SyntaxKind.SemicolonToken or SyntaxKind.CommaToken) break;
                else if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && IsMention(tokens, j)) mentions++;
                if (mentions * (j - i) > MaxCost)
                {
                    return new CSharpNesting.Refusal(tokens[i + 1].SpanStart,
                        $"`var {name}` is named again and again in its own initializer (CS0841), and Roslyn infers its type anew at each mention");
                }
            }
        }
        return null;
    }

    /// <summary>A use of the name, not a member (<c>x.b</c>), an initializer's or argument's name (<c>b = 1</c>, <c>b: 1</c>) or a lambda's parameter (<c>b =&gt;</c>).</summary>
    private static bool IsMention(SyntaxToken[] tokens, int at)
    {
        if (at > 0 && tokens[at - 1].Kind() is SyntaxKind.DotToken or SyntaxKind.MinusGreaterThanToken or SyntaxKind.ColonColonToken) return false;
        return !(at + 1 < tokens.Length && tokens[at + 1].Kind() is SyntaxKind.EqualsToken or SyntaxKind.ColonToken or SyntaxKind.EqualsGreaterThanToken);
    }
}
