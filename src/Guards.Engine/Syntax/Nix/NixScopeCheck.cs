namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// What Nix's parser rejects beyond syntax: variables bound nowhere (outside any <c>with</c>),
/// attributes defined twice, duplicate formal arguments. Mirrors <c>nix-instantiate --parse</c>.
/// </summary>
public static class NixScopeCheck
{
    /// <summary>Names in Nix's base environment (builtins reachable without <c>builtins.</c>).</summary>
    public static readonly IReadOnlySet<string> GlobalNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "builtins", "true", "false", "null", "import", "abort", "throw", "map", "toString", "baseNameOf", "dirOf",
        "isNull", "removeAttrs", "derivation", "derivationStrict", "fetchTarball", "fetchGit", "fetchMercurial",
        "fetchTree", "fromTOML", "placeholder", "scopedImport",
    };

    /// <summary>The builtins Nix also exposes as <c>__name</c> at the top level.</summary>
    public static readonly IReadOnlySet<string> BuiltinNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "abort", "add", "addErrorContext", "all", "any", "appendContext", "attrNames", "attrValues", "baseNameOf", "bitAnd",
        "bitOr", "bitXor", "catAttrs", "ceil", "compareVersions", "concatLists", "concatMap", "concatStringsSep",
        "currentSystem", "currentTime", "deepSeq", "derivation", "derivationStrict", "dirOf", "div", "elem", "elemAt",
        "fetchGit", "fetchMercurial", "fetchTarball", "fetchTree", "fetchurl", "filter", "filterSource", "findFile", "floor",
        "foldl'", "fromJSON", "fromTOML", "functionArgs", "genList", "genericClosure", "getAttr", "getContext", "getEnv",
        "groupBy", "hasAttr", "hasContext", "hashFile", "hashString", "head", "import", "intersectAttrs", "isAttrs", "isBool",
        "isFloat", "isFunction", "isInt", "isList", "isNull", "isPath", "isString", "langVersion", "length", "lessThan",
        "listToAttrs", "map", "mapAttrs", "match", "mul", "nixPath", "nixVersion", "parseDrvName", "partition", "path",
        "pathExists", "placeholder", "readDir", "readFile", "removeAttrs", "replaceStrings", "scopedImport", "seq", "sort",
        "split", "splitVersion", "storeDir", "storePath", "stringLength", "sub", "substring", "tail", "throw", "toFile",
        "toJSON", "toPath", "toString", "toXML", "trace", "tryEval", "typeOf", "unsafeDiscardOutputDependency",
        "unsafeDiscardStringContext", "unsafeGetAttrPos", "zipAttrsWith",
    };

    public static bool IsGlobal(string name) =>
        GlobalNames.Contains(name) || (name.StartsWith("__", StringComparison.Ordinal) && BuiltinNames.Contains(name[2..]));

    public static NixParseDiagnostic? FirstProblem(NixExpr root)
    {
        var walker = new Walker();
        walker.Visit(root, Scope.Empty, 0);
        return walker.Problem;
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

    private sealed class Walker
    {
        public NixParseDiagnostic? Problem { get; private set; }

        private void Report(NixLocation where, string message) => Problem ??= new NixParseDiagnostic(where, message);

        public void Visit(NixExpr expr, Scope scope, int depth)
        {
            if (Problem is not null || depth > 2000) return;
            var d = depth + 1;
            switch (expr)
            {
                case NixVarExpr v:
                    if (!scope.InWith && !scope.Defines(v.Name)) Report(v.Location, $"undefined variable '{v.Name}'");
                    break;
                case NixStringExpr s:
                    foreach (var part in s.Parts)
                    {
                        if (part.Interpolation is { } e) Visit(e, scope, d);
                    }
                    break;
                case NixPathExpr p:
                    foreach (var part in p.Parts)
                    {
                        if (part.Interpolation is { } e) Visit(e, scope, d);
                    }
                    break;
                case NixSelectExpr sel:
                    Visit(sel.Target, scope, d);
                    VisitNames(sel.Path, scope, d);
                    if (sel.Default is { } dflt) Visit(dflt, scope, d);
                    break;
                case NixHasAttrExpr has:
                    Visit(has.Target, scope, d);
                    VisitNames(has.Path, scope, d);
                    break;
                case NixApplyExpr app:
                    Visit(app.Function, scope, d);
                    Visit(app.Argument, scope, d);
                    break;
                case NixLambdaExpr lambda:
                    VisitLambda(lambda, scope, d);
                    break;
                case NixAttrSetExpr set:
                {
                    var tree = NixAttrTree.Build(set.Bindings, set.Recursive);
                    if (tree.Problem is { } dup) { Report(dup.Location, dup.Message); return; }
                    var inner = set.Recursive ? scope.With(tree.Static.Select(kv => kv.Key)) : scope;
                    VisitTree(tree, scope, inner, d);
                    break;
                }
                case NixLetExpr let:
                {
                    var tree = NixAttrTree.Build(let.Bindings, true);
                    if (tree.Problem is { } dup) { Report(dup.Location, dup.Message); return; }
                    if (tree.Dynamic.Count > 0) { Report(tree.Dynamic[0].Binding.Path[tree.Dynamic[0].Index].Location, "dynamic attributes not allowed in let"); return; }
                    var inner = scope.With(tree.Static.Select(kv => kv.Key));
                    VisitTree(tree, scope, inner, d);
                    Visit(let.Body, inner, d);
                    break;
                }
                case NixListExpr list:
                    foreach (var item in list.Items) Visit(item, scope, d);
                    break;
                case NixIfExpr i:
                    Visit(i.Condition, scope, d);
                    Visit(i.Then, scope, d);
                    Visit(i.Else, scope, d);
                    break;
                case NixAssertExpr a:
                    Visit(a.Condition, scope, d);
                    Visit(a.Body, scope, d);
                    break;
                case NixWithExpr w:
                    Visit(w.Environment, scope, d);
                    Visit(w.Body, scope.WithDynamic(), d);
                    break;
                case NixBinaryExpr bin:
                    Visit(bin.Left, scope, d);
                    Visit(bin.Right, scope, d);
                    break;
                case NixUnaryExpr un:
                    Visit(un.Operand, scope, d);
                    break;
            }
        }

        private void VisitNames(IReadOnlyList<NixAttrName> names, Scope scope, int d)
        {
            foreach (var name in names)
            {
                if (name.Dynamic is { } e) Visit(e, scope, d);
            }
        }

        private void VisitLambda(NixLambdaExpr lambda, Scope scope, int d)
        {
            var names = new List<string>();
            if (lambda.Formals is { } formals)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var formal in formals)
                {
                    if (!seen.Add(formal.Name)) { Report(formal.Location, $"duplicate formal function argument '{formal.Name}'"); return; }
                }
                if (lambda.Parameter is { } p && seen.Contains(p)) { Report(lambda.Location, $"duplicate formal function argument '{p}'"); return; }
                names.AddRange(seen);
            }
            if (lambda.Parameter is { } param) names.Add(param);
            var inner = scope.With(names);
            if (lambda.Formals is { } fs)
            {
                foreach (var formal in fs)
                {
                    if (formal.Default is { } dflt) Visit(dflt, inner, d);
                }
            }
            Visit(lambda.Body, inner, d);
        }

        /// <summary>Values see <paramref name="inner"/>; plain inherits and dynamic names of a non-rec set see <paramref name="outer"/>.</summary>
        private void VisitTree(NixAttrTree tree, Scope outer, Scope inner, int d)
        {
            foreach (var (name, node) in tree.Static)
            {
                if (node.Definition is NixInherit inherit && node.IsInherited)
                {
                    if (inherit.From is { } from) Visit(from, inner, d);
                    else if (!outer.InWith && !outer.Defines(name)) Report(node.NameLocation, $"undefined variable '{name}'");
                    continue;
                }
                if (node.NestedTree is { } nested)
                {
                    var nestedInner = nested.Recursive ? inner.With(nested.Static.Select(kv => kv.Key)) : inner;
                    VisitTree(nested, inner, nestedInner, d);
                }
                else if (node.Value is { } value) Visit(value, inner, d);
            }
            foreach (var dyn in tree.Dynamic)
            {
                for (var i = dyn.Index; i < dyn.Binding.Path.Count; i++)
                {
                    if (dyn.Binding.Path[i].Dynamic is { } e) Visit(e, inner, d);
                }
                Visit(dyn.Binding.Value, inner, d);
            }
        }
    }
}
