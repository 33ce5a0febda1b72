using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>A reason a Nix file is not fully readable: a syntax error, or what Nix's parser also rejects.</summary>
public sealed record NixParseDiagnostic(NixLocation Location, string Message);

/// <summary>A comment or a piece of a string literal, as bytes of the file (for the rules that read a file's words).</summary>
public readonly record struct NixTextRun(int StartByte, int EndByte, bool IsComment);

/// <summary>The result of parsing one Nix file: the expression tree and the first parse problem, if any.</summary>
public sealed class NixParseResult
{
    public required NixSource Source { get; init; }

    /// <summary>
    /// The expression. After a syntax error it holds what could be read around it (a binding that
    /// failed is left out), for rules that look at the syntax; Nix itself cannot evaluate such a file.
    /// </summary>
    public required NixExpr Root { get; init; }

    /// <summary>The first problem (syntax error, undefined variable, duplicate attribute, nesting too deep), or null.</summary>
    public NixParseDiagnostic? Error { get; init; }

    /// <summary>Every comment and string piece of the file, in order (read even after a syntax error).</summary>
    public IReadOnlyList<NixTextRun> TextRuns { get; init; } = [];

    public bool HasError => Error is not null;
}

/// <summary>
/// Parses Nix as Nix 2.8's own parser does (<c>lexer.l</c> and <c>parser.y</c>, written out as a
/// recursive-descent parser with operator precedence), into <see cref="NixExpr"/>. Besides syntax
/// it rejects what Nix's parser rejects before any evaluation: an out-of-range number, a path with a
/// trailing slash, duplicate attributes and formals, dynamic attributes in <c>let</c> and
/// <c>inherit</c>, undefined variables outside <c>with</c> (<see cref="NixScopeCheck"/>), and
/// nesting deeper than Nix's parser stack holds. Linear in the input; the stack it needs is bounded
/// (a deeply nested file is parsed on a thread with a large stack, never overflowing the caller's).
/// </summary>
public static class NixParser
{
    /// <summary>Entries of Nix's parser stack (bison's YYMAXDEPTH, less its headroom): deeper input is "memory exhausted" there.</summary>
    internal const int MaxParserStack = 9997;

    private const int DeepStackSize = 64 * 1024 * 1024;

    public static NixParseResult Parse(SourceText text, TimeSpan budget)
    {
        var source = new NixSource(text);
        try
        {
            return new Reader(source, budget).Read();
        }
        catch (StackLowException)
        {
            // Deep but within Nix's limit: read again where the stack has room for it.
            return BigStack.Run(() => new Reader(source, budget, deepStack: true).Read(), DeepStackSize);
        }
    }

    private sealed class StackLowException : Exception;

    private sealed class SyntaxException(NixParseDiagnostic diagnostic, bool fatal = false) : Exception(diagnostic.Message)
    {
        public NixParseDiagnostic Diagnostic { get; } = diagnostic;

        /// <summary>Too deep or over the budget: nothing more is read.</summary>
        public bool Fatal { get; } = fatal;
    }

    private enum Assoc : byte { Left, Right, None }

    private readonly record struct Operator(string Text, int Precedence, Assoc Assoc, bool Prefix, int Start);

    /// <summary>One parse of one file. Not reusable.</summary>
    private sealed class Reader
    {
        private readonly NixSource _source;
        private readonly byte[] _bytes;
        private readonly NixLexer _lexer;
        private readonly NixToken[] _ahead = new NixToken[4];
        private readonly TimeSpan _budget;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _aheadStart;
        private int _aheadCount;
        private int _stack;
        private int _tokens;
        private readonly bool _deepStack;
        private NixParseDiagnostic? _error;

        public Reader(NixSource source, TimeSpan budget, bool deepStack = false)
        {
            _source = source;
            _deepStack = deepStack;
            _bytes = source.Text.Utf8;
            _lexer = new NixLexer(_bytes, _bytes.Length);
            _budget = budget;
        }

        public NixParseResult Read()
        {
            NixExpr root;
            try
            {
                root = ParseExpr();
                var end = Peek();
                if (end.Kind != NixTokenKind.Eof) throw Unexpected(end);
            }
            catch (SyntaxException ex)
            {
                Record(ex.Diagnostic);
                root = new NixErrorExpr(_source, 0, _bytes.Length, ex.Diagnostic.Message);
            }
            _lexer.Drain();
            var error = _error ?? NixScopeCheck.FirstProblem(root);
            return new NixParseResult
            {
                Source = _source,
                Root = root,
                Error = error,
                TextRuns = _lexer.TextRuns.Select(r => new NixTextRun(r.Start, r.End, r.IsComment)).ToList(),
            };
        }

        private void Record(NixParseDiagnostic diagnostic) => _error ??= diagnostic;

        /// <summary>A problem Nix's parser raises when it reduces a construct (a duplicate, a dynamic name in let).</summary>
        private void Problem(NixParseDiagnostic diagnostic) => Record(diagnostic);

        // -------------------------------------------------------------- tokens

        private NixToken Peek(int k = 0)
        {
            while (_aheadCount <= k)
            {
                var token = _lexer.Next();
                if ((++_tokens & 1023) == 0 && _clock.Elapsed > _budget)
                {
                    var message = $"the Nix parser ran over its budget of {_budget.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
                    throw new SyntaxException(new NixParseDiagnostic(_source.Location(token.Start, token.Start), message), fatal: true);
                }
                _ahead[(_aheadStart + _aheadCount) % _ahead.Length] = token;
                _aheadCount++;
            }
            return _ahead[(_aheadStart + k) % _ahead.Length];
        }

        private NixToken Take()
        {
            var token = Peek();
            _aheadStart = (_aheadStart + 1) % _ahead.Length;
            _aheadCount--;
            return token;
        }

        private NixToken Expect(NixTokenKind kind)
        {
            var token = Peek();
            if (token.Kind != kind) throw Unexpected(token);
            return Take();
        }

        private NixToken ExpectChar(char c)
        {
            var token = Peek();
            if (!token.Is(c)) throw Unexpected(token);
            return Take();
        }

        private SyntaxException Unexpected(NixToken token)
        {
            if (token.Kind == NixTokenKind.Error)
                return new SyntaxException(new NixParseDiagnostic(_source.Location(token.Start, token.End), token.Text!));
            var what = token.Kind switch
            {
                NixTokenKind.Eof => "end of file",
                NixTokenKind.PathEnd => "end of path",
                _ => $"'{Describe(token)}'",
            };
            var end = token.Kind == NixTokenKind.Eof ? token.Start : Math.Max(token.End, token.Start);
            return new SyntaxException(new NixParseDiagnostic(_source.Location(token.Start, end), $"syntax error: unexpected {what}"));
        }

        private string Describe(NixToken token)
        {
            var length = Math.Min(token.End - token.Start, 40);
            var text = Encoding.UTF8.GetString(_bytes, token.Start, length);
            var newline = text.IndexOfAny(['\r', '\n']);
            return newline >= 0 ? text[..newline] : text;
        }

        private string TextOf(NixToken token) => Encoding.UTF8.GetString(_bytes, token.Start, token.End - token.Start);

        // -------------------------------------------------------------- nesting

        /// <summary>
        /// Counts what Nix's parser would hold on its stack while a nested construct is read, and
        /// refuses input deeper than that stack; checks that this thread's stack has room.
        /// </summary>
        private void Enter(int entries, int at)
        {
            _stack += entries;
            if (_stack > MaxParserStack)
            {
                throw new SyntaxException(new NixParseDiagnostic(_source.Location(at, at),
                    $"expression nested too deeply (deeper than Nix's parser stack of {MaxParserStack + 3} entries holds)"), fatal: true);
            }
            if (RuntimeHelpers.TryEnsureSufficientExecutionStack()) return;
            if (!_deepStack) throw new StackLowException();
            throw new SyntaxException(new NixParseDiagnostic(_source.Location(at, at), "expression nested too deeply for the reader's stack"), fatal: true);
        }

        private void Leave(int entries) => _stack -= entries;

        private T Nested<T>(int entries, Func<T> read)
        {
            Enter(entries, Peek().Start);
            try { return read(); }
            finally { Leave(entries); }
        }

        // -------------------------------------------------------------- expressions

        private NixExpr ParseExpr() => ParseFunction();

        private NixExpr ParseFunction()
        {
            var t = Peek();
            switch (t.Kind)
            {
                case NixTokenKind.Id:
                {
                    var next = Peek(1);
                    if (next.Is(':'))
                    {
                        Take();
                        Take();
                        var body = Nested(2, ParseFunction);
                        return new NixLambdaExpr(_source, t.Start, body.End, TextOf(t), null, false, body);
                    }
                    if (next.Is('@'))
                    {
                        Take();
                        Take();
                        Expect(NixTokenKind.OpenBrace);
                        var (formals, ellipsis) = Nested(3, ParseFormals);
                        Expect(NixTokenKind.CloseBrace);
                        ExpectChar(':');
                        var body = Nested(6, ParseFunction);
                        return Lambda(t.Start, TextOf(t), formals, ellipsis, body);
                    }
                    break;
                }
                case NixTokenKind.OpenBrace when LooksLikeFormals():
                {
                    Take();
                    var (formals, ellipsis) = Nested(1, ParseFormals);
                    Expect(NixTokenKind.CloseBrace);
                    string? parameter = null;
                    var entries = 4;
                    if (Peek().Is('@'))
                    {
                        Take();
                        parameter = TextOf(Expect(NixTokenKind.Id));
                        entries = 6;
                    }
                    ExpectChar(':');
                    var body = Nested(entries, ParseFunction);
                    return Lambda(t.Start, parameter, formals, ellipsis, body);
                }
                case NixTokenKind.Assert:
                {
                    Take();
                    var condition = Nested(1, ParseExpr);
                    ExpectChar(';');
                    var body = Nested(3, ParseFunction);
                    return new NixAssertExpr(_source, t.Start, body.End, condition, body);
                }
                case NixTokenKind.With:
                {
                    Take();
                    var environment = Nested(1, ParseExpr);
                    ExpectChar(';');
                    var body = Nested(3, ParseFunction);
                    return new NixWithExpr(_source, t.Start, body.End, environment, body);
                }
                case NixTokenKind.Let when Peek(1).Kind != NixTokenKind.OpenBrace:
                {
                    Take();
                    var (bindings, tree) = ParseBinds(recursive: true, entries: 2, closedByIn: true);
                    Expect(NixTokenKind.In);
                    var body = Nested(3, ParseFunction);
                    if (tree.Dynamic.Count > 0) Problem(new NixParseDiagnostic(_source.Location(t.Start, t.End), "dynamic attributes not allowed in let"));
                    return new NixLetExpr(_source, t.Start, body.End, bindings, body, tree);
                }
            }
            return ParseIf();
        }

        /// <summary>After <c>{</c>: a function's formals rather than a set (what Nix's GLR parser settles on the next tokens).</summary>
        private bool LooksLikeFormals()
        {
            var first = Peek(1);
            switch (first.Kind)
            {
                case NixTokenKind.CloseBrace:
                    var after = Peek(2);
                    return after.Is(':') || after.Is('@');
                case NixTokenKind.Ellipsis:
                    return true;
                case NixTokenKind.Id:
                    var second = Peek(2);
                    return second.Is(',') || second.Is('?') || second.Kind == NixTokenKind.CloseBrace;
                default:
                    return false;
            }
        }

        /// <summary><c>formals: formal ',' formals | formal | (nothing) | '...'</c></summary>
        private (List<NixFormal> Formals, bool Ellipsis) ParseFormals()
        {
            var formals = new List<NixFormal>();
            while (true)
            {
                var t = Peek();
                if (t.Kind == NixTokenKind.Ellipsis)
                {
                    Take();
                    return (formals, true);
                }
                if (t.Kind != NixTokenKind.Id) return (formals, false);
                Take();
                NixExpr? dflt = null;
                if (Peek().Is('?'))
                {
                    Take();
                    dflt = Nested(2 + 2 * formals.Count, ParseExpr);
                }
                formals.Add(new NixFormal(_source, t.Start, dflt?.End ?? t.End, TextOf(t), dflt));
                if (!Peek().Is(',')) return (formals, false);
                Take();
            }
        }

        private NixLambdaExpr Lambda(int start, string? parameter, List<NixFormal> formals, bool ellipsis, NixExpr body)
        {
            var lambda = new NixLambdaExpr(_source, start, body.End, parameter, formals, ellipsis, body);
            // Checked when Nix reduces the function, after its body.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var formal in formals)
            {
                if (!seen.Add(formal.Name))
                {
                    Problem(new NixParseDiagnostic(formal.Location, $"duplicate formal function argument '{formal.Name}'"));
                    return lambda;
                }
            }
            if (parameter is not null && seen.Contains(parameter))
                Problem(new NixParseDiagnostic(lambda.Location, $"duplicate formal function argument '{parameter}'"));
            return lambda;
        }

        private NixExpr ParseIf()
        {
            var t = Peek();
            if (t.Kind != NixTokenKind.If) return ParseOperators();
            Take();
            var condition = Nested(1, ParseExpr);
            Expect(NixTokenKind.Then);
            var then = Nested(3, ParseExpr);
            Expect(NixTokenKind.Else);
            var otherwise = Nested(5, ParseExpr);
            return new NixIfExpr(_source, t.Start, otherwise.End, condition, then, otherwise);
        }

        /// <summary>The operators of <c>expr_op</c>, with bison's precedences and associativity, read without recursion.</summary>
        private NixExpr ParseOperators()
        {
            var operands = new List<NixExpr>();
            var operators = new List<Operator>();
            var entries = 0;
            try
            {
                while (true)
                {
                    // An operand, after any prefix operators.
                    while (true)
                    {
                        var t = Peek();
                        if (t.Is('!')) { Take(); operators.Add(new Operator("!", 7, Assoc.Left, true, t.Start)); Enter(1, t.Start); entries++; continue; }
                        if (t.Is('-')) { Take(); operators.Add(new Operator("-", 12, Assoc.None, true, t.Start)); Enter(1, t.Start); entries++; continue; }
                        break;
                    }
                    operands.Add(ParseApplication());

                    // Postfix `?` and binary operators.
                    while (true)
                    {
                        var t = Peek();
                        if (t.Is('?'))
                        {
                            ReduceAbove(11, Assoc.None, operands, operators, ref entries, t);
                            Take();
                            var path = ParseAttrPath();
                            var target = operands[^1];
                            operands[^1] = new NixHasAttrExpr(_source, target.Start, path[^1].End, target, path);
                            continue;
                        }
                        if (Binary(t) is not { } op) return Finish(operands, operators, ref entries);
                        ReduceAbove(op.Precedence, op.Assoc, operands, operators, ref entries, t);
                        Take();
                        operators.Add(op with { Start = t.Start });
                        Enter(2, t.Start);
                        entries += 2;
                        break;
                    }
                }
            }
            finally
            {
                Leave(entries);
            }
        }

        private static Operator? Binary(NixToken t) => t.Kind switch
        {
            NixTokenKind.Impl => new Operator("->", 1, Assoc.Right, false, 0),
            NixTokenKind.Or => new Operator("||", 2, Assoc.Left, false, 0),
            NixTokenKind.And => new Operator("&&", 3, Assoc.Left, false, 0),
            NixTokenKind.Eq => new Operator("==", 4, Assoc.None, false, 0),
            NixTokenKind.Neq => new Operator("!=", 4, Assoc.None, false, 0),
            NixTokenKind.Leq => new Operator("<=", 5, Assoc.None, false, 0),
            NixTokenKind.Geq => new Operator(">=", 5, Assoc.None, false, 0),
            NixTokenKind.Update => new Operator("//", 6, Assoc.Right, false, 0),
            NixTokenKind.Concat => new Operator("++", 10, Assoc.Right, false, 0),
            NixTokenKind.Char => (char)t.Char switch
            {
                '<' => new Operator("<", 5, Assoc.None, false, 0),
                '>' => new Operator(">", 5, Assoc.None, false, 0),
                '+' => new Operator("+", 8, Assoc.Left, false, 0),
                '-' => new Operator("-", 8, Assoc.Left, false, 0),
                '*' => new Operator("*", 9, Assoc.Left, false, 0),
                '/' => new Operator("/", 9, Assoc.Left, false, 0),
                _ => null,
            },
            _ => null,
        };

        /// <summary>Bison's shift/reduce choice: reduce what binds tighter (or as tight, to the left); equal and non-associative is an error.</summary>
        private void ReduceAbove(int precedence, Assoc assoc, List<NixExpr> operands, List<Operator> operators, ref int entries, NixToken at)
        {
            while (operators.Count > 0)
            {
                var top = operators[^1];
                if (top.Precedence < precedence) return;
                if (top.Precedence == precedence && !top.Prefix)
                {
                    if (assoc == Assoc.None && top.Assoc == Assoc.None) throw Unexpected(at);
                    if (assoc == Assoc.Right) return;
                }
                if (top.Precedence == precedence && top.Prefix && assoc != Assoc.Left) return;
                ReduceTop(operands, operators, ref entries);
            }
        }

        private NixExpr Finish(List<NixExpr> operands, List<Operator> operators, ref int entries)
        {
            while (operators.Count > 0) ReduceTop(operands, operators, ref entries);
            return operands[0];
        }

        private void ReduceTop(List<NixExpr> operands, List<Operator> operators, ref int entries)
        {
            var op = operators[^1];
            operators.RemoveAt(operators.Count - 1);
            var right = operands[^1];
            operands.RemoveAt(operands.Count - 1);
            if (op.Prefix)
            {
                operands.Add(new NixUnaryExpr(_source, op.Start, right.End, op.Text, right));
                Leave(1);
                entries--;
                return;
            }
            var left = operands[^1];
            operands[^1] = new NixBinaryExpr(_source, left.Start, right.End, op.Text, left, right);
            Leave(2);
            entries -= 2;
        }

        private static bool StartsSelect(NixToken t) => t.Kind switch
        {
            NixTokenKind.Id or NixTokenKind.Int or NixTokenKind.Float or NixTokenKind.Quote or NixTokenKind.IndStringOpen
                or NixTokenKind.Path or NixTokenKind.HPath or NixTokenKind.SPath or NixTokenKind.Uri or NixTokenKind.Let
                or NixTokenKind.Rec or NixTokenKind.OpenBrace or NixTokenKind.Error => true,
            NixTokenKind.Char => t.Char is (byte)'(' or (byte)'[',
            _ => false,
        };

        /// <summary><c>expr_app: expr_app expr_select | expr_select</c>, as a loop.</summary>
        private NixExpr ParseApplication()
        {
            var function = ParseSelect();
            if (!StartsSelect(Peek())) return function;
            Enter(1, Peek().Start);
            try
            {
                while (StartsSelect(Peek()))
                {
                    var argument = ParseSelect();
                    function = new NixApplyExpr(_source, function.Start, argument.End, function, argument);
                }
                return function;
            }
            finally
            {
                Leave(1);
            }
        }

        private NixExpr ParseSelect()
        {
            var simple = ParseSimple();
            var t = Peek();
            if (t.Is('.'))
            {
                Take();
                Enter(2, t.Start);
                try
                {
                    var path = ParseAttrPath();
                    if (Peek().Kind == NixTokenKind.OrKw)
                    {
                        Take();
                        var dflt = Nested(2, ParseSelect);
                        return new NixSelectExpr(_source, simple.Start, dflt.End, simple, path, dflt);
                    }
                    return new NixSelectExpr(_source, simple.Start, path[^1].End, simple, path, null);
                }
                finally
                {
                    Leave(2);
                }
            }
            if (t.Kind == NixTokenKind.OrKw)
            {
                // `f or`: nixpkgs once had a function named `or`; Nix reads this as `f` applied to the variable `or`.
                Take();
                return new NixApplyExpr(_source, simple.Start, t.End, simple, new NixVarExpr(_source, t.Start, t.End, "or"));
            }
            return simple;
        }

        private NixExpr ParseSimple()
        {
            var t = Peek();
            switch (t.Kind)
            {
                case NixTokenKind.Id:
                    Take();
                    return new NixVarExpr(_source, t.Start, t.End, TextOf(t));
                case NixTokenKind.Int:
                    Take();
                    return new NixIntExpr(_source, t.Start, t.End, t.Int);
                case NixTokenKind.Float:
                    Take();
                    return new NixFloatExpr(_source, t.Start, t.End, t.Float);
                case NixTokenKind.Quote:
                    return ParseString();
                case NixTokenKind.IndStringOpen:
                    return ParseIndentedString();
                case NixTokenKind.Path:
                case NixTokenKind.HPath:
                    return ParsePath();
                case NixTokenKind.SPath:
                    Take();
                    return new NixSearchPathExpr(_source, t.Start, t.End, Encoding.UTF8.GetString(_bytes, t.Start + 1, t.End - t.Start - 2));
                case NixTokenKind.Uri:
                    Take();
                    return new NixUriExpr(_source, t.Start, t.End, TextOf(t));
                case NixTokenKind.Let:
                {
                    // `let { ...; body = e; }` is `(rec { ...; body = e; }).body`.
                    Take();
                    var open = Expect(NixTokenKind.OpenBrace);
                    var (bindings, tree) = ParseBinds(recursive: true, entries: 3, closedByIn: false);
                    var close = Expect(NixTokenKind.CloseBrace);
                    var set = new NixAttrSetExpr(_source, open.Start, close.End, true, bindings, tree);
                    var body = new NixAttrName(_source, t.Start, t.End, "body", null);
                    return new NixSelectExpr(_source, t.Start, close.End, set, [body], null);
                }
                case NixTokenKind.Rec:
                {
                    Take();
                    Expect(NixTokenKind.OpenBrace);
                    var (bindings, tree) = ParseBinds(recursive: true, entries: 3, closedByIn: false);
                    var close = Expect(NixTokenKind.CloseBrace);
                    return new NixAttrSetExpr(_source, t.Start, close.End, true, bindings, tree);
                }
                case NixTokenKind.OpenBrace:
                {
                    Take();
                    var (bindings, tree) = ParseBinds(recursive: false, entries: 2, closedByIn: false);
                    var close = Expect(NixTokenKind.CloseBrace);
                    return new NixAttrSetExpr(_source, t.Start, close.End, false, bindings, tree);
                }
                case NixTokenKind.Char when t.Char == '(':
                {
                    Take();
                    var inner = Nested(1, ParseExpr);
                    ExpectChar(')');
                    return inner;
                }
                case NixTokenKind.Char when t.Char == '[':
                {
                    Take();
                    var items = new List<NixExpr>();
                    Enter(2, t.Start);
                    try
                    {
                        while (StartsSelect(Peek())) items.Add(ParseSelect());
                    }
                    finally
                    {
                        Leave(2);
                    }
                    var close = ExpectChar(']');
                    return new NixListExpr(_source, t.Start, close.End, items);
                }
                default:
                    throw Unexpected(t);
            }
        }

        // -------------------------------------------------------------- strings and paths

        private NixStringExpr ParseString()
        {
            var open = Take();
            var parts = new List<NixStringPart>();
            var pieces = 0;
            var interpolations = 0;
            Enter(2, open.Start);
            try
            {
                while (true)
                {
                    var t = Peek();
                    switch (t.Kind)
                    {
                        case NixTokenKind.Str:
                            Take();
                            pieces++;
                            parts.Add(new NixStringPart(t.Text, null));
                            continue;
                        case NixTokenKind.DollarCurly:
                            Take();
                            interpolations++;
                            parts.Add(new NixStringPart(null, Nested(1, ParseExpr)));
                            Expect(NixTokenKind.CloseBrace);
                            continue;
                        case NixTokenKind.Quote:
                        {
                            // Two pieces without an interpolation between them is not in the grammar (only at a broken end).
                            if (interpolations == 0 && pieces > 1) throw Unexpected(t);
                            var close = Take();
                            var text = interpolations == 0 ? (parts.Count == 0 ? "" : parts[0].Literal) : null;
                            return new NixStringExpr(_source, open.Start, close.End, parts, text);
                        }
                        default:
                            throw Unexpected(t);
                    }
                }
            }
            finally
            {
                Leave(2);
            }
        }

        private readonly record struct IndPiece(string? Text, bool HasIndentation, NixExpr? Expr);

        private NixStringExpr ParseIndentedString()
        {
            var open = Take();
            var pieces = new List<IndPiece>();
            Enter(2, open.Start);
            try
            {
                while (true)
                {
                    var t = Peek();
                    switch (t.Kind)
                    {
                        case NixTokenKind.IndStr:
                            Take();
                            pieces.Add(new IndPiece(t.Text, t.HasIndentation, null));
                            continue;
                        case NixTokenKind.DollarCurly:
                            Take();
                            pieces.Add(new IndPiece(null, false, Nested(1, ParseExpr)));
                            Expect(NixTokenKind.CloseBrace);
                            continue;
                        case NixTokenKind.IndStringClose:
                        {
                            var close = Take();
                            var (parts, text) = StripIndentation(pieces);
                            return new NixStringExpr(_source, open.Start, close.End, parts, text);
                        }
                        default:
                            throw Unexpected(t);
                    }
                }
            }
            finally
            {
                Leave(2);
            }
        }

        /// <summary>
        /// Nix's stripIndentation: the smallest indentation of the lines (literal pieces only; an
        /// escape or interpolation ends a line's leading spaces) is removed from every line, and a
        /// last line of spaces is dropped. A single constant piece (or an interpolated constant
        /// string alone) is a constant string, as in Nix.
        /// </summary>
        private static (List<NixStringPart> Parts, string? StaticText) StripIndentation(List<IndPiece> pieces)
        {
            if (pieces.Count == 0) return ([], "");
            var atStartOfLine = true;
            var minIndent = 1000000;
            var curIndent = 0;
            foreach (var piece in pieces)
            {
                if (piece.Expr is not null || !piece.HasIndentation)
                {
                    if (atStartOfLine)
                    {
                        atStartOfLine = false;
                        minIndent = Math.Min(minIndent, curIndent);
                    }
                    continue;
                }
                foreach (var c in piece.Text!)
                {
                    if (atStartOfLine)
                    {
                        if (c == ' ') curIndent++;
                        else if (c == '\n') curIndent = 0;
                        else
                        {
                            atStartOfLine = false;
                            minIndent = Math.Min(minIndent, curIndent);
                        }
                    }
                    else if (c == '\n')
                    {
                        atStartOfLine = true;
                        curIndent = 0;
                    }
                }
            }

            var parts = new List<NixStringPart>(pieces.Count);
            atStartOfLine = true;
            var curDropped = 0;
            var sb = new StringBuilder();
            for (var i = 0; i < pieces.Count; i++)
            {
                var piece = pieces[i];
                if (piece.Expr is { } expr)
                {
                    atStartOfLine = false;
                    curDropped = 0;
                    parts.Add(new NixStringPart(null, expr));
                    continue;
                }
                sb.Clear();
                foreach (var c in piece.Text!)
                {
                    if (atStartOfLine)
                    {
                        if (c == ' ')
                        {
                            if (curDropped++ >= minIndent) sb.Append(c);
                        }
                        else if (c == '\n')
                        {
                            curDropped = 0;
                            sb.Append(c);
                        }
                        else
                        {
                            atStartOfLine = false;
                            curDropped = 0;
                            sb.Append(c);
                        }
                    }
                    else
                    {
                        sb.Append(c);
                        if (c == '\n') atStartOfLine = true;
                    }
                }
                var text = sb.ToString();
                if (i == pieces.Count - 1)
                {
                    var newline = text.LastIndexOf('\n');
                    if (newline >= 0 && text.AsSpan(newline + 1).IndexOfAnyExcept(' ') < 0) text = text[..(newline + 1)];
                }
                parts.Add(new NixStringPart(text, null));
            }
            string? staticText = parts.Count == 1
                ? parts[0].Literal ?? (parts[0].Interpolation is NixStringExpr { StaticText: { } inner } ? inner : parts[0].Interpolation is NixUriExpr uri ? uri.Uri : null)
                : null;
            return (parts, staticText);
        }

        private NixPathExpr ParsePath()
        {
            var first = Take();
            var parts = new List<NixStringPart> { new(TextOf(first), null) };
            var interpolations = 0;
            Enter(2, first.Start);
            try
            {
                while (true)
                {
                    var t = Peek();
                    switch (t.Kind)
                    {
                        case NixTokenKind.Str:
                            Take();
                            parts.Add(new NixStringPart(t.Text, null));
                            continue;
                        case NixTokenKind.DollarCurly:
                            Take();
                            interpolations++;
                            parts.Add(new NixStringPart(null, Nested(1, ParseExpr)));
                            Expect(NixTokenKind.CloseBrace);
                            continue;
                        case NixTokenKind.PathEnd:
                        {
                            // More text after the first piece must come with an interpolation.
                            if (parts.Count > 1 && interpolations == 0) throw Unexpected(t);
                            Take();
                            var end = parts.Count == 1 ? first.End : t.Start;
                            var kind = first.Kind == NixTokenKind.HPath ? NixPathKind.Home
                                : _bytes[first.Start] == '/' ? NixPathKind.Absolute
                                : NixPathKind.Relative;
                            return new NixPathExpr(_source, first.Start, end, kind, parts);
                        }
                        default:
                            throw Unexpected(t);
                    }
                }
            }
            finally
            {
                Leave(2);
            }
        }

        // -------------------------------------------------------------- bindings and attribute paths

        private static bool StartsAttr(NixToken t) =>
            t.Kind is NixTokenKind.Id or NixTokenKind.OrKw or NixTokenKind.Quote or NixTokenKind.DollarCurly;

        /// <summary>
        /// <c>binds</c>: bindings and inherits up to <c>}</c> or <c>in</c>, each added to the
        /// attribute tree as it is read (where Nix reports a duplicate). A binding with a syntax
        /// error is left out and reading goes on after its <c>;</c>, so that rules reading the
        /// syntax still see the rest; the first error is the file's.
        /// </summary>
        private (List<NixBindingNode> Bindings, NixAttrTree Tree) ParseBinds(bool recursive, int entries, bool closedByIn)
        {
            var bindings = new List<NixBindingNode>();
            var tree = NixAttrTree.Start(recursive);
            while (true)
            {
                var t = Peek();
                if (t.Kind != NixTokenKind.Inherit && !StartsAttr(t)) return (bindings, tree);
                var saved = _stack;
                try
                {
                    NixBindingNode binding = t.Kind == NixTokenKind.Inherit ? ParseInherit(entries) : ParseBinding(entries);
                    bindings.Add(binding);
                    var before = tree.Problem;
                    tree.Add(binding);
                    if (before is null && tree.Problem is { } duplicate) Problem(duplicate);
                }
                catch (SyntaxException ex) when (!ex.Fatal)
                {
                    Record(ex.Diagnostic);
                    _stack = saved;
                    if (!SkipBinding(closedByIn)) return (bindings, tree);
                }
            }
        }

        private NixBinding ParseBinding(int entries)
        {
            var start = Peek().Start;
            var path = ParseAttrPath();
            ExpectChar('=');
            var value = Nested(entries + 2, ParseExpr);
            var semicolon = ExpectChar(';');
            return new NixBinding(_source, start, semicolon.End, path, value);
        }

        private NixInherit ParseInherit(int entries)
        {
            var keyword = Take();
            NixExpr? from = null;
            if (Peek().Is('('))
            {
                Take();
                from = Nested(entries + 2, ParseExpr);
                ExpectChar(')');
            }
            var names = new List<NixAttrName>();
            while (StartsAttr(Peek()))
            {
                var name = ParseAttr();
                if (name.Name is null)
                    throw new SyntaxException(new NixParseDiagnostic(name.Location, "dynamic attributes not allowed in inherit"));
                names.Add(name);
            }
            var semicolon = ExpectChar(';');
            return new NixInherit(_source, keyword.Start, semicolon.End, from, names);
        }

        /// <summary>Skips the rest of a binding that failed: to its <c>;</c>, or to the end of the bindings. False at the end of the input.</summary>
        private bool SkipBinding(bool closedByIn)
        {
            var depth = 0;
            while (true)
            {
                var t = Peek();
                switch (t.Kind)
                {
                    case NixTokenKind.Eof:
                        return false;
                    case NixTokenKind.OpenBrace:
                    case NixTokenKind.DollarCurly:
                        depth++;
                        break;
                    case NixTokenKind.CloseBrace:
                        if (depth == 0) return true;
                        depth--;
                        break;
                    case NixTokenKind.In when depth == 0 && closedByIn:
                        return true;
                    case NixTokenKind.Char when t.Char is (byte)'(' or (byte)'[':
                        depth++;
                        break;
                    case NixTokenKind.Char when t.Char is (byte)')' or (byte)']':
                        if (depth > 0) depth--;
                        break;
                    case NixTokenKind.Char when t.Char == ';' && depth == 0:
                        Take();
                        return true;
                }
                Take();
            }
        }

        private List<NixAttrName> ParseAttrPath()
        {
            var path = new List<NixAttrName> { ParseAttr() };
            while (Peek().Is('.'))
            {
                Take();
                path.Add(ParseAttr());
            }
            return path;
        }

        /// <summary><c>attr</c> or <c>string_attr</c>: static when Nix's parser sees a constant string.</summary>
        private NixAttrName ParseAttr()
        {
            var t = Peek();
            switch (t.Kind)
            {
                case NixTokenKind.Id:
                    Take();
                    return new NixAttrName(_source, t.Start, t.End, TextOf(t), null);
                case NixTokenKind.OrKw:
                    Take();
                    return new NixAttrName(_source, t.Start, t.End, "or", null);
                case NixTokenKind.Quote:
                {
                    var s = ParseString();
                    return s.StaticText is { } text
                        ? new NixAttrName(_source, s.Start, s.End, text, null)
                        : new NixAttrName(_source, s.Start, s.End, null, s);
                }
                case NixTokenKind.DollarCurly:
                {
                    Take();
                    var inner = Nested(1, ParseExpr);
                    var close = Expect(NixTokenKind.CloseBrace);
                    var text = inner switch
                    {
                        NixStringExpr { StaticText: { } s } => s,
                        NixUriExpr uri => uri.Uri,
                        _ => null,
                    };
                    return new NixAttrName(_source, t.Start, close.End, text, text is null ? inner : null);
                }
                default:
                    throw Unexpected(t);
            }
        }
    }
}

/// <summary>
/// Runs deep recursive work (evaluation, a deeply nested parse) on a thread with a large stack.
/// Where the address space is limited (<c>ulimit -v</c>, a container) a stack of the size asked
/// may not be reservable: the thread then gets the largest of the halved sizes that is, and the
/// work, which checks the room left on its stack as it descends, refuses deep input sooner.
/// </summary>
public static class BigStack
{
    internal const int DefaultStackSize = 64 * 1024 * 1024;

    /// <summary>The smallest stack the work is started on; below it the process is out of memory.</summary>
    internal const int MinimumStackSize = 4 * 1024 * 1024;

    public static T Run<T>(Func<T> work, int stackSize = DefaultStackSize)
    {
        T? value = default;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var thread = Start(() =>
        {
            try { value = work(); }
            catch (Exception ex) { error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex); }
        }, stackSize);
        thread.Join();
        error?.Throw();
        return value!;
    }

    /// <summary>The stack sizes tried, largest first: the one asked, then halves of it down to <see cref="MinimumStackSize"/>.</summary>
    internal static IEnumerable<int> StackSizes(int stackSize)
    {
        for (var size = stackSize; size >= MinimumStackSize; size /= 2) yield return size;
        if (stackSize < MinimumStackSize) yield return stackSize;
    }

    private static Thread Start(ThreadStart body, int stackSize)
    {
        OutOfMemoryException? refused = null;
        foreach (var size in StackSizes(stackSize))
        {
            var thread = new Thread(body, size) { IsBackground = true, Name = "uc-guards nix" };
            try
            {
                thread.Start();
                return thread;
            }
            catch (OutOfMemoryException ex)
            {
                refused = ex;
            }
        }
        throw refused!;
    }
}
