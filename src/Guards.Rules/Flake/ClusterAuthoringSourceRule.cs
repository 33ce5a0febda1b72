using System.Text;
using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using UltraCloud.Guards.Engine.Syntax.Shell;

namespace UltraCloud.Guards.Rules.Flake;

/// <summary>
/// UCG2006: rollout and scheduling tests take cluster state from <c>ultracloud.cluster</c>, not from
/// nix-nos beyond its network primitives and not from ad hoc shell state. In Nix files of the
/// scope, any attribute path through a nix-nos name (<c>nix-nos.cluster</c>,
/// <c>config.nix-nos.nodes</c>, <c>inherit (nix-nos) topology</c>) whose next name is neither an
/// allowed primitive nor wiring is reported at that name. In shell files, a cluster-state
/// variable (policy globs such as <c>*NODES</c>) given a literal value is reported at the variable.
/// </summary>
public sealed class ClusterAuthoringSourceRule : FileRule
{
    private HashSet<string> _names = [];
    private HashSet<string> _allowed = [];
    private HashSet<string> _wiring = [];
    private GlobAutomaton[]? _shellVariables;
    private byte[][] _nixNeedles = [];
    private string _source = "ultracloud.cluster";

    public override string Id => "UCG2006";

    protected override void OnConfigure()
    {
        var section = Policy.Section("cluster-authoring")?.AsMapping("cluster-authoring")
            .OnlyKeys("cluster-authoring", "source", "schema-file", "nix-nos-allowed", "nix-nos-names", "nix-nos-wiring", "shell-state-variables");
        _source = section?.OptionalString("source", "cluster-authoring") ?? _source;
        _names = new HashSet<string>(section?.OptionalStringList("nix-nos-names", "cluster-authoring") is { Count: > 0 } n ? n : ["nix-nos"], StringComparer.Ordinal);
        _allowed = new HashSet<string>(section?.OptionalStringList("nix-nos-allowed", "cluster-authoring") ?? [], StringComparer.Ordinal);
        _wiring = new HashSet<string>(section?.OptionalStringList("nix-nos-wiring", "cluster-authoring") ?? [], StringComparer.Ordinal);
        var globs = section?.OptionalStringList("shell-state-variables", "cluster-authoring") ?? [];
        _shellVariables = globs.Count == 0 ? null
            : globs.Select(g => GlobAutomaton.Compile(g, braces: false)).ToArray();
        _nixNeedles = _names.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public override bool HandlesFile(string relativePath) =>
        NixSyntax.IsNixFile(relativePath) || relativePath.EndsWith(".sh", StringComparison.Ordinal);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8)
    {
        foreach (var needle in _nixNeedles)
        {
            if (utf8.IndexOf(needle) >= 0) return true;
        }
        // Shell variables: any assignment may hold cluster state.
        return _shellVariables is not null && utf8.IndexOf((byte)'=') >= 0;
    }

    public override void Analyze(FileContext context)
    {
        if (NixSyntax.IsNixFile(context.Path)) AnalyzeNix(context);
        else if (_shellVariables is not null) AnalyzeShell(context);
    }

    // ------------------------------------------------------------------ Nix

    private void AnalyzeNix(FileContext context)
    {
        if (!_nixNeedles.Any(n => context.Text.Utf8.AsSpan().IndexOf(n) >= 0)) return;
        var parse = NixSyntax.Of(context);
        var stack = new Stack<NixExpr>();
        stack.Push(parse.Root);
        while (stack.Count > 0)
        {
            var expr = stack.Pop();
            switch (expr)
            {
                case NixSelectExpr select:
                    CheckPath(context, Flatten(select.Target).Concat(select.Path).ToList());
                    break;
                case NixHasAttrExpr has:
                    CheckPath(context, Flatten(has.Target).Concat(has.Path).ToList());
                    break;
                case NixAttrSetExpr set:
                    CheckBindings(context, set.Bindings, []);
                    break;
                case NixLetExpr let:
                    CheckBindings(context, let.Bindings, []);
                    break;
            }
            foreach (var child in Children(expr)) stack.Push(child);
        }
    }

    /// <summary>The names of a selection's target: <c>config.nix-nos</c> gives [config, nix-nos].</summary>
    private static IEnumerable<NixAttrName?> Flatten(NixExpr target) => target switch
    {
        NixVarExpr v => [new NixAttrName(v.Source, v.Start, v.End, v.Name, null)],
        NixSelectExpr s => Flatten(s.Target).Concat(s.Path),
        _ => [null],
    };

    private void CheckPath(FileContext context, IReadOnlyList<NixAttrName?> names)
    {
        for (var i = 0; i < names.Count - 1; i++)
        {
            if (names[i]?.Name is not { } name || !_names.Contains(name)) continue;
            var next = names[i + 1];
            if (next is null) continue;
            var nextName = NixAttrTree.StaticName(next);
            if (nextName is null || _allowed.Contains(nextName) || _wiring.Contains(nextName)) continue;
            Report(context, next.Location.Span, $"{name}.{nextName}", $"{name}.{nextName}", _source);
        }
    }

    private void CheckBindings(FileContext context, IReadOnlyList<NixBindingNode> bindings, IReadOnlyList<NixAttrName?> prefix)
    {
        foreach (var binding in bindings)
        {
            switch (binding)
            {
                case NixBinding b:
                {
                    var path = prefix.Concat(b.Path).ToList();
                    CheckPath(context, path);
                    // nix-nos = { cluster = ...; }: the nested names continue the path.
                    if (b.Value is NixAttrSetExpr nested && path.Count > 0 && path[^1]?.Name is { } last && _names.Contains(last))
                        CheckBindings(context, nested.Bindings, [path[^1]]);
                    break;
                }
                case NixInherit { From: { } from } inherit:
                {
                    var source = Flatten(from).ToList();
                    if (source.Count == 0 || source[^1]?.Name is not { } last || !_names.Contains(last)) break;
                    foreach (var name in inherit.Names) CheckPath(context, [source[^1], name]);
                    break;
                }
            }
        }
    }

    private static IEnumerable<NixExpr> Children(NixExpr expr)
    {
        switch (expr)
        {
            case NixStringExpr s:
                foreach (var p in s.Parts) if (p.Interpolation is { } e) yield return e;
                break;
            case NixPathExpr p:
                foreach (var part in p.Parts) if (part.Interpolation is { } e) yield return e;
                break;
            case NixSelectExpr sel:
                yield return sel.Target;
                foreach (var n in sel.Path) if (n.Dynamic is { } d) yield return d;
                if (sel.Default is { } dflt) yield return dflt;
                break;
            case NixHasAttrExpr has:
                yield return has.Target;
                break;
            case NixApplyExpr app:
                yield return app.Function;
                yield return app.Argument;
                break;
            case NixLambdaExpr lambda:
                foreach (var f in lambda.Formals ?? []) if (f.Default is { } d) yield return d;
                yield return lambda.Body;
                break;
            case NixAttrSetExpr set:
                foreach (var b in set.Bindings) foreach (var c in BindingChildren(b)) yield return c;
                break;
            case NixLetExpr let:
                foreach (var b in let.Bindings) foreach (var c in BindingChildren(b)) yield return c;
                yield return let.Body;
                break;
            case NixListExpr list:
                foreach (var item in list.Items) yield return item;
                break;
            case NixIfExpr i:
                yield return i.Condition;
                yield return i.Then;
                yield return i.Else;
                break;
            case NixAssertExpr a:
                yield return a.Condition;
                yield return a.Body;
                break;
            case NixWithExpr w:
                yield return w.Environment;
                yield return w.Body;
                break;
            case NixBinaryExpr bin:
                yield return bin.Left;
                yield return bin.Right;
                break;
            case NixUnaryExpr un:
                yield return un.Operand;
                break;
        }
    }

    private static IEnumerable<NixExpr> BindingChildren(NixBindingNode binding)
    {
        switch (binding)
        {
            case NixBinding b:
                foreach (var n in b.Path) if (n.Dynamic is { } d) yield return d;
                yield return b.Value;
                break;
            case NixInherit { From: { } from }:
                yield return from;
                break;
        }
    }

    // ------------------------------------------------------------------ shell

    private void AnalyzeShell(FileContext context)
    {
        if (ShellSyntax.Of(context) is not { } tree) return;
        foreach (var node in TsWalk.DescendantsPreOrder(tree.Root))
        {
            if (node.Type != "variable_assignment") continue;
            var name = node.ChildByFieldName("name");
            var value = node.ChildByFieldName("value");
            if (name.IsNull || name.Type != "variable_name" || value.IsNull) continue;
            var variable = name.Text;
            if (!_shellVariables!.Any(glob => glob.IsMatch(variable)) || !IsLiteral(value) || IsEmpty(value)) continue;
            Report(context, context.Text.SpanOfBytes(name.StartByte, name.EndByte), variable, $"shell variable {variable}", _source);
        }
    }

    /// <summary>True when the value is written out (no expansion, no command substitution).</summary>
    private static bool IsLiteral(TsNode value)
    {
        foreach (var node in TsWalk.DescendantsPreOrder(value))
        {
            switch (node.Type)
            {
                case "command_substitution":
                case "process_substitution":
                case "expansion":
                case "simple_expansion":
                case "arithmetic_expansion":
                    return false;
            }
        }
        return true;
    }

    private static bool IsEmpty(TsNode value) =>
        value.Type == "array" ? value.NamedChildCount == 0 : value.Text.Trim('"', '\'', ' ').Length == 0;
}
