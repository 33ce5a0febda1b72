using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

internal enum NixTokenKind : byte
{
    Eof,
    /// <summary>A single character the grammar names by itself (<c>( ) [ ] ; : , . @ ? = + - * / &lt; &gt; !</c> ...), or any other byte.</summary>
    Char,
    Id,
    Int,
    Float,
    /// <summary>A piece of a double-quoted string, or the text between interpolations of a path.</summary>
    Str,
    /// <summary>A piece of an indented string.</summary>
    IndStr,
    Path,
    HPath,
    SPath,
    Uri,
    PathEnd,
    DollarCurly,
    OpenBrace,
    CloseBrace,
    Quote,
    IndStringOpen,
    IndStringClose,
    If,
    Then,
    Else,
    Assert,
    With,
    Let,
    In,
    Rec,
    Inherit,
    OrKw,
    Ellipsis,
    Eq,
    Neq,
    Leq,
    Geq,
    And,
    Or,
    Impl,
    Update,
    Concat,
    /// <summary>What Nix's lexer throws on: an integer or float out of range, a path with a trailing slash.</summary>
    Error,
}

/// <summary>One token. Text-bearing tokens keep their bytes' range; the parser decodes what it needs.</summary>
internal struct NixToken
{
    public NixTokenKind Kind;
    public byte Char;
    /// <summary>For an indented-string piece: whether it is literal text (counts for the indentation) rather than an escape.</summary>
    public bool HasIndentation;
    public int Start;
    public int End;
    /// <summary>For a string piece: the text, unescaped; for an error: the message.</summary>
    public string? Text;
    public long Int;
    public double Float;

    public readonly bool Is(char c) => Kind == NixTokenKind.Char && Char == (byte)c;
}

/// <summary>
/// Nix's lexer (Nix 2.8's <c>lexer.l</c>), byte for byte: the same start conditions and state stack,
/// flex's longest-match rule with ties going to the earlier rule, the same quirks (<c>x:y</c> is a
/// URI, <c>a/b</c> a path, <c>2/3</c> a path, a NUL byte outside strings ends the input). It also
/// records every comment and string piece for the rules that read a file's text.
/// </summary>
internal sealed class NixLexer
{
    private enum State : byte { Initial, Default, String, IndString, InPath, InPathSlash, PathStart }

    private static readonly (string Text, NixTokenKind Kind)[] s_keywords =
    [
        ("if", NixTokenKind.If), ("then", NixTokenKind.Then), ("else", NixTokenKind.Else), ("assert", NixTokenKind.Assert),
        ("with", NixTokenKind.With), ("let", NixTokenKind.Let), ("in", NixTokenKind.In), ("rec", NixTokenKind.Rec),
        ("inherit", NixTokenKind.Inherit), ("or", NixTokenKind.OrKw),
    ];

    private static readonly (string Text, NixTokenKind Kind)[] s_operators =
    [
        ("...", NixTokenKind.Ellipsis), ("==", NixTokenKind.Eq), ("!=", NixTokenKind.Neq), ("<=", NixTokenKind.Leq),
        (">=", NixTokenKind.Geq), ("&&", NixTokenKind.And), ("||", NixTokenKind.Or), ("->", NixTokenKind.Impl),
        ("//", NixTokenKind.Update), ("++", NixTokenKind.Concat),
    ];

    /// <summary>The smallest normal double: strtod reports a smaller non-zero result as out of range.</summary>
    private const double MinNormal = 2.2250738585072014E-308;

    private readonly byte[] _text;
    private readonly int _length;
    private readonly List<State> _states = [];
    private State _state = State.Initial;
    private int _pos;

    public NixLexer(byte[] text, int length)
    {
        _text = text;
        _length = length;
    }

    /// <summary>Comments and string pieces in file order (byte ranges), for the harness text.</summary>
    public List<(int Start, int End, bool IsComment)> TextRuns { get; } = [];

    public int Position => _pos;

    private byte At(int i) => i < _length ? _text[i] : (byte)0;

    private bool AtEnd(int i) => i >= _length;

    private void Push(State state)
    {
        _states.Add(_state);
        _state = state;
    }

    private void Pop()
    {
        if (_states.Count == 0) { _state = State.Initial; return; }
        _state = _states[^1];
        _states.RemoveAt(_states.Count - 1);
    }

    public NixToken Next()
    {
        while (true)
        {
            switch (_state)
            {
                case State.String:
                    return LexString();
                case State.IndString:
                    return LexIndString();
                case State.InPath:
                case State.InPathSlash:
                {
                    if (LexInPath() is { } t) return t;
                    continue;
                }
                case State.PathStart:
                    return LexPathStart();
                default:
                {
                    if (LexDefault() is { } t) return t;
                    continue;
                }
            }
        }
    }

    private NixToken Make(NixTokenKind kind, int start, int end) => new() { Kind = kind, Start = start, End = end };

    // ------------------------------------------------------------------ DEFAULT / INITIAL

    private NixToken? LexDefault()
    {
        var p = _pos;
        if (AtEnd(p)) return Make(NixTokenKind.Eof, p, p);
        var c = _text[p];
        // A NUL byte is returned as token 0, which the parser takes for the end of the input.
        if (c == 0) return Make(NixTokenKind.Eof, p, p);

        var best = 1;
        var rule = Rule.Any;
        // Kept out of line: inlined at its twenty call sites, this method makes the Native AOT
        // compiler (ilc 10.0) grow past 20 GB without finishing.
        [MethodImpl(MethodImplOptions.NoInlining)]
        void Offer(int length, Rule r)
        {
            if (length > best || (length == best && r < rule)) { best = length; rule = r; }
        }

        if (IsIdStart(c))
        {
            var id = IdLength(p);
            for (var k = 0; k < s_keywords.Length; k++)
            {
                if (Matches(p, s_keywords[k].Text)) Offer(s_keywords[k].Text.Length, Rule.Keyword0 + k);
            }
            Offer(id, Rule.Id);
            if (c != '_') Offer(UriLength(p), Rule.Uri);
        }
        for (var k = 0; k < s_operators.Length; k++)
        {
            var text = s_operators[k].Text;
            if (text[0] == c && Matches(p, text)) Offer(text.Length, Rule.Operator0 + k);
        }
        if (IsDigit(c)) Offer(DigitsLength(p), Rule.Int);
        if (IsDigit(c) || c == '.') Offer(FloatLength(p), Rule.Float);
        if (c == '$' && At(p + 1) == '{') Offer(2, Rule.DollarCurly);
        if (c == '}') Offer(1, Rule.CloseBrace);
        if (c == '{') Offer(1, Rule.OpenBrace);
        if (c == '"') Offer(1, Rule.Quote);
        if (c == '\'' && At(p + 1) == '\'') Offer(IndOpenLength(p), Rule.IndOpen);
        if (IsPathChar(c) || c == '/')
        {
            Offer(PathSegDollarLength(p), Rule.PathSegDollar);
            Offer(PathLength(p), Rule.Path);
        }
        if (c == '~')
        {
            if (At(p + 1) == '/' && At(p + 2) == '$' && At(p + 3) == '{') Offer(4, Rule.PathSegDollar);
            Offer(HPathLength(p), Rule.HPath);
        }
        if (c == '<') Offer(SPathLength(p), Rule.SPath);
        if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') Offer(WhitespaceLength(p), Rule.Whitespace);
        if (c == '#') Offer(LineCommentLength(p), Rule.LineComment);
        if (c == '/' && At(p + 1) == '*') Offer(BlockCommentLength(p), Rule.BlockComment);

        var end = p + best;
        switch (rule)
        {
            case >= Rule.Keyword0 and < Rule.Operator0:
                _pos = end;
                return Make(s_keywords[rule - Rule.Keyword0].Kind, p, end);
            case >= Rule.Operator0 and < Rule.Id:
                _pos = end;
                return Make(s_operators[rule - Rule.Operator0].Kind, p, end);
            case Rule.Id:
                _pos = end;
                return Make(NixTokenKind.Id, p, end);
            case Rule.Int:
            {
                _pos = end;
                var digits = Encoding.ASCII.GetString(_text, p, best);
                return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? new NixToken { Kind = NixTokenKind.Int, Start = p, End = end, Int = value }
                    : new NixToken { Kind = NixTokenKind.Error, Start = p, End = end, Text = $"invalid integer '{digits}'" };
            }
            case Rule.Float:
            {
                _pos = end;
                var digits = Encoding.ASCII.GetString(_text, p, best);
                return ParseFloat(digits) is { } value
                    ? new NixToken { Kind = NixTokenKind.Float, Start = p, End = end, Float = value }
                    : new NixToken { Kind = NixTokenKind.Error, Start = p, End = end, Text = $"invalid float '{digits}'" };
            }
            case Rule.DollarCurly:
                _pos = end;
                Push(State.Default);
                return Make(NixTokenKind.DollarCurly, p, end);
            case Rule.CloseBrace:
                _pos = end;
                if (_state != State.Initial) Pop();
                return Make(NixTokenKind.CloseBrace, p, end);
            case Rule.OpenBrace:
                _pos = end;
                Push(State.Default);
                return Make(NixTokenKind.OpenBrace, p, end);
            case Rule.Quote:
                _pos = end;
                Push(State.String);
                return Make(NixTokenKind.Quote, p, end);
            case Rule.IndOpen:
                _pos = end;
                Push(State.IndString);
                return Make(NixTokenKind.IndStringOpen, p, end);
            case Rule.PathSegDollar:
                // Re-read from the same place as the start of an interpolated path.
                Push(State.PathStart);
                return null;
            case Rule.Path:
            case Rule.HPath:
                _pos = end;
                Push(_text[end - 1] == '/' ? State.InPathSlash : State.InPath);
                return Make(rule == Rule.Path ? NixTokenKind.Path : NixTokenKind.HPath, p, end);
            case Rule.SPath:
                _pos = end;
                return Make(NixTokenKind.SPath, p, end);
            case Rule.Uri:
                _pos = end;
                return Make(NixTokenKind.Uri, p, end);
            case Rule.Whitespace:
                _pos = end;
                return null;
            case Rule.LineComment:
            case Rule.BlockComment:
                _pos = end;
                TextRuns.Add((p, end, true));
                return null;
            default:
                _pos = end;
                return new NixToken { Kind = NixTokenKind.Char, Start = p, End = end, Char = c };
        }
    }

    /// <summary>The rules of the default state in lexer.l order: on equal lengths the earlier one wins.</summary>
    private enum Rule
    {
        Keyword0 = 0,
        Operator0 = 10,
        Id = 20,
        Int,
        Float,
        DollarCurly,
        CloseBrace,
        OpenBrace,
        Quote,
        IndOpen,
        PathSegDollar,
        Path,
        HPath,
        SPath,
        Uri,
        Whitespace,
        LineComment,
        BlockComment,
        Any,
    }

    private bool Matches(int p, string text)
    {
        if (p + text.Length > _length) return false;
        for (var i = 0; i < text.Length; i++)
        {
            if (_text[p + i] != text[i]) return false;
        }
        return true;
    }

    private static bool IsIdStart(byte c) => c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_';

    private static bool IsIdChar(byte c) => IsIdStart(c) || IsDigit(c) || c is (byte)'\'' or (byte)'-';

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    internal static bool IsPathChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'.' or (byte)'_' or (byte)'-' or (byte)'+';

    private static bool IsUriSchemeChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'-' or (byte)'.';

    private static bool IsUriChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'%' or (byte)'/' or (byte)'?' or (byte)':' or (byte)'@' or (byte)'&' or (byte)'=' or (byte)'+'
            or (byte)'$' or (byte)',' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'!' or (byte)'~' or (byte)'*' or (byte)'\'';

    private int IdLength(int p)
    {
        var q = p + 1;
        while (q < _length && IsIdChar(_text[q])) q++;
        return q - p;
    }

    private int DigitsLength(int p)
    {
        var q = p;
        while (q < _length && IsDigit(_text[q])) q++;
        return q - p;
    }

    private int PathCharRun(int p)
    {
        var q = p;
        while (q < _length && IsPathChar(_text[q])) q++;
        return q - p;
    }

    /// <summary><c>(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?</c></summary>
    private int FloatLength(int p)
    {
        var best = 0;
        // [1-9][0-9]*\.[0-9]*
        if (At(p) is >= (byte)'1' and <= (byte)'9' && !AtEnd(p))
        {
            var q = p + DigitsLength(p);
            if (At(q) == '.' && !AtEnd(q)) best = Math.Max(best, q + 1 + DigitsLength(q + 1) - p);
        }
        // 0?\.[0-9]+
        {
            var q = p;
            if (At(q) == '0' && !AtEnd(q)) q++;
            if (At(q) == '.' && !AtEnd(q))
            {
                var digits = DigitsLength(q + 1);
                if (digits > 0) best = Math.Max(best, q + 1 + digits - p);
            }
        }
        if (best == 0) return 0;
        var e = p + best;
        if (At(e) is (byte)'e' or (byte)'E' && !AtEnd(e))
        {
            var q = e + 1;
            if (At(q) is (byte)'+' or (byte)'-' && !AtEnd(q)) q++;
            var digits = DigitsLength(q);
            if (digits > 0) best = q + digits - p;
        }
        return best;
    }

    /// <summary>strtod with its range check: an overflow or an underflow (a subnormal or lost result) is an error.</summary>
    private static double? ParseFloat(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return null;
        if (double.IsInfinity(value)) return null;
        if (value == 0)
        {
            // Zero is fine only when the digits are all zero; anything else underflowed.
            foreach (var ch in text)
            {
                if (ch is 'e' or 'E') break;
                if (ch is >= '1' and <= '9') return null;
            }
            return value;
        }
        return Math.Abs(value) < MinNormal ? null : value;
    }

    /// <summary><c>''(\ *\n)?</c></summary>
    private int IndOpenLength(int p)
    {
        var q = p + 2;
        while (q < _length && _text[q] == ' ') q++;
        return q < _length && _text[q] == '\n' ? q + 1 - p : 2;
    }

    /// <summary><c>{PATH_CHAR}*\/</c> followed by <c>${</c>: an interpolated path starts here.</summary>
    private int PathSegDollarLength(int p)
    {
        var q = p + PathCharRun(p);
        return At(q) == '/' && q < _length && At(q + 1) == '$' && At(q + 2) == '{' && q + 2 < _length ? q + 3 - p : 0;
    }

    /// <summary><c>{PATH_CHAR}*(\/{PATH_CHAR}+)+\/?</c>, or 0.</summary>
    private int PathLength(int p)
    {
        var q = p + PathCharRun(p);
        return SlashSegments(p, q);
    }

    /// <summary><c>\~(\/{PATH_CHAR}+)+\/?</c>, or 0.</summary>
    private int HPathLength(int p) => SlashSegments(p, p + 1);

    private int SlashSegments(int p, int q)
    {
        var groups = 0;
        while (q < _length && _text[q] == '/' && q + 1 < _length && IsPathChar(_text[q + 1]))
        {
            q = q + 1 + PathCharRun(q + 1);
            groups++;
        }
        if (groups == 0) return 0;
        if (q < _length && _text[q] == '/') q++;
        return q - p;
    }

    /// <summary><c>\&lt;{PATH_CHAR}+(\/{PATH_CHAR}+)*\&gt;</c>, or 0.</summary>
    private int SPathLength(int p)
    {
        var q = p + 1;
        var run = PathCharRun(q);
        if (run == 0) return 0;
        q += run;
        while (q < _length && _text[q] == '/' && q + 1 < _length && IsPathChar(_text[q + 1])) q = q + 1 + PathCharRun(q + 1);
        return q < _length && _text[q] == '>' ? q + 1 - p : 0;
    }

    private int UriLength(int p)
    {
        var q = p + 1;
        while (q < _length && IsUriSchemeChar(_text[q])) q++;
        if (q >= _length || _text[q] != ':') return 0;
        var start = ++q;
        while (q < _length && IsUriChar(_text[q])) q++;
        return q > start ? q - p : 0;
    }

    private int WhitespaceLength(int p)
    {
        var q = p;
        while (q < _length && _text[q] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') q++;
        return q - p;
    }

    private int LineCommentLength(int p)
    {
        var q = p + 1;
        while (q < _length && _text[q] is not ((byte)'\r' or (byte)'\n')) q++;
        return q - p;
    }

    /// <summary><c>\/\*([^*]|\*+[^*/])*\*+\/</c>: up to the first <c>*/</c> after the opening; 0 when unterminated.</summary>
    private int BlockCommentLength(int p)
    {
        var close = _text.AsSpan(p + 2, _length - p - 2).IndexOf("*/"u8);
        return close < 0 ? 0 : close + 4;
    }

    // ------------------------------------------------------------------ paths

    private NixToken LexPathStart()
    {
        var p = _pos;
        Pop();
        Push(State.InPathSlash);
        if (At(p) == '~')
        {
            _pos = p + 2;
            return Make(NixTokenKind.HPath, p, _pos);
        }
        _pos = p + PathCharRun(p) + 1;
        return Make(NixTokenKind.Path, p, _pos);
    }

    private NixToken? LexInPath()
    {
        var p = _pos;
        if (At(p) == '$' && At(p + 1) == '{' && p + 1 < _length)
        {
            Pop();
            Push(State.InPath);
            Push(State.Default);
            _pos = p + 2;
            return Make(NixTokenKind.DollarCurly, p, _pos);
        }
        // {PATH}|{PATH_SEG}|{PATH_CHAR}+
        var run = PathCharRun(p);
        var length = Math.Max(PathLength(p), run);
        if (At(p + run) == '/' && p + run < _length) length = Math.Max(length, run + 1);
        if (length > 0)
        {
            Pop();
            Push(_text[p + length - 1] == '/' ? State.InPathSlash : State.InPath);
            _pos = p + length;
            return new NixToken { Kind = NixTokenKind.Str, Start = p, End = _pos, Text = Encoding.UTF8.GetString(_text, p, length) };
        }
        if (_state == State.InPathSlash)
        {
            Pop();
            return new NixToken { Kind = NixTokenKind.Error, Start = p, End = Math.Min(p + 1, _length), Text = "path has a trailing slash" };
        }
        // Any other character ends the path and is read again in the default state.
        Pop();
        return Make(NixTokenKind.PathEnd, p, p);
    }

    // ------------------------------------------------------------------ strings

    private NixToken LexString()
    {
        var p = _pos;
        if (AtEnd(p)) return Make(NixTokenKind.Eof, p, p);
        // Units: [^$"\\] | \$[^{"\\] | \\ANY | \$\\ANY, each forced by its first byte.
        var q = p;
        while (q < _length)
        {
            var c = _text[q];
            if (c == '"') break;
            if (c == '\\')
            {
                if (q + 1 >= _length) break;
                q += 2;
                continue;
            }
            if (c == '$')
            {
                if (q + 1 >= _length) break;
                var d = _text[q + 1];
                if (d is (byte)'{' or (byte)'"') break;
                if (d == '\\')
                {
                    if (q + 2 >= _length) break;
                    q += 3;
                    continue;
                }
                q += 2;
                continue;
            }
            q++;
        }
        // A '$' right before the closing quote belongs to the text.
        if (At(q) == '$' && q + 1 < _length && _text[q + 1] == '"') q++;
        if (q > p)
        {
            _pos = q;
            AddStringRuns(p, q);
            return new NixToken { Kind = NixTokenKind.Str, Start = p, End = q, Text = Unescape(p, q) };
        }
        var first = _text[p];
        if (first == '"')
        {
            _pos = p + 1;
            Pop();
            return Make(NixTokenKind.Quote, p, p + 1);
        }
        if (first == '$' && At(p + 1) == '{' && p + 1 < _length)
        {
            _pos = p + 2;
            Push(State.Default);
            return Make(NixTokenKind.DollarCurly, p, p + 2);
        }
        // '$', '\\' or '$\\' at the end of the input: a piece the parser then fails on.
        _pos = _length;
        return new NixToken { Kind = NixTokenKind.Str, Start = p, End = _length, Text = "" };
    }

    /// <summary>The literal text of a string piece, around its escapes (<c>\n</c>, <c>\"</c>, ...).</summary>
    private void AddStringRuns(int start, int end)
    {
        var from = start;
        for (var i = start; i < end; i++)
        {
            if (_text[i] != '\\') continue;
            if (i > from) TextRuns.Add((from, i, false));
            i++;
            from = i + 1;
        }
        if (end > from) TextRuns.Add((from, end, false));
    }

    /// <summary>Nix's unescapeStr: \n \r \t and \x, CR and CR LF read as LF; a NUL byte ends the text.</summary>
    private string Unescape(int start, int end)
    {
        var bytes = new byte[end - start];
        var n = 0;
        for (var i = start; i < end; i++)
        {
            var c = _text[i];
            if (c == 0) break;
            if (c == '\\' && i + 1 < end)
            {
                var e = _text[++i];
                if (e == 0) break;
                bytes[n++] = e switch { (byte)'n' => (byte)'\n', (byte)'r' => (byte)'\r', (byte)'t' => (byte)'\t', _ => e };
                continue;
            }
            if (c == '\r')
            {
                bytes[n++] = (byte)'\n';
                if (i + 1 < end && _text[i + 1] == '\n') i++;
                continue;
            }
            bytes[n++] = c;
        }
        return Encoding.UTF8.GetString(bytes, 0, n);
    }

    private NixToken LexIndString()
    {
        var p = _pos;
        if (AtEnd(p)) return Make(NixTokenKind.Eof, p, p);
        var c = _text[p];
        if (c == '\'' && At(p + 1) == '\'' && p + 1 < _length)
        {
            var third = p + 2 < _length ? _text[p + 2] : -1;
            if (third == '$')
            {
                _pos = p + 3;
                return IndPiece(p, _pos, "$", false);
            }
            if (third == '\'')
            {
                _pos = p + 3;
                return IndPiece(p, _pos, "''", false);
            }
            if (third == '\\' && p + 3 < _length)
            {
                _pos = p + 4;
                return IndPiece(p, _pos, Unescape(p + 2, p + 4), false);
            }
            _pos = p + 2;
            Pop();
            return Make(NixTokenKind.IndStringClose, p, p + 2);
        }
        if (c == '$' && At(p + 1) == '{' && p + 1 < _length)
        {
            _pos = p + 2;
            Push(State.Default);
            return Make(NixTokenKind.DollarCurly, p, p + 2);
        }
        // Units: [^$'] | \$[^{'] | \'[^'$]
        var q = p;
        while (q < _length)
        {
            var b = _text[q];
            if (b is (byte)'$' or (byte)'\'')
            {
                if (q + 1 >= _length) break;
                var d = _text[q + 1];
                if (b == '$' ? d is (byte)'{' or (byte)'\'' : d is (byte)'\'' or (byte)'$') break;
                q += 2;
                continue;
            }
            q++;
        }
        if (q > p)
        {
            _pos = q;
            TextRuns.Add((p, q, false));
            return IndPiece(p, q, Encoding.UTF8.GetString(_text, p, q - p), true);
        }
        // A lone '$' or '\''.
        _pos = p + 1;
        return IndPiece(p, p + 1, c == '$' ? "$" : "'", false);
    }

    private static NixToken IndPiece(int start, int end, string text, bool hasIndentation) =>
        new() { Kind = NixTokenKind.IndStr, Start = start, End = end, Text = text, HasIndentation = hasIndentation };

    /// <summary>Reads the rest of the input (after the parser stopped) so that every comment and string piece is recorded.</summary>
    public void Drain()
    {
        while (true)
        {
            if (Next().Kind != NixTokenKind.Eof) continue;
            // A NUL byte outside a string: skip it and read on, so later text is still seen.
            if (_pos >= _length) return;
            _pos++;
        }
    }
}
