namespace UltraCloud.Guards.Rules.CSharp;

/// <summary>
/// How deeply a C# file nests, measured in one pass over its text before Roslyn sees it. Roslyn
/// recurses once per level of brackets, of chained lambdas (<c>a =&gt; b =&gt; ...</c>) and of
/// member-access or call chains (<c>x.F().G()...</c>), and a thread's stack ends long before its
/// input does: ten thousand nested parentheses or two thousand chained lambdas kill the process.
/// Nested interpolated strings cost Roslyn's lexer time that grows exponentially with their depth.
/// A file past a limit is refused with the place and the reason, and the other files are still
/// checked. The scan knows comments, strings (regular, verbatim, raw, interpolated with their
/// holes) and characters, so brackets inside them do not count; it never builds a tree.
/// A <c>&lt;</c> after a name may open type arguments, which Roslyn reads ahead recursively: type
/// arguments nested ten thousand deep (<c>List&lt;List&lt;...</c>) exhaust its stack, so the
/// <c>&lt;</c> still open in one statement are counted too (a comparison counts as well: a statement
/// of hundreds of them is as rare).
/// </summary>
internal static class CSharpNesting
{
    /// <summary>The limits: far above hand-written or generated code, far below what exhausts Roslyn's stack.</summary>
    /// <param name="Depth">All of them together, a chained lambda weighing <see cref="LambdaWeight"/> levels: nested calls of long chains add up.</param>
    /// <param name="OpenAngles">The <c>&lt;</c> after a name not yet closed by a <c>&gt;</c> in one statement.</param>
    public sealed record Limits(int Brackets = 256, int ChainedLambdas = 128, int CallChain = 1024, int InterpolatedStrings = 8, int Depth = 1536, int OpenAngles = 256);

    /// <summary>Roslyn spends several frames on each chained lambda.</summary>
    private const int LambdaWeight = 4;

    /// <summary>Where a file first goes past a limit, and which.</summary>
    public readonly record struct Refusal(int Offset, string Reason);

    private enum Kind : byte { Paren, Bracket, Brace, Hole, String }

    /// <summary>
    /// An open construct: a bracket or an interpolation hole (with the lambda chain and call chain of
    /// the code around it, resumed when it closes), or an interpolated string's literal text.
    /// </summary>
    private readonly record struct Open(Kind Kind, int Arrows = 0, int Chain = 0, bool Verbatim = false, int RawQuotes = 0, int HoleBraces = 1);

    /// <summary>The first place <paramref name="text"/> goes past a limit, or null.</summary>
    public static Refusal? Check(string text, Limits limits)
    {
        var stack = new List<Open>();
        var brackets = 0;
        var strings = 0;
        var arrows = 0;
        var chain = 0;
        // The lambda chains and call chains of the enclosing levels, which the current level adds to.
        var savedArrows = 0;
        var savedChain = 0;
        var angles = 0;
        var previous = '\0';
        int wordStart = 0, wordEnd = 0;
        var i = 0;

        Refusal? OpenHole(int at, int arrowsBefore, int chainBefore)
        {
            stack.Add(new Open(Kind.Hole, arrowsBefore, chainBefore));
            return ++brackets > limits.Brackets ? new Refusal(at, $"brackets and interpolation holes nest more than {limits.Brackets} deep") : null;
        }

        Refusal? TooDeep(int at) =>
            brackets + savedChain + chain + LambdaWeight * (savedArrows + arrows) > limits.Depth
                ? new Refusal(at, $"brackets, chained lambdas and call chains nest more than {limits.Depth} levels together")
                : null;

        while (i < text.Length)
        {
            if (stack.Count > 0 && stack[^1].Kind == Kind.String)
            {
                // The literal text of an interpolated string: read to a hole or to its end.
                var literal = stack[^1];
                var c0 = text[i];
                if (literal.RawQuotes > 0)
                {
                    if (c0 == '"' && Run(text, i, '"') >= literal.RawQuotes) { i += literal.RawQuotes; stack.RemoveAt(stack.Count - 1); strings--; continue; }
                    if (c0 == '{' && Run(text, i, '{') >= literal.HoleBraces)
                    {
                        var at = i;
                        i += Run(text, i, '{');
                        if (OpenHole(at, 0, 0) is { } refusal) return refusal;
                        continue;
                    }
                    i++;
                    continue;
                }
                if (c0 == '\\' && !literal.Verbatim) { i += 2; continue; }
                if (c0 == '"')
                {
                    if (literal.Verbatim && i + 1 < text.Length && text[i + 1] == '"') { i += 2; continue; }
                    i++;
                    stack.RemoveAt(stack.Count - 1);
                    strings--;
                    continue;
                }
                if (c0 == '{')
                {
                    if (i + 1 < text.Length && text[i + 1] == '{') { i += 2; continue; }
                    if (OpenHole(i, 0, 0) is { } refusal) return refusal;
                    i++;
                    continue;
                }
                if (c0 == '\n' && !literal.Verbatim) { stack.RemoveAt(stack.Count - 1); strings--; }
                i++;
                continue;
            }

            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/') { i = LineEnd(text, i); continue; }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 2;
                continue;
            }
            if (c == '#' && AtLineStart(text, i)) { i = LineEnd(text, i); continue; }

            // String and character literals with their prefixes: $, @, $@, @$, $$"""...
            if (c is '$' or '@' or '"')
            {
                var start = i;
                var dollars = 0;
                var verbatim = false;
                while (i < text.Length && (text[i] == '$' || text[i] == '@'))
                {
                    if (text[i] == '$') dollars++;
                    else verbatim = true;
                    i++;
                }
                if (i < text.Length && text[i] == '"')
                {
                    var quotes = Run(text, i, '"');
                    var raw = quotes >= 3 ? quotes : 0;
                    if (dollars > 0)
                    {
                        i += raw > 0 ? raw : 1;
                        stack.Add(new Open(Kind.String, Verbatim: verbatim, RawQuotes: raw, HoleBraces: Math.Max(1, dollars)));
                        if (++strings > limits.InterpolatedStrings)
                            return new Refusal(start, $"interpolated strings nest more than {limits.InterpolatedStrings} deep");
                    }
                    else
                    {
                        i = SkipString(text, i, verbatim, raw);
                    }
                    previous = '"';
                    continue;
                }
                // A verbatim identifier (@class) or a stray character.
                if (i == start) i++;
                previous = 'a';
                continue;
            }
            if (c == '\'')
            {
                i = SkipChar(text, i);
                previous = '\'';
                continue;
            }

            switch (c)
            {
                case '(' or '[' or '{':
                    if (c == '{') angles = 0;
                    // A call or an index continues the chain of the expression before it.
                    if ((c is '(' or '[') && (previous is ')' or ']' or '>' or '!' || (IsIdentifierChar(previous) && !StatementKeywords.Contains(text[wordStart..wordEnd])))
                        && ++chain > limits.CallChain)
                        return new Refusal(i, ChainReason(limits));
                    stack.Add(new Open(c == '(' ? Kind.Paren : c == '[' ? Kind.Bracket : Kind.Brace, arrows, chain));
                    savedArrows += arrows;
                    savedChain += chain;
                    arrows = 0;
                    chain = 0;
                    if (++brackets > limits.Brackets) return new Refusal(i, $"brackets nest more than {limits.Brackets} deep");
                    if (TooDeep(i) is { } nested) return nested;
                    break;
                case ')' or ']' or '}':
                    if (c == '}') angles = 0;
                    if (stack.Count > 0)
                    {
                        var closed = stack[^1];
                        stack.RemoveAt(stack.Count - 1);
                        brackets--;
                        // A raw string's hole closes with as many braces as opened it.
                        if (closed.Kind == Kind.Hole && stack.Count > 0 && stack[^1].RawQuotes > 0) i += Math.Max(0, Math.Min(Run(text, i, '}'), stack[^1].HoleBraces) - 1);
                        arrows = closed.Arrows;
                        chain = closed.Kind == Kind.Hole ? 0 : closed.Chain;
                        savedArrows -= closed.Arrows;
                        savedChain -= closed.Chain;
                    }
                    break;
                case ';' or ',':
                    if (c == ';') angles = 0;
                    arrows = 0;
                    chain = 0;
                    break;
                case '.':
                    // Not the point of a number such as .5 or 1.5.
                    if (!(i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && !char.IsLetter(previous) && previous != '_'))
                    {
                        if (++chain > limits.CallChain) return new Refusal(i, ChainReason(limits));
                        if (TooDeep(i) is { } chained) return chained;
                    }
                    break;
                case '=' when i + 1 < text.Length && text[i + 1] == '>':
                    if (++arrows > limits.ChainedLambdas) return new Refusal(i, $"more than {limits.ChainedLambdas} lambdas chained in one expression");
                    chain = 0;
                    if (TooDeep(i) is { } curried) return curried;
                    i++;
                    break;
                default:
                    if (IsIdentifierChar(c))
                    {
                        if (wordEnd != i) wordStart = i;
                        wordEnd = i + 1;
                    }
                    else if (c == '<' && IsIdentifierChar(previous))
                    {
                        if (++angles > limits.OpenAngles)
                            return new Refusal(i, $"more than {limits.OpenAngles} `<` after a name open in one statement (type arguments, or comparisons read first as type arguments)");
                    }
                    else if (c == '>' && angles > 0)
                    {
                        angles--;
                    }
                    else if ((c is '!' or '~' or '-' or '+' or '*' or '&' or '^') && !IsOperandEnd(previous))
                    {
                        // A prefix operator nests what follows it, like a link of a chain: !!!x.
                        if (++chain > limits.CallChain) return new Refusal(i, ChainReason(limits));
                        if (TooDeep(i) is { } prefixed) return prefixed;
                    }
                    else if (c is not ('!' or '?' or '>' or '<' or ':'))
                    {
                        chain = 0;
                    }
                    break;
            }
            previous = c;
            i++;
        }
        return null;
    }

    /// <summary>Keywords a parenthesis follows without making a call.</summary>
    private static readonly HashSet<string> StatementKeywords = new(StringComparer.Ordinal)
        { "if", "while", "for", "foreach", "switch", "catch", "using", "lock", "fixed", "return", "when", "in", "is", "as", "await", "throw", "yield", "case", "else", "do" };

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsOperandEnd(char c) => IsIdentifierChar(c) || c is ')' or ']' or '"' or '\'';

    private static string ChainReason(Limits limits) => $"a chain of more than {limits.CallChain} member accesses, calls, casts and prefix operators";

    private static int Run(string text, int at, char c)
    {
        var n = 0;
        while (at + n < text.Length && text[at + n] == c) n++;
        return n;
    }

    private static int LineEnd(string text, int at)
    {
        var end = text.IndexOf('\n', at);
        return end < 0 ? text.Length : end + 1;
    }

    private static bool AtLineStart(string text, int at)
    {
        for (var k = at - 1; k >= 0 && text[k] != '\n'; k--)
        {
            if (!char.IsWhiteSpace(text[k])) return false;
        }
        return true;
    }

    /// <summary>Past a string without holes that starts at the quote at <paramref name="at"/>.</summary>
    private static int SkipString(string text, int at, bool verbatim, int rawQuotes)
    {
        if (rawQuotes > 0)
        {
            var close = text.IndexOf(new string('"', rawQuotes), at + rawQuotes, StringComparison.Ordinal);
            return close < 0 ? text.Length : close + Run(text, close, '"');
        }
        for (var i = at + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && !verbatim) { i++; continue; }
            if (c == '"')
            {
                if (verbatim && i + 1 < text.Length && text[i + 1] == '"') { i++; continue; }
                return i + 1;
            }
            if (c == '\n' && !verbatim) return i + 1;
        }
        return text.Length;
    }

    private static int SkipChar(string text, int at)
    {
        for (var i = at + 1; i < text.Length && i < at + 12; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '\'' || text[i] == '\n') return i + 1;
        }
        return at + 1;
    }
}
