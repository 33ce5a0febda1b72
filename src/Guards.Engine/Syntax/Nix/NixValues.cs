using System.Globalization;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// A value of the static reader. Besides Nix's own kinds there are three of the reader's:
/// <see cref="NixUnknown"/> (cannot be decided without evaluation: never guessed),
/// <see cref="NixExternal"/> (comes from outside the repository, such as a flake input: present but
/// opaque) and the module-system markers (<see cref="NixSystemConfiguration"/>, <see cref="NixConfigRef"/>,
/// <see cref="NixModuleProperty"/>).
/// </summary>
public abstract class NixValue
{
    /// <summary>Flake output paths this value is bound to (e.g. <c>checks.x86_64-linux.foo</c>); set by the flake model.</summary>
    internal List<string>? OutputPaths { get; set; }

    public abstract string TypeName { get; }
}

/// <summary>A value the reader cannot decide, with what and where.</summary>
public sealed class NixUnknown(string reason, NixLocation? where, IReadOnlyList<NixThunk>? inputs = null) : NixValue
{
    public string Reason { get; } = reason;
    public NixLocation? Where { get; } = where;

    /// <summary>Values the unknown was computed from (walked when looking for references).</summary>
    public IReadOnlyList<NixThunk> Inputs { get; } = inputs ?? [];

    public override string TypeName => "unknown";

    public override string ToString() => Where is null ? Reason : $"{Reason} ({Where})";
}

public sealed class NixBool : NixValue
{
    public static readonly NixBool True = new(true);
    public static readonly NixBool False = new(false);

    private NixBool(bool value) => Value = value;

    public bool Value { get; }
    public static NixBool Of(bool value) => value ? True : False;
    public override string TypeName => "bool";
}

public sealed class NixInt(long value) : NixValue
{
    public long Value { get; } = value;
    public override string TypeName => "int";
}

public sealed class NixFloat(double value) : NixValue
{
    public double Value { get; } = value;
    public override string TypeName => "float";
}

public sealed class NixNull : NixValue
{
    public static readonly NixNull Instance = new();
    private NixNull() { }
    public override string TypeName => "null";
}

/// <summary>A string; <see cref="Text"/> is null when the text is not known (it holds external parts).</summary>
public sealed class NixString(string? text, IReadOnlyList<NixThunk>? context = null) : NixValue
{
    public string? Text { get; } = text;

    /// <summary>The values interpolated into the string (Nix's string context, in the reader's terms).</summary>
    public IReadOnlyList<NixThunk> Context { get; } = context ?? [];

    public override string TypeName => "string";
}

/// <summary>A path inside the repository (repository-relative, normalised, "" for the root).</summary>
public sealed class NixPath(string path) : NixValue
{
    public string Path { get; } = path;
    public override string TypeName => "path";
}

public sealed class NixAttr
{
    public NixAttr(NixThunk value, NixLocation? nameLocation, NixLocation? bindingLocation = null)
    {
        Value = value;
        NameLocation = nameLocation;
        BindingLocation = bindingLocation ?? nameLocation;
    }

    public NixThunk Value { get; }

    /// <summary>Where the attribute's name is written (null when it has no place in the repository).</summary>
    public NixLocation? NameLocation { get; }

    /// <summary>The whole attribute path that defined it (<c>services.chainfire.enable</c>).</summary>
    public NixLocation? BindingLocation { get; }
}

/// <summary>
/// An attribute set. <see cref="Open"/> lists why more names may exist than <see cref="Attrs"/> shows
/// (a <c>//</c> with an unknown side, a computed name that could not be decided).
/// </summary>
public sealed class NixAttrs : NixValue
{
    public static readonly NixAttrs Empty = new(new Dictionary<string, NixAttr>(StringComparer.Ordinal), []);

    public NixAttrs(IReadOnlyDictionary<string, NixAttr> attrs, IReadOnlyList<NixUnknown>? open = null)
    {
        Attrs = attrs;
        Open = open ?? [];
    }

    public IReadOnlyDictionary<string, NixAttr> Attrs { get; }
    public IReadOnlyList<NixUnknown> Open { get; }
    public bool IsOpen => Open.Count > 0;

    /// <summary>Names in Nix's order (byte-wise).</summary>
    public IEnumerable<string> Names => Attrs.Keys.Order(StringComparer.Ordinal);

    public NixAttr? Get(string name) => Attrs.TryGetValue(name, out var a) ? a : null;

    public override string TypeName => "set";
}

public sealed class NixList(IReadOnlyList<NixThunk> items, IReadOnlyList<NixUnknown>? open = null) : NixValue
{
    public IReadOnlyList<NixThunk> Items { get; } = items;

    /// <summary>Why more items may exist (a <c>++</c> with an unknown side).</summary>
    public IReadOnlyList<NixUnknown> Open { get; } = open ?? [];

    public override string TypeName => "list";
}

public sealed class NixLambda(NixLambdaExpr expr, NixEnv env) : NixValue
{
    public NixLambdaExpr Expr { get; } = expr;
    public NixEnv Env { get; } = env;
    public override string TypeName => "lambda";
}

/// <summary>A built-in function (from builtins or a known library function), possibly partly applied.</summary>
public sealed class NixPrimop(string name, int arity, Func<NixEvaluator, NixThunk[], NixLocation?, NixValue> implementation, NixThunk[]? applied = null) : NixValue
{
    public string Name { get; } = name;
    public int Arity { get; } = arity;
    public Func<NixEvaluator, NixThunk[], NixLocation?, NixValue> Implementation { get; } = implementation;
    public NixThunk[] Applied { get; } = applied ?? [];
    public override string TypeName => "lambda";
}

/// <summary>
/// A value from outside the repository (a flake input, <c>pkgs</c>, a nixpkgs module): it exists,
/// but its contents are not known. <see cref="Name"/> is the dotted access path from its root
/// (<c>nixpkgs.lib.nixosSystem</c>), <see cref="Arguments"/> what it was applied to.
/// </summary>
public sealed class NixExternal(string name, NixLocation? where, NixValue? derivedFrom = null, IReadOnlyList<NixThunk>? arguments = null) : NixValue
{
    public string Name { get; } = name;
    public NixLocation? Where { get; } = where;

    /// <summary>The repository value this was selected from (a nixosConfiguration's <c>config</c>, say).</summary>
    public NixValue? DerivedFrom { get; } = derivedFrom;

    public IReadOnlyList<NixThunk> Arguments { get; } = arguments ?? [];

    public string[] Segments => Name.Split('.');

    public override string TypeName => "external";
}

/// <summary>The result of <c>lib.nixosSystem { modules = [...]; ... }</c>.</summary>
public sealed class NixSystemConfiguration(NixThunk arguments, NixLocation? where) : NixValue
{
    public NixThunk Arguments { get; } = arguments;
    public NixLocation? Where { get; } = where;
    public override string TypeName => "set";
}

/// <summary><c>config</c> inside a NixOS module, or a path selected from it (<c>config.services.x.enable</c>).</summary>
public sealed class NixConfigRef(IReadOnlyList<string> path, NixLocation? where) : NixValue
{
    public IReadOnlyList<string> Path { get; } = path;
    public NixLocation? Where { get; } = where;
    public override string TypeName => "config";
    public override string ToString() => "config" + string.Concat(Path.Select(p => "." + p));
}

public enum NixModulePropertyKind { If, Override, Merge, Order }

/// <summary><c>lib.mkIf</c>, <c>lib.mkDefault</c>/<c>mkForce</c>/<c>mkOverride</c>, <c>lib.mkMerge</c>, <c>lib.mkBefore</c>/<c>mkAfter</c>/<c>mkOrder</c>.</summary>
public sealed class NixModuleProperty(NixModulePropertyKind kind, NixThunk content, NixThunk? condition, int priority, NixLocation? where) : NixValue
{
    public NixModulePropertyKind Kind { get; } = kind;
    public NixThunk Content { get; } = content;
    public NixThunk? Condition { get; } = condition;
    public int Priority { get; } = priority;
    public NixLocation? Where { get; } = where;
    public override string TypeName => "set";
}

/// <summary>A lazily evaluated value: an expression in an environment, computed at most once.</summary>
public sealed class NixThunk
{
    private NixExpr? _expr;
    private NixEnv? _env;
    private NixValue? _value;
    private Func<NixValue>? _compute;

    private NixThunk() { }

    public static NixThunk Of(NixValue value) => new() { _value = value };

    public static NixThunk Lazy(NixExpr expr, NixEnv env) => new() { _expr = expr, _env = env, Location = expr.Location };

    public static NixThunk Lazy(Func<NixValue> compute, NixLocation? where) => new() { _compute = compute, Location = where };

    /// <summary>Where the value is written (the expression), when it has a place in the repository.</summary>
    public NixLocation? Location { get; private init; }

    public bool IsEvaluated => _value is not null;

    internal bool Evaluating { get; set; }

    internal NixValue? Value => _value;

    internal NixExpr? Expr => _expr;
    internal NixEnv? Env => _env;
    internal Func<NixValue>? Compute => _compute;

    internal void Set(NixValue value)
    {
        _value = value;
        _expr = null;
        _env = null;
        _compute = null;
    }
}

/// <summary>A lexical scope: names bound by let, rec, a lambda, or the dynamic scope of a <c>with</c>.</summary>
public sealed class NixEnv
{
    private NixEnv(NixEnv? parent, IReadOnlyDictionary<string, NixThunk>? names, NixThunk? with)
    {
        Parent = parent;
        Names = names;
        With = with;
    }

    public NixEnv? Parent { get; }
    public IReadOnlyDictionary<string, NixThunk>? Names { get; }
    public NixThunk? With { get; }

    public static NixEnv Root(IReadOnlyDictionary<string, NixThunk> globals) => new(null, globals, null);

    public NixEnv Extend(IReadOnlyDictionary<string, NixThunk> names) => new(this, names, null);

    public NixEnv ExtendWith(NixThunk with) => new(this, null, with);
}

internal static class NixFormat
{
    public static string Number(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);
}
