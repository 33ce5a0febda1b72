namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// What Nix's parser rejects after reading the syntax (its <c>bindVars</c>): a variable bound
/// nowhere, outside any <c>with</c>. Duplicate attributes and formals are the parser's own
/// checks. Walks the tree with an explicit stack, so a long operator chain cannot exhaust the
/// thread's stack.
/// </summary>
public static class NixScopeCheck
{
    /// <summary>Names of Nix 2.8's base environment, as <c>nix-instantiate --parse</c> accepts them bare.</summary>
    public static readonly IReadOnlySet<string> GlobalNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "abort", "baseNameOf", "builtins", "derivation", "derivationStrict", "dirOf", "false", "fetchGit", "fetchMercurial",
        "fetchTarball", "fetchTree", "fromTOML", "import", "isNull", "map", "null", "placeholder", "removeAttrs",
        "scopedImport", "throw", "toString", "true",
    };

    /// <summary>The builtins Nix 2.8 also binds as <c>__name</c> at the top level (the others only under <c>builtins.</c>).</summary>
    public static readonly IReadOnlySet<string> BuiltinNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "add", "addErrorContext", "all", "any", "appendContext", "attrNames", "attrValues", "bitAnd", "bitOr", "bitXor",
        "catAttrs", "ceil", "compareVersions", "concatLists", "concatMap", "concatStringsSep", "currentSystem",
        "currentTime", "deepSeq", "div", "elem", "elemAt", "fetchurl", "filter", "filterSource", "findFile", "floor",
        "foldl'", "fromJSON", "functionArgs", "genList", "genericClosure", "getAttr", "getContext", "getEnv", "groupBy",
        "hasAttr", "hasContext", "hashFile", "hashString", "head", "intersectAttrs", "isAttrs", "isBool", "isFloat",
        "isFunction", "isInt", "isList", "isPath", "isString", "langVersion", "length", "lessThan", "listToAttrs",
        "mapAttrs", "match", "mul", "nixPath", "nixVersion", "parseDrvName", "partition", "path", "pathExists",
        "readDir", "readFile", "replaceStrings", "seq", "sort", "split", "splitVersion", "storeDir", "storePath",
        "stringLength", "sub", "substring", "tail", "toFile", "toJSON", "toPath", "toXML", "trace", "tryEval", "typeOf",
        "unsafeDiscardOutputDependency", "unsafeDiscardStringContext", "unsafeGetAttrPos", "zipAttrsWith",
    };

    /// <summary><c>__curPos</c> is not a variable: Nix's parser turns it into the current position.</summary>
    public const string CurrentPosition = "__curPos";

    public static bool IsGlobal(string name) =>
        GlobalNames.Contains(name) || name == CurrentPosition
        || (name.StartsWith("__", StringComparison.Ordinal) && BuiltinNames.Contains(name[2..]));

    public static NixParseDiagnostic? FirstProblem(NixExpr root)
    {
        var work = new Stack<(NixExpr Expr, Scope Scope)>();
        work.Push((root, Scope.Empty));
        while (work.Count > 0)
        {
            var (expr, scope) = work.Pop();
            if (Visit(expr, scope, work) is { } problem) return problem;
        }
        return null;
    }

    private sealed class Scope
    {
        public static readonly Scope Empty = new(null, new HashSet<string>(), false);

        private Scope(Scope? parent, IReadOnlySet<string> names, bool with)
        {
            Parent = parent;
            Names = names;
            InWith = with || (parent?.InWith ?? false);
        }

        public Scope? Parent { get; }
        public IReadOnlySet<string> Names { get; }
        public bool InWith { get; }

        public Scope With(IEnumerable<string> names) => new(this, names.ToHashSet(StringComparer.Ordinal), false);
        public Scope WithDynamic() => new(this, new HashSet<string>(), true);

        public bool Defines(string name)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Names.Contains(name)) return true;
            }
            return IsGlobal(name);
        }
    }

    /// <summary>Checks one expression and queues its children (last first, so they are checked in source order).</summary>
    private static NixParseDiagnostic? Visit(NixExpr expr, Scope scope, Stack<(NixExpr, Scope)> work)
    {
        var children = new List<(NixExpr, Scope)>();
        switch (expr)
        {
            case NixVarExpr v:
                if (!scope.InWith && !scope.Defines(v.Name)) return new NixParseDiagnostic(v.Location, $"undefined variable '{v.Name}'");
                break;
            case NixStringExpr s:
                foreach (var part in s.Parts)
                {
                    if (part.Interpolation is { } e) children.Add((e, scope));
                }
                break;
            case NixPathExpr p:
                foreach (var part in p.Parts)
                {
                    if (part.Interpolation is { } e) children.Add((e, scope));
                }
                break;
            case NixSelectExpr sel:
                children.Add((sel.Target, scope));
                AddNames(sel.Path, scope, children);
                if (sel.Default is { } dflt) children.Add((dflt, scope));
                break;
            case NixHasAttrExpr has:
                children.Add((has.Target, scope));
                AddNames(has.Path, scope, children);
                break;
            case NixApplyExpr app:
                children.Add((app.Function, scope));
                children.Add((app.Argument, scope));
                break;
            case NixLambdaExpr lambda:
            {
                var names = new List<string>();
                if (lambda.Formals is { } formals) names.AddRange(formals.Select(f => f.Name));
                if (lambda.Parameter is { } param) names.Add(param);
                var inner = scope.With(names);
                foreach (var formal in lambda.Formals ?? [])
                {
                    if (formal.Default is { } value) children.Add((value, inner));
                }
                children.Add((lambda.Body, inner));
                break;
            }
            case NixAttrSetExpr set:
            {
                var tree = set.Tree;
                var inner = set.Recursive ? scope.With(tree.Static.Select(kv => kv.Key)) : scope;
                if (AddTree(tree, scope, inner, children) is { } problem) return problem;
                break;
            }
            case NixLetExpr let:
            {
                var tree = let.Tree;
                var inner = scope.With(tree.Static.Select(kv => kv.Key));
                if (AddTree(tree, scope, inner, children) is { } problem) return problem;
                children.Add((let.Body, inner));
                break;
            }
            case NixListExpr list:
                foreach (var item in list.Items) children.Add((item, scope));
                break;
            case NixIfExpr i:
                children.Add((i.Condition, scope));
                children.Add((i.Then, scope));
                children.Add((i.Else, scope));
                break;
            case NixAssertExpr a:
                children.Add((a.Condition, scope));
                children.Add((a.Body, scope));
                break;
            case NixWithExpr w:
                children.Add((w.Environment, scope));
                children.Add((w.Body, scope.WithDynamic()));
                break;
            case NixBinaryExpr bin:
                children.Add((bin.Left, scope));
                children.Add((bin.Right, scope));
                break;
            case NixUnaryExpr un:
                children.Add((un.Operand, scope));
                break;
        }
        for (var i = children.Count - 1; i >= 0; i--) work.Push(children[i]);
        return null;
    }

    private static void AddNames(IReadOnlyList<NixAttrName> names, Scope scope, List<(NixExpr, Scope)> children)
    {
        foreach (var name in names)
        {
            if (name.Dynamic is { } e) children.Add((e, scope));
        }
    }

    /// <summary>Values see <paramref name="inner"/>; plain inherits and dynamic names of a non-rec set see <paramref name="outer"/>.</summary>
    private static NixParseDiagnostic? AddTree(NixAttrTree tree, Scope outer, Scope inner, List<(NixExpr, Scope)> children)
    {
        foreach (var (name, node) in tree.Static)
        {
            if (node.Definition is NixInherit inherit && node.IsInherited)
            {
                if (inherit.From is { } from) children.Add((from, inner));
                else if (!outer.InWith && !outer.Defines(name)) return new NixParseDiagnostic(node.NameLocation, $"undefined variable '{name}'");
                continue;
            }
            if (node.NestedTree is { } nested)
            {
                var nestedInner = nested.Recursive ? inner.With(nested.Static.Select(kv => kv.Key)) : inner;
                if (AddTree(nested, inner, nestedInner, children) is { } problem) return problem;
            }
            else if (node.Value is { } value) children.Add((value, inner));
        }
        foreach (var dyn in tree.Dynamic)
        {
            for (var i = dyn.Index; i < dyn.Binding.Path.Count; i++)
            {
                if (dyn.Binding.Path[i].Dynamic is { } e) children.Add((e, inner));
            }
            children.Add((dyn.Binding.Value, inner));
        }
        return null;
    }
}
