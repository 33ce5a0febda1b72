using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// Nix's builtins and the library functions a flake is commonly written with (nixpkgs' lib,
/// flake-utils), as far as they can be computed from repository values. A library function is
/// recognised on an external value by its last name under a <c>lib</c> segment
/// (<c>nixpkgs.lib.genAttrs</c>, <c>lib.mkIf</c>, <c>flake-utils.lib.eachDefaultSystem</c>).
/// </summary>
public sealed partial class NixEvaluator
{
    /// <summary>flake-utils' default systems (its <c>systems</c> input, nix-systems/default).</summary>
    public static readonly IReadOnlyList<string> FlakeUtilsDefaultSystems = ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"];

    private static readonly Dictionary<string, NixPrimop> s_builtins = BuildBuiltins();
    private static readonly Dictionary<string, NixPrimop> s_lib = BuildLib();

    private delegate NixValue Impl(NixEvaluator ev, NixThunk[] args, NixLocation? where);

    private static NixPrimop P(string name, int arity, Impl impl) => new(name, arity, (ev, args, where) => impl(ev, args, where));

    private Dictionary<string, NixThunk> Globals()
    {
        var builtins = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        foreach (var (name, primop) in s_builtins) builtins[name] = new NixAttr(NixThunk.Of(primop), null);
        foreach (var name in NixScopeCheck.BuiltinNames)
        {
            if (!builtins.ContainsKey(name)) builtins[name] = new NixAttr(NixThunk.Of(Unsupported("builtins." + name)), null);
        }
        builtins["true"] = new NixAttr(NixThunk.Of(NixBool.True), null);
        builtins["false"] = new NixAttr(NixThunk.Of(NixBool.False), null);
        builtins["null"] = new NixAttr(NixThunk.Of(NixNull.Instance), null);
        builtins["currentSystem"] = new NixAttr(NixThunk.Of(new NixUnknown("builtins.currentSystem depends on the machine", null)), null);
        builtins["currentTime"] = new NixAttr(NixThunk.Of(new NixUnknown("builtins.currentTime depends on the clock", null)), null);
        builtins["nixVersion"] = new NixAttr(NixThunk.Of(new NixUnknown("builtins.nixVersion depends on the installed Nix", null)), null);
        builtins["storeDir"] = new NixAttr(NixThunk.Of(new NixString("/nix/store")), null);
        builtins["nixPath"] = new NixAttr(NixThunk.Of(new NixUnknown("builtins.nixPath depends on the environment", null)), null);
        builtins["langVersion"] = new NixAttr(NixThunk.Of(new NixInt(6)), null);
        var builtinsSet = new NixAttrs(builtins);
        builtins["builtins"] = new NixAttr(NixThunk.Of(builtinsSet), null);

        var globals = new Dictionary<string, NixThunk>(StringComparer.Ordinal)
        {
            ["builtins"] = NixThunk.Of(builtinsSet),
            ["true"] = NixThunk.Of(NixBool.True),
            ["false"] = NixThunk.Of(NixBool.False),
            ["null"] = NixThunk.Of(NixNull.Instance),
        };
        foreach (var name in NixScopeCheck.GlobalNames)
        {
            if (!globals.ContainsKey(name) && builtins.TryGetValue(name, out var attr)) globals[name] = attr.Value;
        }
        foreach (var (name, attr) in builtins) globals.TryAdd("__" + name, attr.Value);
        return globals;
    }

    private static NixPrimop Unsupported(string name) =>
        new(name, 1, (_, args, where) => new NixUnknown($"{name} is not computed by the static reader", where, args));

    // ------------------------------------------------------------ helpers

    private NixValue F(NixThunk t) => Force(t);

    private static NixThunk Val(NixValue v) => NixThunk.Of(v);

    private NixThunk Defer(Func<NixValue> compute, NixLocation? where) => NixThunk.Lazy(compute, where);

    /// <summary>The list's items, or an unknown/external explaining why they are not known.</summary>
    private NixValue ListOf(NixValue v, string what, NixLocation? where, out NixList? list)
    {
        list = v as NixList;
        if (list is not null) return list;
        if (v is NixUnknown u) return u;
        if (v is NixExternal e) return new NixUnknown($"the items of `{e.Name}` ({what}) are outside the repository", e.Where ?? where, [Val(e)]);
        return new NixUnknown($"{what} expects a list, got a {v.TypeName}", where);
    }

    private NixValue AttrsOf(NixValue v, string what, NixLocation? where, out NixAttrs? attrs)
    {
        attrs = v as NixAttrs;
        if (attrs is not null) return attrs;
        if (v is NixUnknown u) return u;
        if (v is NixExternal e) return new NixUnknown($"the names of `{e.Name}` ({what}) are outside the repository", e.Where ?? where, [Val(e)]);
        return new NixUnknown($"{what} expects a set, got a {v.TypeName}", where);
    }

    private static string? TextOf(NixValue v) => v switch
    {
        NixString { Text: { } t } => t,
        _ => null,
    };

    // ------------------------------------------------------------ builtins

    private static Dictionary<string, NixPrimop> BuildBuiltins()
    {
        var b = new Dictionary<string, NixPrimop>(StringComparer.Ordinal);
        void Add(string name, int arity, Impl impl) => b[name] = P(name, arity, impl);

        Add("import", 1, (ev, a, w) => ev.Import(ev.F(a[0]), w));
        Add("scopedImport", 2, (ev, a, w) => new NixUnknown("scopedImport is not followed by the static reader", w));
        Add("map", 2, (ev, a, w) => ev.Map(a[0], ev.F(a[1]), w));
        Add("filter", 2, (ev, a, w) => ev.Filter(a[0], ev.F(a[1]), w));
        Add("length", 1, (ev, a, w) => ev.ListOf(ev.F(a[0]), "length", w, out var l) is not NixList ? ev.ListOf(ev.F(a[0]), "length", w, out _) : l!.Open.Count == 0 ? new NixInt(l.Items.Count) : l.Open[0].With(Val(l)));
        Add("head", 1, (ev, a, w) => ev.ListOf(ev.F(a[0]), "head", w, out var l) is NixList ? (l!.Items.Count > 0 ? ev.F(l.Items[0]) : l.Open.Count > 0 ? l.Open[0] : new NixUnknown("head of an empty list", w)) : ev.ListOf(ev.F(a[0]), "head", w, out _));
        Add("tail", 1, (ev, a, w) => ev.ListOf(ev.F(a[0]), "tail", w, out var l) is NixList ? (l!.Items.Count > 0 ? new NixList(l.Items.Skip(1).ToList(), l.Open) : new NixUnknown("tail of an empty list", w)) : ev.ListOf(ev.F(a[0]), "tail", w, out _));
        Add("elemAt", 2, (ev, a, w) =>
        {
            var v = ev.ListOf(ev.F(a[0]), "elemAt", w, out var l);
            if (l is null) return v;
            if (ev.F(a[1]) is not NixInt i) return Unknown(ev.F(a[1]), "elemAt: the index is not known", w);
            if (i.Value >= 0 && i.Value < l.Items.Count) return ev.F(l.Items[(int)i.Value]);
            return l.Open.Count > 0 ? l.Open[0] : new NixUnknown("elemAt: index out of range", w);
        });
        Add("elem", 2, (ev, a, w) => ev.Elem(ev.F(a[0]), ev.F(a[1]), w));
        Add("attrNames", 1, (ev, a, w) => ev.AttrNames(ev.F(a[0]), w));
        Add("attrValues", 1, (ev, a, w) =>
        {
            var v = ev.AttrsOf(ev.F(a[0]), "attrValues", w, out var s);
            if (s is null) return v;
            return new NixList(s.Names.Select(n => s.Attrs[n].Value).ToList(), s.Open);
        });
        Add("hasAttr", 2, (ev, a, w) =>
        {
            var name = TextOf(ev.F(a[0]));
            var v = ev.AttrsOf(ev.F(a[1]), "hasAttr", w, out var s);
            if (name is null) return Unknown(ev.F(a[0]), "hasAttr: the name is not known", w);
            if (s is null) return v;
            if (s.Get(name) is not null) return NixBool.True;
            return s.IsOpen ? s.Open[0] : NixBool.False;
        });
        Add("getAttr", 2, (ev, a, w) =>
        {
            var name = TextOf(ev.F(a[0]));
            if (name is null) return Unknown(ev.F(a[0]), "getAttr: the name is not known", w);
            return ev.SelectAttr(ev.F(a[1]), name, w, null);
        });
        Add("listToAttrs", 1, (ev, a, w) => ev.ListToAttrs(ev.F(a[0]), w));
        Add("mapAttrs", 2, (ev, a, w) => ev.MapAttrs(a[0], ev.F(a[1]), w));
        Add("removeAttrs", 2, (ev, a, w) =>
        {
            var v = ev.AttrsOf(ev.F(a[0]), "removeAttrs", w, out var s);
            if (s is null) return v;
            var lv = ev.ListOf(ev.F(a[1]), "removeAttrs", w, out var l);
            if (l is null || l.Open.Count > 0) return Unknown(lv, "removeAttrs: the names to remove are not known", w);
            var remove = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in l.Items)
            {
                if (TextOf(ev.F(item)) is not { } n) return new NixUnknown("removeAttrs: a name to remove is not known", item.Location ?? w);
                remove.Add(n);
            }
            return new NixAttrs(s.Attrs.Where(kv => !remove.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), s.Open);
        });
        Add("intersectAttrs", 2, (ev, a, w) =>
        {
            var x = ev.AttrsOf(ev.F(a[0]), "intersectAttrs", w, out var s1);
            var y = ev.AttrsOf(ev.F(a[1]), "intersectAttrs", w, out var s2);
            if (s1 is null) return x;
            if (s2 is null) return y;
            if (s1.IsOpen) return s1.Open[0].With(Val(s2));
            return new NixAttrs(s2.Attrs.Where(kv => s1.Attrs.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), s2.Open);
        });
        Add("concatLists", 1, (ev, a, w) => ev.ConcatLists(ev.F(a[0]), w));
        Add("concatMap", 2, (ev, a, w) => ev.ConcatLists(ev.Map(a[0], ev.F(a[1]), w), w));
        Add("concatStringsSep", 2, (ev, a, w) => ev.ConcatStrings(ev.F(a[0]), ev.F(a[1]), w));
        Add("foldl'", 3, (ev, a, w) => ev.Foldl(a[0], a[1], ev.F(a[2]), w));
        Add("genList", 2, (ev, a, w) =>
        {
            if (ev.F(a[1]) is not NixInt n) return Unknown(ev.F(a[1]), "genList: the length is not known", w);
            if (n.Value < 0) return new NixUnknown($"cannot create a list of size {n.Value}", w, isError: true);
            if (n.Value > MaxListLength) return new NixUnknown($"genList: a list longer than the static reader's limit of {MaxListLength} items", w);
            var f = a[0];
            var items = new List<NixThunk>((int)n.Value);
            for (var i = 0; i < n.Value; i++)
            {
                if (!ev.Tick(w, out var exhausted)) return exhausted!;
                var index = i;
                items.Add(ev.Defer(() => ev.Apply(ev.F(f), Val(new NixInt(index)), w), w));
            }
            return new NixList(items);
        });
        foreach (var (name, type) in new[] { ("isAttrs", "set"), ("isList", "list"), ("isString", "string"), ("isBool", "bool"), ("isInt", "int"), ("isFloat", "float"), ("isFunction", "lambda"), ("isPath", "path"), ("isNull", "null") })
        {
            Add(name, 1, (ev, a, w) =>
            {
                var v = ev.F(a[0]);
                return v switch
                {
                    NixUnknown u => u,
                    NixExternal or NixConfigRef => new NixUnknown($"{name}: the type of an external value is not known", w),
                    NixSystemConfiguration or NixModuleProperty => NixBool.Of(type == "set"),
                    _ => NixBool.Of(v.TypeName == type),
                };
            });
        }
        Add("typeOf", 1, (ev, a, w) => ev.F(a[0]) switch
        {
            NixUnknown u => u,
            NixExternal or NixConfigRef => new NixUnknown("typeOf: the type of an external value is not known", w),
            var v => new NixString(v.TypeName),
        });
        Add("toString", 1, (ev, a, w) => ev.ToStringValue(ev.F(a[0]), a[0], w));
        Add("toJSON", 1, (ev, a, w) => new NixString(null, [a[0]]));
        Add("toXML", 1, (ev, a, w) => new NixString(null, [a[0]]));
        Add("toFile", 2, (ev, a, w) => new NixString(null, [a[1]]));
        Add("fromJSON", 1, (ev, a, w) => ev.FromJson(ev.F(a[0]), w));
        Add("throw", 1, (ev, a, w) => new NixUnknown($"evaluates to `throw {Describe(ev.F(a[0]))}`", w));
        Add("abort", 1, (ev, a, w) => new NixUnknown($"evaluates to `abort {Describe(ev.F(a[0]))}`", w));
        Add("trace", 2, (ev, a, w) => ev.F(a[1]));
        Add("seq", 2, (ev, a, w) => ev.F(a[1]));
        Add("deepSeq", 2, (ev, a, w) => ev.F(a[1]));
        Add("addErrorContext", 2, (ev, a, w) => ev.F(a[1]));
        Add("unsafeDiscardStringContext", 1, (ev, a, w) => ev.F(a[0]));
        Add("unsafeDiscardOutputDependency", 1, (ev, a, w) => ev.F(a[0]));
        Add("pathExists", 1, (ev, a, w) => ev.PathExists(ev.F(a[0]), w));
        Add("readDir", 1, (ev, a, w) => ev.ReadDir(ev.F(a[0]), w));
        Add("readFile", 1, (ev, a, w) => ev.ReadFile(ev.F(a[0]), w));
        Add("baseNameOf", 1, (ev, a, w) => ev.F(a[0]) switch
        {
            NixPath p => new NixString(p.Path[(p.Path.LastIndexOf('/') + 1)..]),
            NixString { Text: { } t } => new NixString(t.TrimEnd('/')[(t.TrimEnd('/').LastIndexOf('/') + 1)..]),
            var v => Unknown(v, "baseNameOf: the path is not known", w),
        });
        Add("dirOf", 1, (ev, a, w) => ev.F(a[0]) switch
        {
            NixPath p => new NixPath(p.Path.Contains('/') ? p.Path[..p.Path.LastIndexOf('/')] : ""),
            NixString { Text: { } t } => new NixString(t.Contains('/') ? t[..t.LastIndexOf('/')] : "."),
            var v => Unknown(v, "dirOf: the path is not known", w),
        });
        Add("replaceStrings", 3, (ev, a, w) => ev.ReplaceStrings(ev.F(a[0]), ev.F(a[1]), ev.F(a[2]), w));
        Add("substring", 3, (ev, a, w) =>
        {
            if (ev.F(a[0]) is NixInt start && ev.F(a[1]) is NixInt len && ev.F(a[2]) is NixString { Text: { } s })
            {
                var st = (int)Math.Clamp(start.Value, 0, s.Length);
                var ln = len.Value < 0 ? s.Length - st : (int)Math.Min(len.Value, s.Length - st);
                return new NixString(s.Substring(st, ln));
            }
            return new NixUnknown("substring of a value that is not known", w);
        });
        Add("stringLength", 1, (ev, a, w) => ev.F(a[0]) is NixString { Text: { } s } ? new NixInt(Encoding.UTF8.GetByteCount(s)) : Unknown(ev.F(a[0]), "stringLength of a string that is not known", w));
        Add("add", 2, (ev, a, w) => ev.NumberOp("+", ev.F(a[0]), ev.F(a[1]), w));
        Add("sub", 2, (ev, a, w) => ev.NumberOp("-", ev.F(a[0]), ev.F(a[1]), w));
        Add("mul", 2, (ev, a, w) => ev.NumberOp("*", ev.F(a[0]), ev.F(a[1]), w));
        Add("div", 2, (ev, a, w) => ev.NumberOp("/", ev.F(a[0]), ev.F(a[1]), w));
        Add("lessThan", 2, (ev, a, w) => ev.NumberOp("<", ev.F(a[0]), ev.F(a[1]), w));
        Add("any", 2, (ev, a, w) => ev.AnyAll(a[0], ev.F(a[1]), any: true, w));
        Add("all", 2, (ev, a, w) => ev.AnyAll(a[0], ev.F(a[1]), any: false, w));
        Add("catAttrs", 2, (ev, a, w) =>
        {
            var name = TextOf(ev.F(a[0]));
            var lv = ev.ListOf(ev.F(a[1]), "catAttrs", w, out var l);
            if (name is null) return Unknown(ev.F(a[0]), "catAttrs: the name is not known", w);
            if (l is null) return lv;
            var items = new List<NixThunk>();
            var open = new List<NixUnknown>(l.Open);
            foreach (var item in l.Items)
            {
                var v = ev.F(item);
                if (v is NixAttrs s && s.Get(name) is { } attr) items.Add(attr.Value);
                else if (v is NixAttrs { IsOpen: true } so) open.Add(so.Open[0]);
                else if (v is NixUnknown u) open.Add(u);
            }
            return new NixList(items, open);
        });
        Add("functionArgs", 1, (ev, a, w) => ev.F(a[0]) switch
        {
            NixLambda { Expr.Formals: { } formals } => new NixAttrs(formals.ToDictionary(f => f.Name, f => new NixAttr(Val(NixBool.Of(f.Default is not null)), f.Location), StringComparer.Ordinal)),
            NixLambda => NixAttrs.Empty,
            var v => Unknown(v, "functionArgs of a function that is not known", w),
        });
        Add("tryEval", 1, (ev, a, w) => new NixUnknown("builtins.tryEval is not computed by the static reader", w, a));
        Add("getEnv", 1, (ev, a, w) => new NixUnknown("builtins.getEnv depends on the environment", w));
        Add("derivation", 1, (ev, a, w) => new NixExternal("derivation", w, null, a));
        Add("derivationStrict", 1, (ev, a, w) => new NixExternal("derivationStrict", w, null, a));
        foreach (var fetcher in new[] { "fetchTarball", "fetchGit", "fetchurl", "fetchTree", "fetchMercurial", "path", "storePath", "filterSource" })
        {
            var arity = fetcher == "filterSource" ? 2 : 1;
            Add(fetcher, arity, (ev, a, w) => new NixExternal($"builtins.{fetcher}()", w, null, a));
        }
        Add("toPath", 1, (ev, a, w) => ev.F(a[0]));
        Add("placeholder", 1, (ev, a, w) => new NixString(null));
        Add("sort", 2, (ev, a, w) => ev.Sort(a[0], ev.F(a[1]), w));
        Add("fromTOML", 1, (ev, a, w) => new NixUnknown("builtins.fromTOML is not computed by the static reader", w, a));
        Add("zipAttrsWith", 2, (ev, a, w) => new NixUnknown("builtins.zipAttrsWith is not computed by the static reader", w, a));
        return b;
    }

    private static string Describe(NixValue v) => v is NixString { Text: { } t } ? $"\"{t}\"" : v.TypeName;

    // ------------------------------------------------------------ library functions (nixpkgs lib, flake-utils)

    private static Dictionary<string, NixPrimop> BuildLib()
    {
        var l = new Dictionary<string, NixPrimop>(StringComparer.Ordinal);
        void Add(string name, int arity, Impl impl) => l[name] = P("lib." + name, arity, impl);
        void Alias(string name, string builtin) => l[name] = s_builtins[builtin];

        Add("genAttrs", 2, (ev, a, w) => ev.GenAttrs(ev.F(a[0]), a[1], w));
        Add("nixosSystem", 1, (ev, a, w) => new NixSystemConfiguration(a[0], w));
        Add("mkFlake", 2, (ev, a, w) => ev.MkFlake(a[0], a[1], w));
        Add("eachSystem", 2, (ev, a, w) => ev.EachSystem(ev.F(a[0]), a[1], w));
        Add("eachDefaultSystem", 1, (ev, a, w) => ev.EachSystem(DefaultSystemsList(w), a[0], w));
        Add("eachSystemMap", 2, (ev, a, w) => ev.GenAttrs(ev.F(a[0]), a[1], w));
        Add("eachDefaultSystemMap", 1, (ev, a, w) => ev.GenAttrs(DefaultSystemsList(w), a[0], w));
        Add("mkApp", 1, (ev, a, w) =>
        {
            var args = a[0];
            return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal)
            {
                ["type"] = new(Val(new NixString("app")), w),
                ["program"] = new(ev.Defer(() => new NixString(null, [ev.Defer(() => ev.SelectAttr(ev.F(args), "drv", w, null), w)]), w), w),
            });
        });
        Add("mkIf", 2, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.If, a[1], a[0], 100, w));
        Add("mkDefault", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Override, a[0], null, 1000, w));
        Add("mkOptionDefault", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Override, a[0], null, 1500, w));
        Add("mkForce", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Override, a[0], null, 50, w));
        Add("mkVMOverride", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Override, a[0], null, 10, w));
        Add("mkImageMediaOverride", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Override, a[0], null, 60, w));
        Add("mkOverride", 2, (ev, a, w) => ev.F(a[0]) is NixInt p
            ? new NixModuleProperty(NixModulePropertyKind.Override, a[1], null, (int)Math.Clamp(p.Value, 0, int.MaxValue), w)
            : new NixModuleProperty(NixModulePropertyKind.Override, a[1], null, -1, w));
        Add("mkMerge", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Merge, a[0], null, 100, w));
        Add("mkBefore", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Order, a[0], null, 100, w));
        Add("mkAfter", 1, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Order, a[0], null, 100, w));
        Add("mkOrder", 2, (ev, a, w) => new NixModuleProperty(NixModulePropertyKind.Order, a[1], null, 100, w));
        Add("nameValuePair", 2, (ev, a, w) => new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal)
        {
            ["name"] = new(a[0], a[0].Location ?? w),
            ["value"] = new(a[1], a[1].Location ?? w),
        }));
        Alias("listToAttrs", "listToAttrs");
        Alias("mapAttrs", "mapAttrs");
        Add("mapAttrs'", 2, (ev, a, w) => ev.MapAttrsPrime(a[0], ev.F(a[1]), w));
        Add("mapAttrsToList", 2, (ev, a, w) =>
        {
            var v = ev.AttrsOf(ev.F(a[1]), "mapAttrsToList", w, out var s);
            if (s is null) return v;
            var f = a[0];
            return new NixList(s.Names.Select(n => ev.Defer(() => ev.Apply(ev.Apply(ev.F(f), Val(new NixString(n)), w), s.Attrs[n].Value, w), s.Attrs[n].NameLocation ?? w)).ToList(), s.Open);
        });
        Alias("attrNames", "attrNames");
        Alias("attrValues", "attrValues");
        Add("filterAttrs", 2, (ev, a, w) => ev.FilterAttrs(a[0], ev.F(a[1]), w));
        Add("optionalAttrs", 2, (ev, a, w) => Concrete(ev.F(a[0])) switch
        {
            NixBool { Value: true } => ev.F(a[1]),
            NixBool => NixAttrs.Empty,
            var c => new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [Unknown(c, "lib.optionalAttrs: the condition is not known", w, a[1])]),
        });
        Add("optional", 2, (ev, a, w) => Concrete(ev.F(a[0])) switch
        {
            NixBool { Value: true } => new NixList([a[1]]),
            NixBool => new NixList([]),
            var c => new NixList([], [Unknown(c, "lib.optional: the condition is not known", w, a[1])]),
        });
        Add("optionals", 2, (ev, a, w) => Concrete(ev.F(a[0])) switch
        {
            NixBool { Value: true } => ev.F(a[1]),
            NixBool => new NixList([]),
            var c => new NixList([], [Unknown(c, "lib.optionals: the condition is not known", w, a[1])]),
        });
        Add("optionalString", 2, (ev, a, w) => Concrete(ev.F(a[0])) switch
        {
            NixBool { Value: true } => ev.F(a[1]),
            NixBool => new NixString(""),
            var c => Unknown(c, "lib.optionalString: the condition is not known", w),
        });
        Add("recursiveUpdate", 2, (ev, a, w) => ev.RecursiveUpdate(ev.F(a[0]), ev.F(a[1]), w, 0));
        Alias("foldl'", "foldl'");
        Alias("foldl", "foldl'");
        Add("foldr", 3, (ev, a, w) => ev.Foldr(a[0], a[1], ev.F(a[2]), w));
        Alias("concatMap", "concatMap");
        Alias("concatLists", "concatLists");
        Add("flatten", 1, (ev, a, w) => ev.Flatten(ev.F(a[0]), w, 0));
        Alias("filter", "filter");
        Alias("map", "map");
        Add("forEach", 2, (ev, a, w) => ev.Map(a[1], ev.F(a[0]), w));
        Alias("elem", "elem");
        Alias("elemAt", "elemAt");
        Alias("genList", "genList");
        Alias("head", "head");
        Alias("tail", "tail");
        Alias("length", "length");
        Alias("hasAttr", "hasAttr");
        Alias("getAttr", "getAttr");
        Alias("concatStringsSep", "concatStringsSep");
        Alias("removeAttrs", "removeAttrs");
        Alias("toString", "toString");
        Alias("isAttrs", "isAttrs");
        Alias("isList", "isList");
        Alias("isString", "isString");
        Alias("isFunction", "isFunction");
        Alias("replaceStrings", "replaceStrings");
        Alias("pathExists", "pathExists");
        Alias("readFile", "readFile");
        Alias("any", "any");
        Alias("all", "all");
        Alias("catAttrs", "catAttrs");
        Alias("intersectAttrs", "intersectAttrs");
        Alias("sort", "sort");
        Alias("trace", "trace");
        Add("range", 2, (ev, a, w) =>
        {
            if (ev.F(a[0]) is not NixInt from || ev.F(a[1]) is not NixInt to) return new NixUnknown("lib.range: the bounds are not known", w);
            // Empty when the last is below the first, as lib.range is.
            var count = to.Value < from.Value ? 0 : (decimal)to.Value - from.Value + 1;
            if (count > MaxListLength) return new NixUnknown($"lib.range: a list longer than the static reader's limit of {MaxListLength} items", w);
            var items = new List<NixThunk>((int)count);
            for (var i = 0L; i < count; i++)
            {
                if (!ev.Tick(w, out var exhausted)) return exhausted!;
                items.Add(Val(new NixInt(from.Value + i)));
            }
            return new NixList(items);
        });
        Add("last", 1, (ev, a, w) => ev.ListOf(ev.F(a[0]), "last", w, out var list) is NixList && list!.Open.Count == 0 && list.Items.Count > 0 ? ev.F(list.Items[^1]) : new NixUnknown("lib.last of a list that is not known", w));
        Add("singleton", 1, (ev, a, w) => new NixList([a[0]]));
        Add("toList", 1, (ev, a, w) => ev.F(a[0]) is NixList list ? list : new NixList([a[0]]));
        Add("id", 1, (ev, a, w) => ev.F(a[0]));
        Add("const", 2, (ev, a, w) => ev.F(a[0]));
        Add("fix", 1, (ev, a, w) =>
        {
            NixThunk? self = null;
            var f = a[0];
            self = ev.Defer(() => ev.Apply(ev.F(f), self!, w), w);
            return ev.F(self);
        });
        Add("unique", 1, (ev, a, w) =>
        {
            var v = ev.ListOf(ev.F(a[0]), "unique", w, out var list);
            if (list is null) return v;
            var items = new List<NixThunk>();
            foreach (var item in list.Items)
            {
                var value = ev.F(item);
                var dup = false;
                foreach (var kept in items)
                {
                    if (!ev.Tick(w, out var exhausted)) return exhausted!;
                    var eq = ev.EqualValues(ev.F(kept), value, 0);
                    if (eq is null) return new NixUnknown("lib.unique over values that are not known", item.Location ?? w);
                    if (eq == true) { dup = true; break; }
                }
                if (!dup) items.Add(item);
            }
            return new NixList(items, list.Open);
        });
        Add("subtractLists", 2, (ev, a, w) =>
        {
            var remove = ev.F(a[0]);
            return ev.Filter(ev.Defer(() => P("notElem", 1, (e2, b2, w2) => e2.Elem(e2.F(b2[0]), remove, w2) switch
            {
                NixBool x => NixBool.Of(!x.Value),
                var u => u,
            }), w), ev.F(a[1]), w);
        });
        Add("hasPrefix", 2, (ev, a, w) => TextOf(ev.F(a[0])) is { } p && TextOf(ev.F(a[1])) is { } s ? NixBool.Of(s.StartsWith(p, StringComparison.Ordinal)) : new NixUnknown("lib.hasPrefix of strings that are not known", w));
        Add("hasSuffix", 2, (ev, a, w) => TextOf(ev.F(a[0])) is { } p && TextOf(ev.F(a[1])) is { } s ? NixBool.Of(s.EndsWith(p, StringComparison.Ordinal)) : new NixUnknown("lib.hasSuffix of strings that are not known", w));
        Add("removePrefix", 2, (ev, a, w) => TextOf(ev.F(a[0])) is { } p && TextOf(ev.F(a[1])) is { } s ? new NixString(s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s) : new NixUnknown("lib.removePrefix of strings that are not known", w));
        Add("removeSuffix", 2, (ev, a, w) => TextOf(ev.F(a[0])) is { } p && TextOf(ev.F(a[1])) is { } s ? new NixString(s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s) : new NixUnknown("lib.removeSuffix of strings that are not known", w));
        Add("importJSON", 1, (ev, a, w) => ev.FromJson(ev.ReadFile(ev.F(a[0]), w), w));
        Add("assertMsg", 2, (ev, a, w) => ev.F(a[0]));
        Add("warn", 2, (ev, a, w) => ev.F(a[1]));
        Add("warnIf", 3, (ev, a, w) => ev.F(a[2]));
        Add("mkEnableOption", 1, (ev, a, w) => new NixExternal("lib.mkEnableOption()", w, null, a));
        Add("mkOption", 1, (ev, a, w) => new NixExternal("lib.mkOption()", w, null, a));
        return l;
    }

    private static NixValue DefaultSystemsList(NixLocation? where) =>
        new NixList(FlakeUtilsDefaultSystems.Select(s => NixThunk.Of(new NixString(s))).ToList());

    /// <summary>A library function for an external value (by its last name under <c>lib</c>), or null.</summary>
    private static NixPrimop? KnownFunction(NixExternal ext)
    {
        var segments = ext.Segments;
        if (segments.Length < 2 || !s_lib.TryGetValue(segments[^1], out var primop)) return null;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (segments[i] == "lib") return primop;
        }
        return null;
    }

    /// <summary>ext.name: known library values (flake-utils' systems), platform facts of a package set, else a deeper external.</summary>
    private NixValue ExternalAttr(NixExternal ext, string name, NixLocation? where)
    {
        var segments = ext.Segments;
        if (segments.Length >= 1 && segments[^1] == "lib" && name == "defaultSystems") return DefaultSystemsList(where);
        if (segments.Length >= 2 && segments[^2] == "lib" && segments[^1] == "system" && name.Contains('-', StringComparison.Ordinal)) return new NixString(name);
        if (ext.Platform is { } platform && ext.PackagePath is { } path && PlatformFact([.. path, name]) is { } fact)
        {
            var system = F(platform);
            if (system is not NixString { Text: { } text }) return Unknown(system, "the system of the package set is not known", where);
            if (fact == "system") return new NixString(text);
            if (NixPlatform.Fact(text, fact) is { } known) return NixBool.Of(known);
        }
        // nixpkgs.legacyPackages.<system>: a package set whose platform is known.
        if (segments[^1] == "legacyPackages" && NixPlatform.LooksLikeSystem(name))
            return NixExternal.PackageSet($"{ext.Name}.{name}", ext.Where ?? where, Val(new NixString(name)));
        return ext.Child(name, where);
    }

    /// <summary>The platform fact a path under a package set asks for (<c>stdenv.hostPlatform.isx86_64</c>), or null.</summary>
    private static string? PlatformFact(IReadOnlyList<string> path) => path switch
    {
        ["system"] or ["stdenv", "system"] => "system",
        ["hostPlatform" or "buildPlatform" or "targetPlatform", var fact] => fact,
        ["stdenv", "hostPlatform" or "buildPlatform" or "targetPlatform", var fact] => fact,
        ["stdenv", var fact] when fact.StartsWith("is", StringComparison.Ordinal) => fact,
        _ => null,
    };

    // ------------------------------------------------------------ implementations

    private NixValue Map(NixThunk function, NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "map", where, out var list);
        if (list is null) return v;
        return new NixList(list.Items.Select(item => Defer(() => Apply(F(function), item, where), item.Location ?? where)).ToList(), list.Open);
    }

    private NixValue Filter(NixThunk predicate, NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "filter", where, out var list);
        if (list is null) return v;
        var items = new List<NixThunk>();
        var open = new List<NixUnknown>(list.Open);
        foreach (var item in list.Items)
        {
            switch (Apply(F(predicate), item, where))
            {
                case NixBool { Value: true }: items.Add(item); break;
                case NixBool: break;
                case var other: open.Add(Unknown(other, "filter: whether an item is kept is not known", item.Location ?? where)); break;
            }
        }
        return new NixList(items, open);
    }

    private NixValue Elem(NixValue x, NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "elem", where, out var list);
        if (list is null) return v;
        var undecided = false;
        foreach (var item in list.Items)
        {
            if (!Tick(where, out var exhausted)) return exhausted!;
            var eq = EqualValues(x, F(item), 0);
            if (eq == true) return NixBool.True;
            if (eq is null) undecided = true;
        }
        if (undecided || list.Open.Count > 0) return new NixUnknown("elem: membership is not known", where);
        return NixBool.False;
    }

    internal NixValue AttrNames(NixValue value, NixLocation? where)
    {
        var v = AttrsOf(value, "attrNames", where, out var s);
        if (s is null) return v;
        if (s.IsOpen) return s.Open[0].With(Val(s));
        return new NixList(s.Names.Select(n => NixThunk.Lazy(() => new NixString(n), s.Attrs[n].NameLocation)).ToList());
    }

    /// <summary>genAttrs names f: a set with one attribute per name, located at the name's list element.</summary>
    private NixValue GenAttrs(NixValue namesValue, NixThunk function, NixLocation? where)
    {
        var v = ListOf(namesValue, "genAttrs", where, out var list);
        if (list is null) return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [v as NixUnknown ?? new NixUnknown("genAttrs over names that are not known", where)]);
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        var open = new List<NixUnknown>(list.Open);
        foreach (var item in list.Items)
        {
            var nameValue = F(item);
            if (TextOf(nameValue) is not { } name)
            {
                open.Add(Unknown(nameValue, "genAttrs: a name is not known", item.Location ?? where));
                continue;
            }
            var nameThunk = item;
            attrs[name] = new NixAttr(Defer(() => Apply(F(function), nameThunk, where), item.Location ?? where), item.Location ?? where);
        }
        return new NixAttrs(attrs, open);
    }

    /// <summary>flake-utils' eachSystem: { k = f s; } for each system s becomes { k.s = ...; }.</summary>
    private NixValue EachSystem(NixValue systemsValue, NixThunk function, NixLocation? where)
    {
        var v = ListOf(systemsValue, "eachSystem", where, out var list);
        if (list is null) return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [v as NixUnknown ?? new NixUnknown("eachSystem over systems that are not known", where)]);
        var perKey = new Dictionary<string, (Dictionary<string, NixAttr> Systems, NixLocation? Where)>(StringComparer.Ordinal);
        var open = new List<NixUnknown>(list.Open);
        var keyOpen = new Dictionary<string, List<NixUnknown>>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var systemValue = F(item);
            if (TextOf(systemValue) is not { } system)
            {
                open.Add(Unknown(systemValue, "eachSystem: a system is not known", item.Location ?? where));
                continue;
            }
            var result = Apply(F(function), item, where);
            var rv = AttrsOf(result, "eachSystem", where, out var set);
            if (set is null)
            {
                open.Add(rv as NixUnknown ?? new NixUnknown("eachSystem: the per-system outputs are not known", where));
                continue;
            }
            if (set.IsOpen) open.AddRange(set.Open);
            foreach (var (key, attr) in set.Attrs)
            {
                if (!perKey.TryGetValue(key, out var entry)) perKey[key] = entry = (new Dictionary<string, NixAttr>(StringComparer.Ordinal), attr.NameLocation);
                entry.Systems[system] = new NixAttr(attr.Value, item.Location ?? where, attr.BindingLocation);
            }
        }
        var attrs = perKey.ToDictionary(kv => kv.Key, kv => new NixAttr(NixThunk.Of(new NixAttrs(kv.Value.Systems)), kv.Value.Where, kv.Value.Where), StringComparer.Ordinal);
        return new NixAttrs(attrs, open);
    }

    private NixValue ListToAttrs(NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "listToAttrs", where, out var list);
        if (list is null) return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [v as NixUnknown ?? new NixUnknown("listToAttrs over a list that is not known", where)]);
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        var open = new List<NixUnknown>(list.Open);
        foreach (var item in list.Items)
        {
            var pair = F(item);
            if (pair is not NixAttrs p)
            {
                open.Add(Unknown(pair, "listToAttrs: an element is not known", item.Location ?? where));
                continue;
            }
            var nameAttr = p.Get("name");
            var valueAttr = p.Get("value");
            if (nameAttr is null || valueAttr is null)
            {
                open.Add(p.IsOpen ? p.Open[0] : new NixUnknown("listToAttrs: an element lacks name or value", item.Location ?? where));
                continue;
            }
            var nameValue = F(nameAttr.Value);
            if (TextOf(nameValue) is not { } name)
            {
                open.Add(Unknown(nameValue, "listToAttrs: a name is not known", nameAttr.NameLocation ?? item.Location ?? where));
                continue;
            }
            // The first occurrence of a name wins, as in Nix.
            var located = nameAttr.Value.Location ?? item.Location ?? where;
            attrs.TryAdd(name, new NixAttr(valueAttr.Value, located, located));
        }
        return new NixAttrs(attrs, open);
    }

    private NixValue MapAttrs(NixThunk function, NixValue setValue, NixLocation? where)
    {
        var v = AttrsOf(setValue, "mapAttrs", where, out var s);
        if (s is null) return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [v as NixUnknown ?? new NixUnknown("mapAttrs over a set that is not known", where)]);
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        foreach (var (name, attr) in s.Attrs)
        {
            var n = name;
            var a = attr;
            attrs[n] = new NixAttr(Defer(() => Apply(Apply(F(function), Val(new NixString(n)), where), a.Value, where), a.NameLocation ?? where), a.NameLocation, a.BindingLocation);
        }
        return new NixAttrs(attrs, s.Open);
    }

    private NixValue MapAttrsPrime(NixThunk function, NixValue setValue, NixLocation? where)
    {
        var v = AttrsOf(setValue, "mapAttrs'", where, out var s);
        if (s is null) return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [v as NixUnknown ?? new NixUnknown("mapAttrs' over a set that is not known", where)]);
        var pairs = s.Names.Select(n => Defer(() => Apply(Apply(F(function), Val(new NixString(n)), where), s.Attrs[n].Value, where), s.Attrs[n].NameLocation ?? where)).ToList();
        return ListToAttrs(new NixList(pairs, s.Open), where);
    }

    private NixValue FilterAttrs(NixThunk predicate, NixValue setValue, NixLocation? where)
    {
        var v = AttrsOf(setValue, "filterAttrs", where, out var s);
        if (s is null) return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [v as NixUnknown ?? new NixUnknown("filterAttrs over a set that is not known", where)]);
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        var open = new List<NixUnknown>(s.Open);
        foreach (var (name, attr) in s.Attrs)
        {
            switch (Apply(Apply(F(predicate), Val(new NixString(name)), where), attr.Value, where))
            {
                case NixBool { Value: true }: attrs[name] = attr; break;
                case NixBool: break;
                case var other: open.Add(Unknown(other, $"filterAttrs: whether '{name}' is kept is not known", attr.NameLocation ?? where)); break;
            }
        }
        return new NixAttrs(attrs, open);
    }

    private NixValue RecursiveUpdate(NixValue left, NixValue right, NixLocation? where, int depth)
    {
        if (left is not NixAttrs l || right is not NixAttrs r || depth > 32) return Merge(left, right, where);
        var attrs = new Dictionary<string, NixAttr>(l.Attrs, StringComparer.Ordinal);
        foreach (var (name, attr) in r.Attrs)
        {
            if (attrs.TryGetValue(name, out var existing))
            {
                var lv = existing.Value;
                var rv = attr.Value;
                attrs[name] = new NixAttr(Defer(() =>
                {
                    var a = F(lv);
                    var b = F(rv);
                    return a is NixAttrs && b is NixAttrs ? RecursiveUpdate(a, b, where, depth + 1) : b;
                }, attr.NameLocation ?? where), existing.NameLocation, existing.BindingLocation);
            }
            else attrs[name] = attr;
        }
        return new NixAttrs(attrs, [.. l.Open, .. r.Open]);
    }

    private NixValue ConcatLists(NixValue value, NixLocation? where)
    {
        var v = ListOf(value, "concatLists", where, out var outer);
        if (outer is null) return v;
        var items = new List<NixThunk>();
        var open = new List<NixUnknown>(outer.Open);
        foreach (var item in outer.Items)
        {
            var inner = ListOf(F(item), "concatLists", item.Location ?? where, out var list);
            if (list is null) { open.Add(inner as NixUnknown ?? new NixUnknown("concatLists: an element is not a list", item.Location ?? where)); continue; }
            if (items.Count + list.Items.Count > MaxListLength) return new NixUnknown($"a list longer than the static reader's limit of {MaxListLength} items", where);
            items.AddRange(list.Items);
            open.AddRange(list.Open);
        }
        return new NixList(items, open);
    }

    private NixValue Flatten(NixValue value, NixLocation? where, int depth)
    {
        if (value is not NixList list || depth > 32) return value is NixList ? value : new NixList([NixThunk.Of(value)]);
        var items = new List<NixThunk>();
        var open = new List<NixUnknown>(list.Open);
        foreach (var item in list.Items)
        {
            var v = F(item);
            if (v is NixList inner && Flatten(inner, where, depth + 1) is NixList flat)
            {
                items.AddRange(flat.Items);
                open.AddRange(flat.Open);
            }
            else if (v is NixUnknown u) open.Add(u);
            else items.Add(item);
        }
        return new NixList(items, open);
    }

    private NixValue ConcatStrings(NixValue separator, NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "concatStringsSep", where, out var list);
        if (list is null) return v;
        if (TextOf(separator) is not { } sep) return Unknown(separator, "concatStringsSep: the separator is not known", where);
        var texts = new List<string>();
        var context = new List<NixThunk>();
        var opaque = list.Open.Count > 0;
        var length = 0L;
        foreach (var item in list.Items)
        {
            switch (Coerce(F(item), item))
            {
                case NixString { Text: { } t } s:
                    length += t.Length + sep.Length;
                    if (length > MaxStringLength) return StringTooLong(where);
                    texts.Add(t);
                    if (HasContext(s)) context.Add(item);
                    break;
                case NixString s: opaque = true; if (HasContext(s)) context.Add(item); break;
                // The other items are still walked for what they refer to.
                case NixUnknown u: return u.With(Val(list));
                case var other: return other;
            }
        }
        return new NixString(opaque ? null : string.Join(sep, texts), context);
    }

    private NixValue Foldl(NixThunk function, NixThunk initial, NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "foldl'", where, out var list);
        if (list is null) return Unknown(v, "foldl' over a list that is not known", where);
        if (list.Open.Count > 0) return list.Open[0].With(Val(list));
        var acc = initial;
        foreach (var item in list.Items)
        {
            var value = Apply(Apply(F(function), acc, where), item, where);
            acc = Val(value);
        }
        return F(acc);
    }

    private NixValue Foldr(NixThunk function, NixThunk initial, NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "foldr", where, out var list);
        if (list is null) return Unknown(v, "foldr over a list that is not known", where);
        if (list.Open.Count > 0) return list.Open[0].With(Val(list));
        var acc = initial;
        for (var i = list.Items.Count - 1; i >= 0; i--)
        {
            var item = list.Items[i];
            var previous = acc;
            acc = Defer(() => Apply(Apply(F(function), item, where), previous, where), where);
        }
        return F(acc);
    }

    private NixValue AnyAll(NixThunk predicate, NixValue listValue, bool any, NixLocation? where)
    {
        var v = ListOf(listValue, any ? "any" : "all", where, out var list);
        if (list is null) return v;
        var undecided = list.Open.Count > 0;
        foreach (var item in list.Items)
        {
            switch (Apply(F(predicate), item, where))
            {
                case NixBool { Value: var b } when b == any: return NixBool.Of(any);
                case NixBool: break;
                default: undecided = true; break;
            }
        }
        return undecided ? new NixUnknown($"{(any ? "any" : "all")}: the result is not known", where) : NixBool.Of(!any);
    }

    /// <summary>A stable merge sort (n log n comparisons, each through the user's function), as Nix's sort is stable.</summary>
    private NixValue Sort(NixThunk comparator, NixValue listValue, NixLocation? where)
    {
        var v = ListOf(listValue, "sort", where, out var list);
        if (list is null) return v;
        if (list.Open.Count > 0) return list.Open[0].With(Val(list));
        var items = list.Items.ToArray();
        var scratch = new NixThunk[items.Length];
        NixUnknown? failure = null;
        for (var width = 1; width < items.Length && failure is null; width *= 2)
        {
            for (var lo = 0; lo < items.Length && failure is null; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, items.Length), hi = Math.Min(lo + 2 * width, items.Length);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi)
                {
                    if (!Tick(where, out failure)) break;
                    // Take from the right only when it is strictly less: stable.
                    var less = Apply(Apply(F(comparator), items[j], where), items[i], where);
                    if (less is not NixBool b)
                    {
                        failure = Unknown(less, "sort: a comparison is not known", where);
                        break;
                    }
                    scratch[k++] = b.Value ? items[j++] : items[i++];
                }
                if (failure is not null) break;
                while (i < mid) scratch[k++] = items[i++];
                while (j < hi) scratch[k++] = items[j++];
            }
            if (failure is null) (items, scratch) = (scratch, items);
        }
        return failure ?? (NixValue)new NixList(items);
    }

    private NixValue NumberOp(string op, NixValue a, NixValue b, NixLocation? where)
    {
        if (a is NixInt x && b is NixInt y)
            return op == "<" ? NixBool.Of(x.Value < y.Value) : IntegerOp(op[0], x.Value, y.Value, where);
        if (op == "<" && a is NixString { Text: { } s } && b is NixString { Text: { } t }) return NixBool.Of(string.CompareOrdinal(s, t) < 0);
        return Unknown(a is NixUnknown ? a : b, $"builtins arithmetic ({op}) on values that are not known", where);
    }

    private NixValue ToStringValue(NixValue v, NixThunk origin, NixLocation? where) => v switch
    {
        NixBool b => new NixString(b.Value ? "1" : ""),
        NixNull => new NixString(""),
        NixInt i => new NixString(i.Value.ToString(CultureInfo.InvariantCulture)),
        NixFloat f => new NixString(NixFormat.Number(f.Value)),
        NixList list when list.Open.Count == 0 => ConcatStrings(new NixString(" "), new NixList(list.Items.Select(item => Defer(() => ToStringValue(F(item), item, where), item.Location)).ToList()), where),
        _ => Coerce(v, origin),
    };

    private NixValue ReplaceStrings(NixValue from, NixValue to, NixValue s, NixLocation? where)
    {
        if (from is not NixList f || to is not NixList t || TextOf(s) is not { } text || f.Open.Count > 0 || t.Open.Count > 0 || f.Items.Count != t.Items.Count)
            return new NixUnknown("replaceStrings on values that are not known", where);
        var froms = f.Items.Select(i => TextOf(F(i))).ToList();
        var tos = t.Items.Select(i => TextOf(F(i))).ToList();
        if (froms.Any(x => x is null) || tos.Any(x => x is null)) return new NixUnknown("replaceStrings on values that are not known", where);
        var sb = new StringBuilder();
        var pos = 0;
        while (pos <= text.Length)
        {
            var matched = false;
            for (var k = 0; k < froms.Count; k++)
            {
                var pattern = froms[k]!;
                if (string.CompareOrdinal(text, pos, pattern, 0, pattern.Length) == 0 && pos + pattern.Length <= text.Length)
                {
                    sb.Append(tos[k]);
                    if (pattern.Length == 0)
                    {
                        if (pos < text.Length) sb.Append(text[pos]);
                        pos++;
                    }
                    else pos += pattern.Length;
                    matched = true;
                    break;
                }
            }
            if (!matched)
            {
                if (pos < text.Length) sb.Append(text[pos]);
                pos++;
            }
            if (sb.Length > MaxStringLength) return StringTooLong(where);
        }
        return new NixString(sb.ToString());
    }

    private string? RepoPath(NixValue v) => v switch
    {
        NixPath p => p.Path,
        NixString { Text: { } t } => RepoPathOf(t),
        _ => null,
    };

    private NixValue PathExists(NixValue v, NixLocation? where)
    {
        if (RepoPath(v) is not { } path) return Unknown(v, $"pathExists of a path {NixRefusal.Outside}", where);
        if (_files.Refusal(path) is { } refused) return Refused("pathExists of", path, refused, where);
        return NixBool.Of(path.Length == 0 || _files.FileExists(path) || _files.DirectoryExists(path));
    }

    private NixValue ReadDir(NixValue v, NixLocation? where)
    {
        if (RepoPath(v) is not { } path) return Unknown(v, $"readDir of a path {NixRefusal.Outside}", where);
        if (_files.Refusal(path) is { } refused) return Refused("readDir of", path, refused, where);
        if (path.Length > 0 && !_files.DirectoryExists(path)) return new NixUnknown($"readDir: {path} is not a folder", where, isError: true);
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        foreach (var (name, isDirectory) in _files.List(path))
            attrs[name] = new NixAttr(NixThunk.Of(new NixString(isDirectory ? "directory" : "regular")), where);
        return new NixAttrs(attrs);
    }

    private NixValue ReadFile(NixValue v, NixLocation? where)
    {
        if (RepoPath(v) is not { } path) return Unknown(v, $"readFile of a path {NixRefusal.Outside}", where);
        if (_files.Refusal(path) is { } refused) return Refused("readFile of", path, refused, where);
        var text = _files.ReadText(path, out var refusal);
        if (text is null) return Refused("readFile of", path, refusal ?? NixRefusal.Missing, where);
        return text.Length > MaxStringLength ? StringTooLong(where) : new NixString(text);
    }

    private NixValue FromJson(NixValue v, NixLocation? where)
    {
        if (TextOf(v) is not { } text) return Unknown(v, "fromJSON of a string that is not known", where);
        try
        {
            using var doc = JsonDocument.Parse(text);
            return FromJsonElement(doc.RootElement, where);
        }
        catch (JsonException ex)
        {
            return new NixUnknown($"fromJSON: {ex.Message}", where);
        }
    }

    private static NixValue FromJsonElement(JsonElement e, NixLocation? where) => e.ValueKind switch
    {
        JsonValueKind.Object => new NixAttrs(e.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => new NixAttr(NixThunk.Of(FromJsonElement(g.Last().Value, where)), where), StringComparer.Ordinal)),
        JsonValueKind.Array => new NixList(e.EnumerateArray().Select(x => NixThunk.Of(FromJsonElement(x, where))).ToList()),
        JsonValueKind.String => new NixString(e.GetString()),
        JsonValueKind.Number => e.TryGetInt64(out var i) ? new NixInt(i) : new NixFloat(e.GetDouble()),
        JsonValueKind.True => NixBool.True,
        JsonValueKind.False => NixBool.False,
        _ => NixNull.Instance,
    };
}
