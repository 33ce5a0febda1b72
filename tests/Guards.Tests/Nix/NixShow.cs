using System.Globalization;
using System.Text;
using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Tests.Nix;

/// <summary>
/// Prints an expression as Nix 2.8's <c>nix-instantiate --parse</c> prints its tree (Expr::show,
/// with Nix's desugarings: <c>a - b</c> is <c>(__sub a b)</c>, <c>&lt;p&gt;</c> is
/// <c>(__findFile __nixPath "p")</c>, a call's arguments are flattened), so that the reader's tree
/// can be compared with Nix's. Canonical mode orders let bindings and formals by name (Nix orders
/// them by the address of their symbol) and flattens string concatenation, so that a tree can be
/// compared with the one read back from Nix's printed form.
/// </summary>
internal sealed class NixShow(string baseDirectory, string home, bool canonical = false)
{
    public string Show(NixExpr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr);
        return sb.ToString();
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"' or '\\' or '$': sb.Append('\\').Append(c); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string Id(string s)
    {
        if (s.Length == 0) return "\"\"";
        if (s == "if") return "\"if\"";
        if (!(char.IsAsciiLetter(s[0]) || s[0] == '_')) return Quote(s);
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '\'' or '-')) return Quote(s);
        }
        return s;
    }

    /// <summary>C++'s default stream format for a double (six significant digits, %g).</summary>
    private static string Float(double d)
    {
        if (d == 0) return "0";
        var s = d.ToString("G6", CultureInfo.InvariantCulture).Replace('E', 'e');
        var e = s.IndexOf('e');
        if (e < 0) return s;
        var exponent = s[(e + 2)..].TrimStart('0').PadLeft(2, '0');
        return s[..(e + 2)] + exponent;
    }

    private string AttrPath(IReadOnlyList<NixAttrName> path) =>
        string.Join(".", path.Select(n => n.Name is { } s ? Id(s) : "\"${" + Show(Unwrap(n.Dynamic!)) + "}\""));

    /// <summary>Read back from Nix's print, <c>"${x}"</c> is a string around x: canonically, x.</summary>
    private NixExpr Unwrap(NixExpr e) => canonical && e is NixStringExpr { Parts: [{ Interpolation: { } inner }] } ? inner : e;

    private static string Canonical(string path)
    {
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(segment);
        }
        return "/" + string.Join('/', parts);
    }

    private string PathText(NixPathExpr p)
    {
        var first = p.Parts[0].Literal!;
        if (p.Kind == NixPathKind.Home) return home + first[1..];
        var absolute = first.StartsWith('/') ? Canonical(first) : Canonical(baseDirectory + "/" + first);
        if (first.EndsWith('/') && first.Length > 1) absolute += "/";
        return absolute;
    }

    /// <summary>The expressions Nix's parser makes a call of, with the call's arguments flattened as its expr_app does.</summary>
    private (string Head, List<string> Args)? Call(NixExpr e) => e switch
    {
        NixApplyExpr app => Call(app.Function) is { } c ? (c.Head, [.. c.Args, Show(app.Argument)]) : (Show(app.Function), [Show(app.Argument)]),
        NixUnaryExpr { Operator: "-" } u => ("__sub", ["0", Show(u.Operand)]),
        NixBinaryExpr { Operator: "-" } b => ("__sub", [Show(b.Left), Show(b.Right)]),
        NixBinaryExpr { Operator: "*" } b => ("__mul", [Show(b.Left), Show(b.Right)]),
        NixBinaryExpr { Operator: "/" } b => ("__div", [Show(b.Left), Show(b.Right)]),
        NixBinaryExpr { Operator: "<" } b => ("__lessThan", [Show(b.Left), Show(b.Right)]),
        NixBinaryExpr { Operator: ">" } b => ("__lessThan", [Show(b.Right), Show(b.Left)]),
        NixSearchPathExpr sp => ("__findFile", ["__nixPath", Quote(sp.SearchPath)]),
        _ => null,
    };

    private static bool IsConstant(NixStringExpr s) => s.StaticText is not null && s.Parts.Count <= 1;

    private void Terms(NixExpr e, List<string> terms)
    {
        switch (e)
        {
            case NixBinaryExpr { Operator: "+" } b:
                Terms(b.Left, terms);
                Terms(b.Right, terms);
                return;
            case NixStringExpr s when !IsConstant(s):
                foreach (var part in s.Parts)
                {
                    if (part.Literal is { } literal) terms.Add(Quote(literal));
                    else Terms(part.Interpolation!, terms);
                }
                return;
            default:
                terms.Add(Show(e));
                return;
        }
    }

    private void Write(StringBuilder sb, NixExpr e)
    {
        if (canonical && (e is NixBinaryExpr { Operator: "+" } || e is NixStringExpr s0 && !IsConstant(s0)))
        {
            var terms = new List<string>();
            Terms(e, terms);
            sb.Append(terms.Count == 1 ? terms[0] : "(" + string.Join(" + ", terms) + ")");
            return;
        }
        if (Call(e) is { } call)
        {
            sb.Append('(').Append(call.Head);
            foreach (var argument in call.Args) sb.Append(' ').Append(argument);
            sb.Append(')');
            return;
        }
        switch (e)
        {
            case NixIntExpr i:
                sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case NixFloatExpr f:
                sb.Append(Float(f.Value));
                break;
            case NixStringExpr s when IsConstant(s):
                sb.Append(Quote(s.StaticText!));
                break;
            case NixStringExpr s:
                sb.Append('(');
                for (var i = 0; i < s.Parts.Count; i++)
                {
                    if (i > 0) sb.Append(" + ");
                    if (s.Parts[i].Literal is { } literal) sb.Append(Quote(literal));
                    else Write(sb, s.Parts[i].Interpolation!);
                }
                sb.Append(')');
                break;
            case NixPathExpr p when p.Parts.Count == 1:
                sb.Append(PathText(p));
                break;
            case NixPathExpr p:
                sb.Append('(').Append(PathText(p));
                foreach (var part in p.Parts.Skip(1))
                {
                    sb.Append(" + ");
                    if (part.Literal is { } literal) sb.Append(Quote(literal));
                    else Write(sb, part.Interpolation!);
                }
                sb.Append(')');
                break;
            case NixUriExpr u:
                sb.Append(Quote(u.Uri));
                break;
            case NixVarExpr v:
                sb.Append(v.Name == NixScopeCheck.CurrentPosition ? v.Name : Id(v.Name));
                break;
            case NixSelectExpr select:
                sb.Append('(');
                Write(sb, select.Target);
                sb.Append(").").Append(AttrPath(select.Path));
                if (select.Default is { } dflt)
                {
                    sb.Append(" or (");
                    Write(sb, dflt);
                    sb.Append(')');
                }
                break;
            case NixHasAttrExpr has:
                sb.Append("((");
                Write(sb, has.Target);
                sb.Append(") ? ").Append(AttrPath(has.Path)).Append(')');
                break;
            case NixAttrSetExpr set:
                WriteSet(sb, set.Tree, set.Recursive);
                break;
            case NixListExpr list:
                sb.Append("[ ");
                foreach (var item in list.Items)
                {
                    sb.Append('(');
                    Write(sb, item);
                    sb.Append(") ");
                }
                sb.Append(']');
                break;
            case NixLambdaExpr lambda:
                WriteLambda(sb, lambda);
                break;
            case NixLetExpr let:
                sb.Append("(let ");
                var bindings = canonical ? let.Tree.Static.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList() : let.Tree.Static;
                foreach (var (name, node) in bindings)
                {
                    if (node.Definition is NixInherit { From: null }) sb.Append("inherit ").Append(Id(name)).Append("; ");
                    else
                    {
                        sb.Append(Id(name)).Append(" = ");
                        WriteNode(sb, node, name);
                        sb.Append("; ");
                    }
                }
                sb.Append("in ");
                Write(sb, let.Body);
                sb.Append(')');
                break;
            case NixWithExpr with:
                sb.Append("(with ");
                Write(sb, with.Environment);
                sb.Append("; ");
                Write(sb, with.Body);
                sb.Append(')');
                break;
            case NixIfExpr ifExpr:
                sb.Append("(if ");
                Write(sb, ifExpr.Condition);
                sb.Append(" then ");
                Write(sb, ifExpr.Then);
                sb.Append(" else ");
                Write(sb, ifExpr.Else);
                sb.Append(')');
                break;
            case NixAssertExpr assert:
                sb.Append("assert ");
                Write(sb, assert.Condition);
                sb.Append("; ");
                Write(sb, assert.Body);
                break;
            case NixUnaryExpr { Operator: "!" } not:
                sb.Append("(! ");
                Write(sb, not.Operand);
                sb.Append(')');
                break;
            case NixBinaryExpr { Operator: "<=" } b:
                sb.Append("(! (__lessThan ");
                Write(sb, b.Right);
                sb.Append(' ');
                Write(sb, b.Left);
                sb.Append("))");
                break;
            case NixBinaryExpr { Operator: ">=" } b:
                sb.Append("(! (__lessThan ");
                Write(sb, b.Left);
                sb.Append(' ');
                Write(sb, b.Right);
                sb.Append("))");
                break;
            case NixBinaryExpr b:
                sb.Append('(');
                Write(sb, b.Left);
                sb.Append(' ').Append(b.Operator).Append(' ');
                Write(sb, b.Right);
                sb.Append(')');
                break;
            default:
                sb.Append("<unprintable ").Append(e.GetType().Name).Append('>');
                break;
        }
    }

    private void WriteLambda(StringBuilder sb, NixLambdaExpr lambda)
    {
        sb.Append('(');
        if (lambda.Formals is { } formals)
        {
            sb.Append("{ ");
            var first = true;
            foreach (var formal in canonical ? formals.OrderBy(f => f.Name, StringComparer.Ordinal).ToList() : formals)
            {
                if (!first) sb.Append(", ");
                first = false;
                sb.Append(Id(formal.Name));
                if (formal.Default is { } dflt)
                {
                    sb.Append(" ? ");
                    Write(sb, dflt);
                }
            }
            if (lambda.Ellipsis)
            {
                if (!first) sb.Append(", ");
                sb.Append("...");
            }
            sb.Append(" }");
            if (lambda.Parameter is not null) sb.Append(" @ ");
        }
        if (lambda.Parameter is { } parameter) sb.Append(Id(parameter));
        sb.Append(": ");
        Write(sb, lambda.Body);
        sb.Append(')');
    }

    private void WriteNode(StringBuilder sb, NixAttrNode node, string name)
    {
        if (node.NestedTree is { } nested)
        {
            WriteSet(sb, nested, nested.Recursive);
            return;
        }
        if (node.Definition is NixInherit { From: { } from })
        {
            sb.Append('(');
            Write(sb, from);
            sb.Append(").").Append(Id(name));
            return;
        }
        Write(sb, node.Value!);
    }

    private void WriteSet(StringBuilder sb, NixAttrTree tree, bool recursive)
    {
        if (recursive) sb.Append("rec ");
        sb.Append("{ ");
        foreach (var (name, node) in tree.Static.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (node.Definition is NixInherit { From: null })
            {
                sb.Append("inherit ").Append(Id(name)).Append(" ; ");
                continue;
            }
            sb.Append(Id(name)).Append(" = ");
            WriteNode(sb, node, name);
            sb.Append("; ");
        }
        foreach (var dynamic in tree.Dynamic)
        {
            sb.Append("\"${");
            Write(sb, Unwrap(dynamic.Binding.Path[dynamic.Index].Dynamic!));
            sb.Append("}\" = ");
            if (dynamic.Index == dynamic.Binding.Path.Count - 1) Write(sb, dynamic.Binding.Value);
            else
            {
                var rest = new NixBinding(dynamic.Binding.Source, dynamic.Binding.Start, dynamic.Binding.End,
                    dynamic.Binding.Path.Skip(dynamic.Index + 1).ToList(), dynamic.Binding.Value);
                WriteSet(sb, NixAttrTree.Build([rest], false), false);
            }
            sb.Append("; ");
        }
        sb.Append('}');
    }
}
