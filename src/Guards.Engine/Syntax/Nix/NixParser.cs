using System.Globalization;
using System.Text;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>A reason a Nix file is not fully readable: a syntax error, or what Nix's parser also rejects.</summary>
public sealed record NixParseDiagnostic(NixLocation Location, string Message);

/// <summary>The result of parsing one Nix file: the managed tree and the first parse problem, if any.</summary>
public sealed class NixParseResult
{
    public required NixSource Source { get; init; }
    public required NixExpr Root { get; init; }

    /// <summary>The first problem (syntax error, undefined variable, duplicate attribute), or null.</summary>
    public NixParseDiagnostic? Error { get; init; }

    public bool HasError => Error is not null;
}

/// <summary>
/// Parses Nix with tree-sitter-nix and converts the tree to <see cref="NixExpr"/>. Besides syntax
/// errors it checks what Nix's own parser rejects before any evaluation (undefined variables
/// outside <c>with</c>, duplicate attributes, duplicate formals), so UCG0001 agrees with
/// <c>nix-instantiate --parse</c>.
/// </summary>
public static class NixParser
{
    private const int MaxDepth = 1000;

    public static NixParseResult Parse(SourceText text, TimeSpan budget)
    {
        var source = new NixSource(text);
        var parser = TsParser.ForCurrentThread(TsLanguage.Nix);
        if (!parser.TryParse(source.Text.Utf8, budget, out var tree) || tree is null)
        {
            var message = $"the Nix parser ran over its budget of {budget.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
            return new NixParseResult
            {
                Source = source,
                Root = new NixErrorExpr(source, 0, source.Text.Utf8.Length, message),
                Error = new NixParseDiagnostic(source.Location(0, 0), message),
            };
        }
        using (tree)
        {
            var converter = new Converter(source);
            var root = tree.Root;
            var expressionNode = root.ChildByFieldName("expression");
            NixExpr expr = expressionNode.IsNull
                ? new NixErrorExpr(source, 0, source.Text.Utf8.Length, "the file holds no expression")
                : converter.Convert(expressionNode, 0);
            NixParseDiagnostic? error = null;
            if (root.HasError)
            {
                var bad = root.FirstErrorOrMissing();
                if (!bad.IsNull)
                {
                    var message = bad.IsMissing
                        ? $"syntax error: missing {Describe(bad.Type)}"
                        : $"syntax error: unexpected {Describe(FirstTokenText(bad, source))}";
                    error = new NixParseDiagnostic(source.Location(bad.StartByte, Math.Max(bad.EndByte, bad.StartByte)), message);
                }
                else
                {
                    error = new NixParseDiagnostic(source.Location(0, 0), "syntax error");
                }
            }
            else if (expressionNode.IsNull)
            {
                error = new NixParseDiagnostic(source.Location(0, 0), "syntax error: the file holds no expression");
            }
            error ??= converter.FirstProblem;
            error ??= NixScopeCheck.FirstProblem(expr);
            return new NixParseResult { Source = source, Root = expr, Error = error };
        }
    }

    private static string FirstTokenText(TsNode node, NixSource source)
    {
        var text = source.Text.TextOfBytes(node.StartByte, Math.Min(node.EndByte, node.StartByte + 40));
        var line = text.Split('\n')[0].Trim();
        return line.Length == 0 ? "end of input" : line;
    }

    private static string Describe(string token) => token switch
    {
        "" => "token",
        _ when token.All(c => char.IsLetterOrDigit(c) || c == '_') => $"'{token}'",
        _ => $"'{token}'",
    };

    private sealed class Converter(NixSource source)
    {
        public NixParseDiagnostic? FirstProblem { get; private set; }

        private void Problem(int start, int end, string message) =>
            FirstProblem ??= new NixParseDiagnostic(source.Location(start, end), message);

        private NixErrorExpr Error(TsNode node, string reason) => new(source, node.StartByte, node.EndByte, reason);

        public NixExpr Convert(TsNode node, int depth)
        {
            if (node.IsNull) return new NixErrorExpr(source, 0, 0, "missing expression");
            if (depth > MaxDepth) return Error(node, "expression nested too deeply");
            if (node.IsError || node.IsMissing) return Error(node, "syntax error");
            int a = node.StartByte, b = node.EndByte;
            var d = depth + 1;
            switch (node.Type)
            {
                case "parenthesized_expression":
                    return Convert(node.ChildByFieldName("expression"), d);
                case "integer_expression":
                    return long.TryParse(node.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                        ? new NixIntExpr(source, a, b, i)
                        : Error(node, "integer out of range");
                case "float_expression":
                    return double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
                        ? new NixFloatExpr(source, a, b, f)
                        : Error(node, "malformed float");
                case "string_expression":
                    return new NixStringExpr(source, a, b, StringParts(node, indented: false, d));
                case "indented_string_expression":
                    return new NixStringExpr(source, a, b, StripIndentation(StringParts(node, indented: true, d)));
                case "path_expression":
                case "hpath_expression":
                    return PathExpr(node, d);
                case "spath_expression":
                    return new NixSearchPathExpr(source, a, b, node.Text.Trim('<', '>'));
                case "uri_expression":
                    return new NixUriExpr(source, a, b, node.Text);
                case "variable_expression":
                    return new NixVarExpr(source, a, b, node.ChildByFieldName("name").Text);
                case "select_expression":
                {
                    var target = Convert(node.ChildByFieldName("expression"), d);
                    var path = AttrPath(node.ChildByFieldName("attrpath"), d);
                    var dflt = node.ChildByFieldName("default");
                    return new NixSelectExpr(source, a, b, target, path, dflt.IsNull ? null : Convert(dflt, d));
                }
                case "has_attr_expression":
                    return new NixHasAttrExpr(source, a, b, Convert(node.ChildByFieldName("expression"), d), AttrPath(node.ChildByFieldName("attrpath"), d));
                case "apply_expression":
                    return new NixApplyExpr(source, a, b, Convert(node.ChildByFieldName("function"), d), Convert(node.ChildByFieldName("argument"), d));
                case "function_expression":
                    return Lambda(node, d);
                case "attrset_expression":
                    return new NixAttrSetExpr(source, a, b, false, Bindings(node, d));
                case "rec_attrset_expression":
                    return new NixAttrSetExpr(source, a, b, true, Bindings(node, d));
                case "let_attrset_expression":
                    return Error(node, "the legacy `let { ... }` form is not read");
                case "let_expression":
                    return new NixLetExpr(source, a, b, Bindings(node, d), Convert(node.ChildByFieldName("body"), d));
                case "list_expression":
                {
                    var items = new List<NixExpr>();
                    foreach (var child in NamedChildren(node)) items.Add(Convert(child, d));
                    return new NixListExpr(source, a, b, items);
                }
                case "if_expression":
                    return new NixIfExpr(source, a, b, Convert(node.ChildByFieldName("condition"), d), Convert(node.ChildByFieldName("consequence"), d), Convert(node.ChildByFieldName("alternative"), d));
                case "assert_expression":
                    return new NixAssertExpr(source, a, b, Convert(node.ChildByFieldName("condition"), d), Convert(node.ChildByFieldName("body"), d));
                case "with_expression":
                    return new NixWithExpr(source, a, b, Convert(node.ChildByFieldName("environment"), d), Convert(node.ChildByFieldName("body"), d));
                case "binary_expression":
                {
                    var op = node.ChildByFieldName("operator");
                    return new NixBinaryExpr(source, a, b, op.IsNull ? "?" : op.Type, Convert(node.ChildByFieldName("left"), d), Convert(node.ChildByFieldName("right"), d));
                }
                case "unary_expression":
                {
                    var op = node.ChildByFieldName("operator");
                    return new NixUnaryExpr(source, a, b, op.IsNull ? "?" : op.Type, Convert(node.ChildByFieldName("argument"), d));
                }
                default:
                    return Error(node, $"unexpected {node.Type}");
            }
        }

        private static IEnumerable<TsNode> NamedChildren(TsNode node)
        {
            var count = node.NamedChildCount;
            for (var i = 0; i < count; i++)
            {
                var child = node.NamedChild(i);
                if (child.Type == "comment") continue;
                yield return child;
            }
        }

        private NixExpr Lambda(TsNode node, int d)
        {
            var universal = node.ChildByFieldName("universal");
            var formalsNode = node.ChildByFieldName("formals");
            List<NixFormal>? formals = null;
            var ellipsis = false;
            if (!formalsNode.IsNull)
            {
                formals = [];
                foreach (var child in NamedChildren(formalsNode))
                {
                    if (child.Type == "ellipses") { ellipsis = true; continue; }
                    if (child.Type != "formal") { Problem(child.StartByte, child.EndByte, "syntax error in the argument set"); continue; }
                    var name = child.ChildByFieldName("name");
                    var dflt = child.ChildByFieldName("default");
                    formals.Add(new NixFormal(source, child.StartByte, child.EndByte, name.Text, dflt.IsNull ? null : Convert(dflt, d)));
                }
            }
            return new NixLambdaExpr(source, node.StartByte, node.EndByte, universal.IsNull ? null : universal.Text, formals, ellipsis, Convert(node.ChildByFieldName("body"), d));
        }

        private List<NixBindingNode> Bindings(TsNode node, int d)
        {
            var result = new List<NixBindingNode>();
            foreach (var child in NamedChildren(node))
            {
                if (child.Type != "binding_set") continue;
                foreach (var binding in NamedChildren(child))
                {
                    switch (binding.Type)
                    {
                        case "binding":
                        {
                            var path = AttrPath(binding.ChildByFieldName("attrpath"), d);
                            if (path.Count == 0) { Problem(binding.StartByte, binding.EndByte, "syntax error: binding without a name"); continue; }
                            result.Add(new NixBinding(source, binding.StartByte, binding.EndByte, path, Convert(binding.ChildByFieldName("expression"), d)));
                            break;
                        }
                        case "inherit":
                            result.Add(new NixInherit(source, binding.StartByte, binding.EndByte, null, InheritedNames(binding.ChildByFieldName("attrs"), d)));
                            break;
                        case "inherit_from":
                            result.Add(new NixInherit(source, binding.StartByte, binding.EndByte, Convert(binding.ChildByFieldName("expression"), d), InheritedNames(binding.ChildByFieldName("attrs"), d)));
                            break;
                    }
                }
            }
            return result;
        }

        private List<NixAttrName> InheritedNames(TsNode attrs, int d) => attrs.IsNull ? [] : AttrNames(attrs, d);

        private List<NixAttrName> AttrPath(TsNode attrpath, int d) => attrpath.IsNull ? [] : AttrNames(attrpath, d);

        private List<NixAttrName> AttrNames(TsNode parent, int d)
        {
            var names = new List<NixAttrName>();
            foreach (var child in NamedChildren(parent))
            {
                switch (child.Type)
                {
                    case "identifier":
                        names.Add(new NixAttrName(source, child.StartByte, child.EndByte, child.Text, null));
                        break;
                    case "string_expression":
                    {
                        var parts = StringParts(child, indented: false, d);
                        var literal = parts.All(p => p.Literal is not null) ? string.Concat(parts.Select(p => p.Literal)) : null;
                        names.Add(literal is not null
                            ? new NixAttrName(source, child.StartByte, child.EndByte, literal, null)
                            : new NixAttrName(source, child.StartByte, child.EndByte, null, new NixStringExpr(source, child.StartByte, child.EndByte, parts)));
                        break;
                    }
                    case "interpolation":
                        names.Add(new NixAttrName(source, child.StartByte, child.EndByte, null, Convert(child.ChildByFieldName("expression"), d)));
                        break;
                    default:
                        names.Add(new NixAttrName(source, child.StartByte, child.EndByte, null, Error(child, "unreadable attribute name")));
                        break;
                }
            }
            return names;
        }

        private List<NixStringPart> StringParts(TsNode node, bool indented, int d)
        {
            var parts = new List<NixStringPart>();
            foreach (var child in NamedChildren(node))
            {
                switch (child.Type)
                {
                    case "string_fragment":
                    case "path_fragment":
                        parts.Add(new NixStringPart(child.Text, null));
                        break;
                    case "escape_sequence":
                        parts.Add(new NixStringPart(Unescape(child.Text, indented), null));
                        break;
                    case "dollar_escape":
                        break;
                    case "interpolation":
                        parts.Add(new NixStringPart(null, Convert(child.ChildByFieldName("expression"), d)));
                        break;
                    default:
                        parts.Add(new NixStringPart(null, Error(child, "unreadable string part")));
                        break;
                }
            }
            return parts;
        }

        private static string Unescape(string escape, bool indented)
        {
            if (indented)
            {
                if (escape == "'''") return "''";
                escape = escape.StartsWith("''", StringComparison.Ordinal) ? escape[2..] : escape;
            }
            if (escape.Length < 2 || escape[0] != '\\') return escape;
            return escape[1] switch
            {
                'n' => "\n",
                't' => "\t",
                'r' => "\r",
                var c => c.ToString(),
            };
        }

        private NixExpr PathExpr(TsNode node, int d)
        {
            var parts = StringParts(node, indented: false, d);
            var first = parts.Count > 0 ? parts[0].Literal ?? "" : "";
            var kind = node.Type == "hpath_expression" || first.StartsWith('~') ? NixPathKind.Home
                : first.StartsWith('/') ? NixPathKind.Absolute
                : NixPathKind.Relative;
            return new NixPathExpr(source, node.StartByte, node.EndByte, kind, parts);
        }

        /// <summary>Nix's indented-string rule: drop the common indentation, the first line when blank, trailing blanks of the last line.</summary>
        private static List<NixStringPart> StripIndentation(List<NixStringPart> parts)
        {
            // Measure the smallest indentation of lines that hold something (an interpolation counts).
            var minIndent = int.MaxValue;
            var atLineStart = true;
            var indent = 0;
            foreach (var part in parts)
            {
                if (part.Literal is null)
                {
                    if (atLineStart) { minIndent = Math.Min(minIndent, indent); atLineStart = false; }
                    continue;
                }
                foreach (var c in part.Literal)
                {
                    if (atLineStart)
                    {
                        if (c == ' ') { indent++; continue; }
                        if (c == '\n') { indent = 0; continue; }
                        minIndent = Math.Min(minIndent, indent);
                        atLineStart = false;
                    }
                    if (c == '\n') { atLineStart = true; indent = 0; }
                }
            }
            if (minIndent == int.MaxValue) minIndent = 0;

            var result = new List<NixStringPart>();
            var sb = new StringBuilder();
            atLineStart = true;
            var skipped = 0;
            foreach (var part in parts)
            {
                if (part.Literal is null)
                {
                    if (sb.Length > 0) { result.Add(new NixStringPart(sb.ToString(), null)); sb.Clear(); }
                    result.Add(part);
                    atLineStart = false;
                    continue;
                }
                foreach (var c in part.Literal)
                {
                    if (atLineStart && c == ' ' && skipped < minIndent) { skipped++; continue; }
                    atLineStart = false;
                    sb.Append(c);
                    if (c == '\n') { atLineStart = true; skipped = 0; }
                }
            }
            if (sb.Length > 0) result.Add(new NixStringPart(sb.ToString(), null));

            // A first line holding only spaces is dropped; so are the spaces after the last newline.
            if (result.Count > 0 && result[0].Literal is { } head)
            {
                var newline = head.IndexOf('\n');
                if (newline >= 0 && head[..newline].All(ch => ch == ' ')) result[0] = new NixStringPart(head[(newline + 1)..], null);
            }
            if (result.Count > 0 && result[^1].Literal is { } tail)
            {
                var newline = tail.LastIndexOf('\n');
                if (newline >= 0 && tail[(newline + 1)..].All(ch => ch == ' ')) result[^1] = new NixStringPart(tail[..(newline + 1)], null);
                else if (newline < 0 && result.Count == 1 && tail.All(ch => ch == ' ')) result[^1] = new NixStringPart("", null);
            }
            return result;
        }
    }
}

/// <summary>Runs deep recursive work (evaluation) on a thread with a large stack.</summary>
public static class BigStack
{
    private const int StackSize = 256 * 1024 * 1024;

    public static T Run<T>(Func<T> work)
    {
        T? value = default;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try { value = work(); }
            catch (Exception ex) { error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex); }
        }, StackSize)
        { IsBackground = true, Name = "uc-guards nix" };
        thread.Start();
        thread.Join();
        error?.Throw();
        return value!;
    }
}
