using System.Runtime.CompilerServices;
using System.Text;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// What the evaluator reads files through: the scan's tree (working tree, index or a commit),
/// never the disk around it. A read the tree refuses comes back with the reason, never the content.
/// </summary>
public interface INixFileSystem
{
    /// <summary>The parse of a repository file, or null with why it is not read (<see cref="NixRefusal"/>).</summary>
    NixParseResult? Parse(string path, out string? refusal);

    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>Names directly inside a folder, with whether each is a folder.</summary>
    IReadOnlyList<(string Name, bool IsDirectory)> List(string directory);

    /// <summary>The text of any repository file (for <c>builtins.readFile</c>), or null with why it is not read.</summary>
    string? ReadText(string path, out string? refusal);

    /// <summary>Why a path may not be read at all (a never-scanned path such as work/ or node_modules/), or null.</summary>
    string? Refusal(string path);
}

/// <summary>The reasons a read is refused, as the findings say them.</summary>
public static class NixRefusal
{
    public const string Outside = "outside the repository";
    public const string SymbolicLink = "a symbolic link";
    public const string NeverScanned = "a never-scanned path";
    public const string Missing = "does not exist";
    public const string Binary = "a binary file";
    public const string TooLarge = "over the size limit";

    /// <summary>The reason for a tree's read error (<see cref="Discovery.SkipReasons"/>).</summary>
    public static string Of(string? treeError) => treeError switch
    {
        null or Discovery.SkipReasons.Vanished => Missing,
        Discovery.SkipReasons.Symlink => SymbolicLink,
        Discovery.SkipReasons.Binary => Binary,
        Discovery.SkipReasons.TooLarge => TooLarge,
        Discovery.SkipReasons.NeverScanned => NeverScanned,
        _ when treeError.Contains("outside", StringComparison.OrdinalIgnoreCase) => Outside,
        _ when treeError.Contains("link", StringComparison.OrdinalIgnoreCase) => SymbolicLink,
        _ => "unreadable",
    };
}

/// <summary>A bound the evaluator hit (recursion, budget): said once, where it happened.</summary>
public sealed record NixEvalDiagnostic(NixLocation? Location, string Message);

/// <summary>
/// The static reader's evaluator: lazy like Nix, over the repository's files only. Anything that
/// needs a flake input's contents, the store, the environment or a condition it cannot decide
/// becomes <see cref="NixExternal"/> or <see cref="NixUnknown"/> instead of a guess. Bounded:
/// a step budget, a nesting bound and a call-depth bound turn runaway recursion into unknowns with
/// a diagnostic. Not thread-safe: one evaluator per flake workspace, used under its lock.
/// </summary>
public sealed partial class NixEvaluator
{
    /// <summary>How an in-repository path looks once coerced to a string ("${./x}"), so that import can map it back.</summary>
    public const string RepoPathPrefix = "/ucg-repo";

    private const int MaxNesting = 4000;
    private const int MaxCallDepth = 200;
    private const long DefaultBudget = 4_000_000;

    /// <summary>Memory the values of one question may take (bytes, as <see cref="NixMeter"/> counts them).</summary>
    public const long QuestionMemoryBudget = 128L * 1024 * 1024;

    /// <summary>Memory the values of every question of one tree may take together (values are kept between questions).</summary>
    public const long TotalMemoryBudget = 512L * 1024 * 1024;

    /// <summary>The longest string the reader builds (characters).</summary>
    public const int MaxStringLength = 16 * 1024 * 1024;

    /// <summary>The longest list the reader builds (items).</summary>
    public const int MaxListLength = 1_000_000;

    private readonly INixFileSystem _files;
    private readonly Dictionary<string, NixThunk> _imports = new(StringComparer.Ordinal);
    private readonly List<NixEvalDiagnostic> _diagnostics = [];
    private readonly HashSet<string> _diagnosed = new(StringComparer.Ordinal);
    private readonly NixEnv _global;
    private readonly NixMeter _meter = new();

    /// <summary>The unknowns made for relative paths that leave the repository (a read of one is a refused read).</summary>
    private readonly Dictionary<NixUnknown, string> _outside = new(ReferenceEqualityComparer.Instance);
    private int _nesting;
    private int _calls;
    private long _steps;

    public NixEvaluator(INixFileSystem files, long budget = DefaultBudget)
    {
        _files = files;
        Budget = budget;
        _global = NixEnv.Root(Globals());
    }

    public long Budget { get; }
    public INixFileSystem Files => _files;
    public IReadOnlyList<NixEvalDiagnostic> Diagnostics => _diagnostics;

    private void Diagnose(NixLocation? where, string message)
    {
        var key = $"{where}|{message}";
        if (_diagnosed.Add(key)) _diagnostics.Add(new NixEvalDiagnostic(where, message));
    }

    // ---------------------------------------------------------------- forcing

    public NixValue Force(NixThunk thunk)
    {
        if (thunk.Value is { } done) return done;
        if (thunk.Evaluating)
        {
            Diagnose(thunk.Location, "infinite recursion: the value depends on itself");
            return new NixUnknown("infinite recursion: the value depends on itself", thunk.Location);
        }
        if (OverBudget) return BudgetExhausted(thunk.Location);
        if (TooDeep) return NestedTooDeeply(thunk.Location);
        thunk.Evaluating = true;
        _nesting++;
        NixValue value;
        try
        {
            value = thunk.Expr is { } expr ? Eval(expr, thunk.Env!) : thunk.Compute!();
        }
        finally
        {
            thunk.Evaluating = false;
            _nesting--;
        }
        // A value computed after the budget ran out is not remembered: another question may be asked later.
        if (!OverBudget) thunk.Set(value);
        return value;
    }

    /// <summary>
    /// At the nesting bound, or where this thread's stack has too little room left to go on (the
    /// stack may be smaller than asked where the address space is limited).
    /// </summary>
    private bool TooDeep => _nesting >= MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack();

    private NixUnknown NestedTooDeeply(NixLocation? where)
    {
        Diagnose(where, "evaluation nested too deeply (runaway recursion?)");
        return new NixUnknown("evaluation nested too deeply (runaway recursion?)", where);
    }

    private bool OverBudget => _steps > Budget || _meter.Question > QuestionMemoryBudget || _meter.Total > TotalMemoryBudget;

    private NixUnknown BudgetExhausted(NixLocation? where)
    {
        if (_steps > Budget)
        {
            Diagnose(null, $"evaluation budget of {Budget} steps exhausted; values past it are unknown");
            return new NixUnknown("the static reader's evaluation budget is exhausted", where);
        }
        var total = _meter.Total > TotalMemoryBudget;
        var limit = total ? TotalMemoryBudget : QuestionMemoryBudget;
        Diagnose(null, $"memory budget of {limit / (1024 * 1024)} MiB {(total ? "for the whole tree" : "per question")} exhausted; values past it are unknown");
        return new NixUnknown($"the static reader's memory budget ({limit / (1024 * 1024)} MiB) is exhausted", where);
    }

    /// <summary>One unit of work of a builtin's loop; false (with the budget's unknown in <paramref name="exhausted"/>) past the budget.</summary>
    internal bool Tick(NixLocation? where, out NixUnknown? exhausted)
    {
        exhausted = ++_steps > Budget || OverBudget ? BudgetExhausted(where) : null;
        return exhausted is null;
    }

    /// <summary>Gives a later question a fresh budget (each rule query starts from zero).</summary>
    public void ResetBudget()
    {
        _steps = 0;
        _meter.StartQuestion();
    }

    /// <summary>Counts the values this thread builds against the memory budgets until disposed.</summary>
    internal IDisposable Measure() => _meter.Measure();

    /// <summary>Bytes of values built since the evaluator was made (all questions).</summary>
    public long MemoryUsed => _meter.Total;

    public NixValue Eval(NixExpr expr, NixEnv env)
    {
        if (++_steps > Budget || OverBudget) return BudgetExhausted(expr.Location);
        if (TooDeep) return NestedTooDeeply(expr.Location);
        _nesting++;
        try
        {
            return EvalCore(expr, env);
        }
        finally
        {
            _nesting--;
        }
    }

    private NixValue EvalCore(NixExpr expr, NixEnv env)
    {
        switch (expr)
        {
            case NixIntExpr i: return new NixInt(i.Value);
            case NixFloatExpr f: return new NixFloat(f.Value);
            case NixStringExpr s: return EvalString(s, env);
            case NixPathExpr p: return EvalPath(p, env);
            case NixSearchPathExpr sp: return new NixExternal($"<{sp.SearchPath}>", sp.Location);
            case NixUriExpr u: return new NixString(u.Uri);
            case NixVarExpr v: return Lookup(v.Name, env, v.Location);
            case NixSelectExpr sel: return EvalSelect(sel, env);
            case NixHasAttrExpr has: return EvalHasAttr(has, env);
            case NixApplyExpr app:
            {
                var function = Eval(app.Function, env);
                return Apply(function, NixThunk.Lazy(app.Argument, env), app.Location);
            }
            case NixLambdaExpr lambda: return new NixLambda(lambda, env);
            case NixAttrSetExpr set: return BuildAttrs(Tree(set), env, set.Location);
            case NixLetExpr let: return Eval(let.Body, LetEnv(let, env));
            case NixListExpr list: return new NixList(list.Items.Select(i => NixThunk.Lazy(i, env)).ToList());
            case NixIfExpr cond:
            {
                var c = Concrete(Eval(cond.Condition, env));
                if (c is NixBool b) return Eval(b.Value ? cond.Then : cond.Else, env);
                return Unknown(c, $"the condition `{Short(cond.Condition)}` is not known", cond.Condition.Location,
                    NixThunk.Lazy(cond.Then, env), NixThunk.Lazy(cond.Else, env));
            }
            case NixAssertExpr assert:
            {
                var c = Concrete(Eval(assert.Condition, env));
                if (c is NixBool { Value: false })
                    return new NixUnknown($"assertion `{Short(assert.Condition)}` fails", assert.Condition.Location);
                // An assertion the reader cannot decide guards the value; it does not choose between values.
                return Eval(assert.Body, env);
            }
            case NixWithExpr with: return Eval(with.Body, env.ExtendWith(NixThunk.Lazy(with.Environment, env)));
            case NixBinaryExpr bin: return EvalBinary(bin, env);
            case NixUnaryExpr un:
            {
                var v = Concrete(Eval(un.Operand, env));
                return (un.Operator, v) switch
                {
                    ("!", NixBool b) => NixBool.Of(!b.Value),
                    ("-", NixInt i) => IntegerOp('-', 0, i.Value, un.Location),
                    ("-", NixFloat f) => new NixFloat(-f.Value),
                    _ => Unknown(v, $"`{Short(un)}` is not known", un.Location),
                };
            }
            case NixErrorExpr error: return new NixUnknown($"unreadable Nix: {error.Reason}", error.Location);
            default: return new NixUnknown($"unsupported expression `{Short(expr)}`", expr.Location);
        }
    }

    /// <summary>
    /// A value an operator or a condition needs as it is: an option reference (<c>config.wsl.enable</c>)
    /// becomes the value the configuration's modules give it, once they are all known.
    /// </summary>
    internal static NixValue Concrete(NixValue value) =>
        value is NixConfigRef { Resolver: { } resolve } reference ? resolve(reference) : value;

    /// <summary>An unknown that keeps the root cause when the operand is already unknown.</summary>
    internal static NixUnknown Unknown(NixValue operand, string reason, NixLocation? where, params NixThunk[] inputs)
    {
        if (operand is NixUnknown u) return u.With(inputs);
        return new NixUnknown(reason, where, inputs);
    }

    /// <summary>The start of an expression's text on one line, whitespace collapsed (reads at most a few hundred bytes).</summary>
    internal static string Short(NixExpr expr)
    {
        const int Limit = 60;
        var bytes = expr.Source.Text.Utf8;
        var end = Math.Min(expr.End, expr.Start + 4 * Limit);
        var text = System.Text.Encoding.UTF8.GetString(bytes, expr.Start, Math.Max(0, end - expr.Start));
        var sb = new StringBuilder(Limit + 3);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
            if (sb.Length > Limit) break;
        }
        var truncated = sb.Length > Limit || end < expr.End;
        return truncated ? sb.ToString(0, Math.Min(sb.Length, Limit - 3)) + "..." : sb.ToString();
    }

    // ---------------------------------------------------------------- variables and scopes

    private NixValue Lookup(string name, NixEnv env, NixLocation where)
    {
        for (var e = env; e is not null; e = e.Parent)
        {
            if (e.Names is { } names && names.TryGetValue(name, out var thunk)) return Force(thunk);
        }
        for (var e = env; e is not null; e = e.Parent)
        {
            if (e.With is not { } with) continue;
            var scope = Force(with);
            switch (scope)
            {
                case NixAttrs attrs:
                    if (attrs.Get(name) is { } attr) return Force(attr.Value);
                    if (attrs.IsOpen) return attrs.Open[0].With(NixThunk.Of(attrs));
                    continue;
                case NixExternal ext:
                    return new NixExternal($"{ext.Name}.{name}", where, ext.DerivedFrom);
                case NixUnknown u:
                    return u;
                default:
                    continue;
            }
        }
        return new NixUnknown($"undefined variable '{name}'", where);
    }

    private NixEnv LetEnv(NixLetExpr let, NixEnv env)
    {
        var tree = Tree(let);
        var names = new Dictionary<string, NixThunk>(StringComparer.Ordinal);
        var inner = env.Extend(names);
        foreach (var (name, node) in tree.Static) names[name] = AttrThunk(node, env, inner);
        return inner;
    }

    private static NixAttrTree Tree(NixAttrSetExpr set) => set.Tree;

    private static NixAttrTree Tree(NixLetExpr let) => let.Tree;

    /// <summary>The value thunk of one static attribute: a leaf, an inherit, or a nested set.</summary>
    private NixThunk AttrThunk(NixAttrNode node, NixEnv outer, NixEnv inner)
    {
        if (node.Definition is NixInherit inherit && node.IsInherited)
        {
            var name = node.Name.Name ?? NixAttrTree.StaticName(node.Name)!;
            if (inherit.From is { } from)
            {
                var source = NixThunk.Lazy(from, inner);
                var where = node.NameLocation;
                return NixThunk.Lazy(() => SelectAttr(Force(source), name, where, null), where);
            }
            // `inherit x;` reads x from the scope around the set (never the set itself).
            return NixThunk.Lazy(() => Lookup(name, outer, node.NameLocation), node.NameLocation);
        }
        if (node.NestedTree is { } nested)
        {
            var where = node.NameLocation;
            return NixThunk.Lazy(() => BuildAttrs(nested, inner, where), where);
        }
        return NixThunk.Lazy(node.Value!, inner);
    }

    /// <summary>Builds a set from its attribute tree; recursive sets see their own names.</summary>
    private NixValue BuildAttrs(NixAttrTree tree, NixEnv env, NixLocation? where)
    {
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        var scope = env;
        if (tree.Recursive)
        {
            var names = new Dictionary<string, NixThunk>(StringComparer.Ordinal);
            scope = env.Extend(names);
            foreach (var (name, node) in tree.Static)
            {
                var thunk = AttrThunk(node, env, scope);
                names[name] = thunk;
                attrs[name] = new NixAttr(thunk, node.NameLocation, node.BindingLocation);
            }
        }
        else
        {
            foreach (var (name, node) in tree.Static)
                attrs[name] = new NixAttr(AttrThunk(node, env, env), node.NameLocation, node.BindingLocation);
        }
        if (tree.Dynamic.Count == 0) return new NixAttrs(attrs);

        var open = new List<NixUnknown>();
        foreach (var dyn in tree.Dynamic) AddDynamic(attrs, open, dyn.Binding, dyn.Index, scope);
        return new NixAttrs(attrs, open);
    }

    private void AddDynamic(Dictionary<string, NixAttr> attrs, List<NixUnknown> open, NixBinding binding, int index, NixEnv scope)
    {
        var nameNode = binding.Path[index];
        var key = AttrKey(nameNode, scope, out var unknown);
        if (key is null)
        {
            open.Add(unknown!);
            return;
        }
        if (index == binding.Path.Count - 1)
        {
            attrs[key] = new NixAttr(NixThunk.Lazy(binding.Value, scope), nameNode.Location, binding.PathLocation);
            return;
        }
        // `${name}.rest = value`: a nested set; merge into an existing literal one when present.
        var restThunk = NixThunk.Lazy(() =>
        {
            var inner = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
            var innerOpen = new List<NixUnknown>();
            AddDynamicRest(inner, innerOpen, binding, index + 1, scope);
            return new NixAttrs(inner, innerOpen);
        }, nameNode.Location);
        if (attrs.TryGetValue(key, out var existing))
        {
            var previous = existing.Value;
            attrs[key] = new NixAttr(NixThunk.Lazy(() => Merge(Force(previous), Force(restThunk), nameNode.Location), nameNode.Location), existing.NameLocation, existing.BindingLocation);
        }
        else attrs[key] = new NixAttr(restThunk, nameNode.Location, binding.PathLocation);
    }

    private void AddDynamicRest(Dictionary<string, NixAttr> attrs, List<NixUnknown> open, NixBinding binding, int index, NixEnv scope) =>
        AddDynamic(attrs, open, binding, index, scope);

    /// <summary>The text of an attribute name; null (with the reason) when it cannot be decided.</summary>
    private string? AttrKey(NixAttrName name, NixEnv env, out NixUnknown? unknown)
    {
        unknown = null;
        if (NixAttrTree.StaticName(name) is { } s) return s;
        var value = Eval(name.Dynamic!, env);
        switch (value)
        {
            case NixString { Text: { } text }:
                return text;
            case NixPath p:
                return RepoPathPrefix + "/" + p.Path;
            case NixUnknown u:
                unknown = u;
                return null;
            default:
                unknown = new NixUnknown($"the attribute name `{Short(name)}` is not known", name.Location);
                return null;
        }
    }

    // ---------------------------------------------------------------- strings and paths

    private NixValue EvalString(NixStringExpr s, NixEnv env)
    {
        if (s.Literal is { } literal) return new NixString(literal);
        var sb = new StringBuilder();
        var context = new List<NixThunk>();
        var opaque = false;
        foreach (var part in s.Parts)
        {
            if (part.Literal is { } text) { sb.Append(text); continue; }
            var thunk = NixThunk.Lazy(part.Interpolation!, env);
            var value = Force(thunk);
            switch (Coerce(value, thunk))
            {
                case NixString str:
                    if (str.Text is null) opaque = true;
                    else if ((long)sb.Length + str.Text.Length > MaxStringLength) return StringTooLong(s.Location);
                    else sb.Append(str.Text);
                    if (HasContext(str)) context.Add(value == str ? thunk : NixThunk.Of(str));
                    break;
                case NixUnknown u:
                    return u.With([.. s.Parts.Where(p => p.Interpolation is not null).Select(p => NixThunk.Lazy(p.Interpolation!, env))]);
            }
        }
        return new NixString(opaque ? null : sb.ToString(), context);
    }

    /// <summary>True when a string carries references (interpolated values, or it is itself a flake output's value).</summary>
    internal static IReadOnlyList<NixThunk> ContextOf(NixString s) => s.OutputPaths is not null ? [NixThunk.Of(s)] : s.Context;

    internal static bool HasContext(NixString s) => s.Context.Count > 0 || s.OutputPaths is not null;

    /// <summary>What "${value}" makes of a value: a string (maybe opaque), or unknown.</summary>
    internal NixValue Coerce(NixValue value, NixThunk? origin, int depth = 0)
    {
        switch (value)
        {
            case NixString s:
                return s;
            case NixPath p:
                return new NixString(PathText(p.Path));
            case NixExternal:
            case NixSystemConfiguration:
                return new NixString(null, origin is null ? [NixThunk.Of(value)] : [origin]);
            case NixInt i:
                return new NixString(i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case NixAttrs attrs when depth < 8:
                if (attrs.Get("outPath") is { } outPath) return Coerce(Force(outPath.Value), outPath.Value, depth + 1) is NixString inner
                    ? new NixString(inner.Text, [.. inner.Context, origin ?? NixThunk.Of(value)])
                    : new NixUnknown("a set's outPath is not known", outPath.NameLocation);
                if (attrs.IsOpen) return attrs.Open[0];
                return new NixUnknown("cannot coerce a set to a string", null);
            case NixUnknown u:
                return u;
            default:
                return new NixUnknown($"cannot coerce a {value.TypeName} to a string", null);
        }
    }

    public static string PathText(string repoPath) => repoPath.Length == 0 ? RepoPathPrefix : $"{RepoPathPrefix}/{repoPath}";

    /// <summary>Maps "/ucg-repo/x" (a coerced repository path) back to "x"; null for other strings.</summary>
    public static string? RepoPathOf(string text)
    {
        if (text == RepoPathPrefix) return "";
        if (text.StartsWith(RepoPathPrefix + "/", StringComparison.Ordinal)) return Normalize("", text[(RepoPathPrefix.Length + 1)..]);
        return null;
    }

    private NixValue EvalPath(NixPathExpr p, NixEnv env)
    {
        var sb = new StringBuilder();
        foreach (var part in p.Parts)
        {
            if (part.Literal is { } text) { sb.Append(text); continue; }
            var value = Coerce(Eval(part.Interpolation!, env), null);
            if (value is NixString { Text: { } t }) sb.Append(t);
            else return Unknown(value, $"the path `{Short(p)}` is not known", p.Location);
        }
        var raw = sb.ToString();
        switch (p.Kind)
        {
            case NixPathKind.Home:
                return new NixExternal(raw, p.Location);
            case NixPathKind.Absolute:
                return RepoPathOf(raw) is { } inRepo ? new NixPath(inRepo) : new NixExternal(raw, p.Location);
        }
        var resolved = Normalize(p.Source.Directory, raw);
        if (resolved is not null) return new NixPath(resolved);
        var outside = new NixUnknown($"the path `{raw}` is {NixRefusal.Outside}", p.Location);
        _outside[outside] = raw;
        return outside;
    }

    /// <summary>Joins a relative path to a folder and removes "." and ".."; null when it climbs above the root.</summary>
    public static string? Normalize(string directory, string relative)
    {
        var parts = new List<string>();
        if (directory.Length > 0) parts.AddRange(directory.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var segment in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(segment);
        }
        return string.Join('/', parts);
    }

    // ---------------------------------------------------------------- selection

    private NixValue EvalSelect(NixSelectExpr sel, NixEnv env)
    {
        var value = Eval(sel.Target, env);
        foreach (var name in sel.Path)
        {
            var key = AttrKey(name, env, out var unknown);
            if (key is null) return unknown!;
            var next = SelectAttr(value, key, name.Location, sel.Default is null ? null : () => Eval(sel.Default, env));
            value = next;
            if (value is NixUnknown) break;
        }
        return value;
    }

    /// <summary>value.name, with the default of <c>or</c> when given.</summary>
    internal NixValue SelectAttr(NixValue value, string name, NixLocation? where, Func<NixValue>? orDefault)
    {
        switch (value)
        {
            case NixAttrs attrs:
                if (attrs.Get(name) is { } attr) return Force(attr.Value);
                if (attrs.Fallback is { } fallback) return ExternalAttr(fallback, name, where);
                if (attrs.IsOpen) return attrs.Open[0];
                return orDefault is not null ? orDefault() : new NixUnknown($"attribute '{name}' missing", where, isError: true);
            case NixExternal ext:
                return ExternalAttr(ext, name, where);
            case NixSystemConfiguration system:
                return new NixExternal($"nixosSystem.{name}", where, system);
            case NixConfigRef config:
                return config.Select(name, where);
            case NixUnknown u:
                return u;
            default:
                return orDefault is not null ? orDefault() : new NixUnknown($"cannot select '{name}' from a {value.TypeName}", where);
        }
    }

    private NixValue EvalHasAttr(NixHasAttrExpr has, NixEnv env)
    {
        var value = Eval(has.Target, env);
        for (var i = 0; i < has.Path.Count; i++)
        {
            var key = AttrKey(has.Path[i], env, out var unknown);
            if (key is null) return unknown!;
            switch (value)
            {
                case NixAttrs attrs:
                    if (attrs.Get(key) is { } attr)
                    {
                        if (i == has.Path.Count - 1) return NixBool.True;
                        value = Force(attr.Value);
                        continue;
                    }
                    if (attrs.IsOpen) return attrs.Open[0];
                    return NixBool.False;
                case NixUnknown u:
                    return u;
                case NixExternal or NixSystemConfiguration or NixConfigRef:
                    return new NixUnknown($"whether `{Short(has)}` holds is not known without evaluation", has.Location);
                default:
                    return NixBool.False;
            }
        }
        return NixBool.False;
    }

    // ---------------------------------------------------------------- application

    public NixValue Apply(NixValue function, NixThunk argument, NixLocation? where)
    {
        // A call may recurse without evaluating an expression (a __functor returning itself, a
        // builtin forcing a chain of thunks): it counts against the nesting bound as Eval does.
        if (TooDeep) return NestedTooDeeply(where);
        _nesting++;
        try
        {
            return ApplyCore(function, argument, where);
        }
        finally
        {
            _nesting--;
        }
    }

    private NixValue ApplyCore(NixValue function, NixThunk argument, NixLocation? where)
    {
        switch (function)
        {
            case NixLambda lambda:
                return CallLambda(lambda, argument, where);
            case NixPrimop primop:
            {
                var args = new NixThunk[primop.Applied.Length + 1];
                primop.Applied.CopyTo(args, 0);
                args[^1] = argument;
                if (args.Length < primop.Arity) return new NixPrimop(primop.Name, primop.Arity, primop.Implementation, args);
                return primop.Implementation(this, args, where);
            }
            case NixExternal ext:
                if (KnownFunction(ext) is { } known) return Apply(known, argument, where);
                return ext.AppliedTo(argument, where);
            case NixAttrs attrs when attrs.Get("__functor") is { } functor:
                return Apply(Apply(Force(functor.Value), NixThunk.Of(attrs), where), argument, where);
            case NixUnknown u:
                return u.With(argument);
            default:
                return new NixUnknown($"attempt to call a {function.TypeName}", where, [argument]);
        }
    }

    private NixValue CallLambda(NixLambda lambda, NixThunk argument, NixLocation? where)
    {
        if (_calls >= MaxCallDepth)
        {
            Diagnose(where ?? lambda.Expr.Location, $"function calls nested deeper than {MaxCallDepth} (runaway recursion?)");
            return new NixUnknown($"function calls nested deeper than {MaxCallDepth} (runaway recursion?)", where ?? lambda.Expr.Location);
        }
        var expr = lambda.Expr;
        var names = new Dictionary<string, NixThunk>(StringComparer.Ordinal);
        var env = lambda.Env.Extend(names);
        if (expr.Parameter is { } param) names[param] = argument;
        if (expr.Formals is { } formals)
        {
            var arg = Force(argument);
            foreach (var formal in formals)
            {
                switch (arg)
                {
                    case NixAttrs attrs when attrs.Get(formal.Name) is { } given:
                        names[formal.Name] = given.Value;
                        break;
                    case NixAttrs attrs when attrs.IsOpen && formal.Default is null:
                        names[formal.Name] = NixThunk.Of(attrs.Open[0]);
                        break;
                    case NixAttrs:
                        names[formal.Name] = formal.Default is { } dflt
                            ? NixThunk.Lazy(dflt, env)
                            : NixThunk.Of(new NixUnknown($"function called without required argument '{formal.Name}'", where));
                        break;
                    case NixExternal ext:
                        names[formal.Name] = NixThunk.Of(new NixExternal($"{ext.Name}.{formal.Name}", where, ext.DerivedFrom));
                        break;
                    case NixConfigRef:
                        names[formal.Name] = NixThunk.Of(new NixUnknown($"argument '{formal.Name}' comes from the module system", where));
                        break;
                    case NixUnknown u:
                        names[formal.Name] = NixThunk.Of(u);
                        break;
                    default:
                        names[formal.Name] = NixThunk.Of(new NixUnknown($"function expects a set but got a {arg.TypeName}", where));
                        break;
                }
            }
        }
        _calls++;
        try
        {
            return Eval(expr.Body, env);
        }
        finally
        {
            _calls--;
        }
    }

    // ---------------------------------------------------------------- operators

    private NixValue EvalBinary(NixBinaryExpr bin, NixEnv env)
    {
        switch (bin.Operator)
        {
            case "&&":
            {
                var l = Concrete(Eval(bin.Left, env));
                if (l is NixBool { Value: false }) return NixBool.False;
                var r = Concrete(Eval(bin.Right, env));
                if (r is NixBool { Value: false }) return NixBool.False;
                if (l is NixBool && r is NixBool rb) return rb;
                return Unknown(l is NixBool ? r : l, $"`{Short(bin)}` is not known", bin.Location);
            }
            case "||":
            {
                var l = Concrete(Eval(bin.Left, env));
                if (l is NixBool { Value: true }) return NixBool.True;
                var r = Concrete(Eval(bin.Right, env));
                if (r is NixBool { Value: true }) return NixBool.True;
                if (l is NixBool && r is NixBool rb) return rb;
                return Unknown(l is NixBool ? r : l, $"`{Short(bin)}` is not known", bin.Location);
            }
            case "->":
            {
                var l = Concrete(Eval(bin.Left, env));
                if (l is NixBool { Value: false }) return NixBool.True;
                var r = Concrete(Eval(bin.Right, env));
                if (r is NixBool { Value: true }) return NixBool.True;
                if (l is NixBool && r is NixBool rb) return rb;
                return Unknown(l is NixBool ? r : l, $"`{Short(bin)}` is not known", bin.Location);
            }
        }
        var left = Eval(bin.Left, env);
        var right = Eval(bin.Right, env);
        if (bin.Operator is not ("//" or "++"))
        {
            left = Concrete(left);
            right = Concrete(right);
        }
        switch (bin.Operator)
        {
            case "//": return Merge(left, right, bin.Location);
            case "++": return Concat(left, right, bin.Location);
            case "==": return EqualValues(left, right, 0) is { } eq ? NixBool.Of(eq) : Unknown(left is NixUnknown ? left : right, $"`{Short(bin)}` is not known", bin.Location);
            case "!=": return EqualValues(left, right, 0) is { } ne ? NixBool.Of(!ne) : Unknown(left is NixUnknown ? left : right, $"`{Short(bin)}` is not known", bin.Location);
            case "+": return Add(left, right, bin);
            case "-" or "*" or "/" or "<" or "<=" or ">" or ">=": return Arithmetic(bin.Operator, left, right, bin);
            default: return new NixUnknown($"unsupported operator {bin.Operator}", bin.Location);
        }
    }

    /// <summary>The <c>//</c> update: names of both sides; an unknown side makes the set open and the left values uncertain.</summary>
    internal NixValue Merge(NixValue left, NixValue right, NixLocation? where)
    {
        // Two values from outside the repository (nixpkgs.lib // home-manager.lib): every name
        // comes from one of them, so the result is one external value; a library stays a library.
        if (left is NixExternal le && right is NixExternal re)
        {
            var isLibrary = le.Segments[^1] == "lib" || re.Segments[^1] == "lib";
            return new NixExternal(isLibrary ? "lib" : re.Name, le.Where ?? where, re.DerivedFrom ?? le.DerivedFrom);
        }
        var l = AsOpenAttrs(left, where);
        var r = AsOpenAttrs(right, where);
        if (l is null || r is null) return new NixUnknown($"`//` applied to a {(l is null ? left.TypeName : right.TypeName)}", where);
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        foreach (var (name, attr) in l.Attrs)
        {
            if (r.IsOpen)
            {
                // The right side may replace it: unknown for the same reason, still walked for references.
                attrs[name] = new NixAttr(NixThunk.Of(r.Open[0].With(attr.Value)), attr.NameLocation, attr.BindingLocation);
            }
            else attrs[name] = attr;
        }
        foreach (var (name, attr) in r.Attrs) attrs[name] = attr;
        var fallback = right as NixExternal ?? r.Fallback ?? left as NixExternal ?? l.Fallback;
        return new NixAttrs(attrs, [.. l.Open, .. r.Open]) { Fallback = fallback };
    }

    /// <summary>A set, or for an unknown/external value a set with no known names that is open.</summary>
    private static NixAttrs? AsOpenAttrs(NixValue value, NixLocation? where) => value switch
    {
        NixAttrs a => a,
        NixUnknown u => new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [u]),
        NixExternal e => new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [new NixUnknown($"the names of `{e.Name}` are outside the repository", where ?? e.Where)]),
        _ => null,
    };

    private static NixValue Concat(NixValue left, NixValue right, NixLocation where)
    {
        if ((left as NixList)?.Items.Count + (right as NixList)?.Items.Count > MaxListLength)
            return new NixUnknown($"a list longer than the static reader's limit of {MaxListLength} items", where);
        var items = new List<NixThunk>();
        var open = new List<NixUnknown>();
        foreach (var side in new[] { left, right })
        {
            switch (side)
            {
                case NixList list:
                    items.AddRange(list.Items);
                    open.AddRange(list.Open);
                    break;
                case NixUnknown u:
                    open.Add(u);
                    break;
                case NixExternal e:
                    open.Add(new NixUnknown($"the items of `{e.Name}` are outside the repository", e.Where ?? where, [NixThunk.Of(e)]));
                    break;
                default:
                    return new NixUnknown($"`++` applied to a {side.TypeName}", where);
            }
        }
        return new NixList(items, open);
    }

    private NixValue Add(NixValue left, NixValue right, NixBinaryExpr bin)
    {
        if (left is NixInt a && right is NixInt b) return IntegerOp('+', a.Value, b.Value, bin.Location);
        if (left is NixInt or NixFloat && right is NixInt or NixFloat) return new NixFloat(ToDouble(left) + ToDouble(right));
        if (left is NixUnknown || right is NixUnknown) return Unknown(left is NixUnknown ? left : right, $"`{Short(bin)}` is not known", bin.Location);
        // self + /modules/home: a flake's source (a set with an outPath) and an absolute path literal
        // join as text, as Nix joins them, into a path of the repository.
        if (left is NixAttrs { } source && source.Get("outPath") is { } outPath && Force(outPath.Value) is NixPath root
            && right is NixExternal { Name: ['/', ..] absolute } && Normalize(root.Path, "." + absolute) is { } rooted)
            return new NixPath(rooted, isStoreCopy: true);
        if (left is NixPath p)
        {
            // path + string appends the text to the path, as Nix does (./nodes + "/node01.nix").
            if (right is NixString { Text: { } t } && Normalize("", p.Path + t) is { } joined) return new NixPath(joined, p.IsStoreCopy);
            return new NixUnknown($"`{Short(bin)}` is not a path the reader follows", bin.Location);
        }
        if (left is NixString or NixExternal || right is NixString)
        {
            var l = Coerce(left, null);
            var r = Coerce(right, null);
            if (l is NixString ls && r is NixString rs)
            {
                if ((long)(ls.Text?.Length ?? 0) + (rs.Text?.Length ?? 0) > MaxStringLength) return StringTooLong(bin.Location);
                return new NixString(ls.Text is null || rs.Text is null ? null : ls.Text + rs.Text, [.. ContextOf(ls), .. ContextOf(rs)]);
            }
            return Unknown(l is NixUnknown ? l : r, $"`{Short(bin)}` is not known", bin.Location);
        }
        return new NixUnknown($"`{Short(bin)}` is not known", bin.Location);
    }

    private static double ToDouble(NixValue v) => v is NixInt i ? i.Value : ((NixFloat)v).Value;

    /// <summary>Integer arithmetic, checked: an overflow or a division by zero is an error value, never an exception.</summary>
    internal static NixValue IntegerOp(char op, long a, long b, NixLocation? where)
    {
        if (op == '/' && b == 0) return new NixUnknown("division by zero", where, isError: true);
        try
        {
            return new NixInt(op switch
            {
                '+' => checked(a + b),
                '-' => checked(a - b),
                '*' => checked(a * b),
                _ => a == long.MinValue && b == -1 ? throw new OverflowException() : a / b,
            });
        }
        catch (OverflowException)
        {
            return new NixUnknown($"integer overflow in {a} {op} {b}", where, isError: true);
        }
    }

    private NixUnknown StringTooLong(NixLocation? where)
    {
        Diagnose(where, $"a string longer than the static reader's limit of {MaxStringLength} characters");
        return new NixUnknown($"a string longer than the static reader's limit of {MaxStringLength} characters", where);
    }

    private static NixValue Arithmetic(string op, NixValue left, NixValue right, NixBinaryExpr bin)
    {
        if (left is NixInt a && right is NixInt b)
        {
            return op switch
            {
                "-" or "*" or "/" => IntegerOp(op[0], a.Value, b.Value, bin.Location),
                "<" => NixBool.Of(a.Value < b.Value),
                "<=" => NixBool.Of(a.Value <= b.Value),
                ">" => NixBool.Of(a.Value > b.Value),
                _ => NixBool.Of(a.Value >= b.Value),
            };
        }
        if (left is NixInt or NixFloat && right is NixInt or NixFloat)
        {
            double x = ToDouble(left), y = ToDouble(right);
            return op switch
            {
                "-" => new NixFloat(x - y),
                "*" => new NixFloat(x * y),
                "/" => new NixFloat(x / y),
                "<" => NixBool.Of(x < y),
                "<=" => NixBool.Of(x <= y),
                ">" => NixBool.Of(x > y),
                _ => NixBool.Of(x >= y),
            };
        }
        if (left is NixString { Text: { } s } && right is NixString { Text: { } t } && op is "<" or "<=" or ">" or ">=")
        {
            var c = string.CompareOrdinal(s, t);
            return NixBool.Of(op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 });
        }
        return Unknown(left is NixUnknown ? left : right, $"`{Short(bin)}` is not known", bin.Location);
    }

    /// <summary>Nix equality where decidable; null when a side is not known.</summary>
    internal bool? EqualValues(NixValue a, NixValue b, int depth)
    {
        if (depth > 20 || ++_steps > Budget) return null;
        switch (a, b)
        {
            case (NixUnknown, _) or (_, NixUnknown): return null;
            case (NixExternal, _) or (_, NixExternal): return null;
            case (NixConfigRef, _) or (_, NixConfigRef): return null;
            case (NixInt x, NixInt y): return x.Value == y.Value;
            case (NixInt or NixFloat, NixInt or NixFloat): return ToDouble(a) == ToDouble(b);
            case (NixBool x, NixBool y): return x.Value == y.Value;
            case (NixNull, NixNull): return true;
            case (NixString x, NixString y): return x.Text is null || y.Text is null ? null : x.Text == y.Text;
            case (NixPath x, NixPath y): return x.IsStoreCopy == y.IsStoreCopy && x.Path == y.Path;
            case (NixPath { IsStoreCopy: true }, NixString) or (NixString, NixPath { IsStoreCopy: true }): return null;
            case (NixList x, NixList y):
                if (x.Open.Count > 0 || y.Open.Count > 0) return null;
                if (x.Items.Count != y.Items.Count) return false;
                for (var i = 0; i < x.Items.Count; i++)
                {
                    var e = EqualValues(Force(x.Items[i]), Force(y.Items[i]), depth + 1);
                    if (e != true) return e;
                }
                return true;
            case (NixAttrs x, NixAttrs y):
                if (x.IsOpen || y.IsOpen) return null;
                if (x.Attrs.Count != y.Attrs.Count || x.Attrs.Keys.Any(k => !y.Attrs.ContainsKey(k))) return false;
                foreach (var (k, v) in x.Attrs)
                {
                    var e = EqualValues(Force(v.Value), Force(y.Attrs[k].Value), depth + 1);
                    if (e != true) return e;
                }
                return true;
            case (NixLambda or NixPrimop, _) or (_, NixLambda or NixPrimop): return false;
            default: return a.GetType() == b.GetType() ? null : false;
        }
    }

    // ---------------------------------------------------------------- import

    /// <summary><c>import path</c>: a repository file (or a folder's default.nix), evaluated once per path.</summary>
    public NixValue Import(NixValue target, NixLocation? where)
    {
        string? path = target switch
        {
            NixPath p => p.Path,
            NixString { Text: { } t } => RepoPathOf(t),
            _ => null,
        };
        if (path is null)
        {
            if (target is NixUnknown { Root: var root } && _outside.TryGetValue(root, out var outsidePath)) return Refused("import of", outsidePath, NixRefusal.Outside, root.Where ?? where);
            return target switch
            {
                NixExternal ext => new NixExternal($"import({ext.Name})", where, ext.DerivedFrom),
                NixString { Text: null } s => new NixExternal("import(...)", where, null, s.Context),
                NixUnknown u => u,
                _ => new NixUnknown($"import of a {target.TypeName}", where),
            };
        }
        return Force(ImportThunk(path, where));
    }

    internal NixThunk ImportThunk(string path, NixLocation? where)
    {
        var file = ResolveImportPath(path);
        if (_imports.TryGetValue(file, out var cached)) return cached;
        var thunk = NixThunk.Lazy(() =>
        {
            if (_files.Refusal(file) is { } refused) return Refused("import of", file, refused, where);
            if (!_files.FileExists(file) && !_files.DirectoryExists(file))
            {
                // A link is not a file of the tree: say so rather than "missing".
                var probe = _files.Parse(file, out var why);
                if (probe is null && why is not null && why != NixRefusal.Missing) return Refused("import of", file, why, where);
                return new NixUnknown($"imported file {file} does not exist", where, isError: true);
            }
            var parsed = _files.Parse(file, out var refusal);
            if (parsed is null) return Refused("import of", file, refusal ?? NixRefusal.Missing, where);
            // Nix cannot import a file it cannot parse: the parse error is the cause.
            if (parsed.Error is { } error) return new NixUnknown($"{file} cannot be parsed: {error.Message}", error.Location, isError: true);
            return Eval(parsed.Root, _global);
        }, where);
        _imports[file] = thunk;
        return thunk;
    }

    /// <summary>A read the tree refuses: said where it is asked for, with why, never with the file's content.</summary>
    internal NixUnknown Refused(string what, string path, string refusal, NixLocation? where)
    {
        var message = $"{what} {path} is refused: {refusal}";
        Diagnose(where, message);
        Refusals.Add(new NixUnknown(message, where));
        return Refusals[^1];
    }

    /// <summary>Every read the tree refused, in the order they were asked for (each a root cause of its own).</summary>
    public List<NixUnknown> Refusals { get; } = [];

    /// <summary>The value of a repository file as a module or import (unknown, located at <paramref name="where"/>, when it cannot be read).</summary>
    public NixValue ImportFile(string file, NixLocation? where) => Force(ImportThunk(file, where));

    /// <summary>A folder means its default.nix, as in Nix.</summary>
    public string ResolveImportPath(string path)
    {
        if (path.Length == 0 || _files.DirectoryExists(path)) return path.Length == 0 ? "default.nix" : path + "/default.nix";
        return path;
    }

    /// <summary>Evaluates a file as an expression (what <c>import</c> does), memoised by path.</summary>
    public NixValue EvalFile(string path) => Force(ImportThunk(path, null));
}
