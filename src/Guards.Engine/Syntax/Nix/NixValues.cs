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

/// <summary>
/// A value the reader cannot decide, with what and where. An unknown that spreads (an operation
/// on an unknown operand) keeps its root cause's reason and place and points at it through
/// <see cref="Cause"/>, so that spreading costs one step and one root cause is reported once.
/// </summary>
public sealed class NixUnknown(string reason, NixLocation? where, IReadOnlyList<NixThunk>? inputs = null, NixUnknown? cause = null, bool isError = false) : NixValue
{
    public string Reason { get; } = reason;
    public NixLocation? Where { get; } = where;

    /// <summary>Values the unknown was computed from besides its cause's (walked when looking for references).</summary>
    public IReadOnlyList<NixThunk> Inputs { get; } = inputs ?? [];

    /// <summary>The unknown this one spread from, when it did.</summary>
    public NixUnknown? Cause { get; } = cause;

    /// <summary>
    /// True when Nix would fail here (an attribute missing from a set that is fully known, a
    /// <c>throw</c>, a failed assertion, a type error): such a value can refer to nothing else.
    /// </summary>
    public bool IsError { get; } = isError;

    /// <summary>The unknown this one first spread from: the root cause.</summary>
    public NixUnknown Root
    {
        get
        {
            var u = this;
            while (u.Cause is { } c) u = c;
            return u;
        }
    }

    /// <summary>The same root cause, computed also from <paramref name="inputs"/>.</summary>
    public NixUnknown With(params NixThunk[] inputs) => inputs.Length == 0 ? this : new NixUnknown(Reason, Where, inputs, this, IsError);

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
public sealed class NixString : NixValue
{
    public NixString(string? text, IReadOnlyList<NixThunk>? context = null)
    {
        Text = text;
        Context = context ?? [];
        NixMeter.Charge(32 + 2L * (text?.Length ?? 0) + 8L * Context.Count);
    }

    public string? Text { get; }

    /// <summary>The values interpolated into the string (Nix's string context, in the reader's terms).</summary>
    public IReadOnlyList<NixThunk> Context { get; }

    public override string TypeName => "string";
}

/// <summary>A path inside the repository (repository-relative, normalised, "" for the root).</summary>
public sealed class NixPath(string path, bool isStoreCopy = false) : NixValue
{
    public string Path { get; } = path;

    /// <summary>
    /// A flake's source as Nix gives it (<c>self.outPath</c>): a store path string in Nix, which the
    /// reader follows into the repository but which never equals a path literal.
    /// </summary>
    public bool IsStoreCopy { get; } = isStoreCopy;
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
        NixMeter.Charge(48 + 64L * attrs.Count + 8L * Open.Count);
    }

    public IReadOnlyDictionary<string, NixAttr> Attrs { get; }
    public IReadOnlyList<NixUnknown> Open { get; }
    public bool IsOpen => Open.Count > 0;

    /// <summary>
    /// For a set updated from a value outside the repository (<c>nixpkgs.lib // { ... }</c>): where a
    /// name the set does not show is selected from (it exists there or nowhere; the set stays open).
    /// </summary>
    public NixExternal? Fallback { get; init; }

    /// <summary>Names in Nix's order (byte-wise).</summary>
    public IEnumerable<string> Names => Attrs.Keys.Order(StringComparer.Ordinal);

    public NixAttr? Get(string name) => Attrs.TryGetValue(name, out var a) ? a : null;

    public override string TypeName => "set";
}

public sealed class NixList : NixValue
{
    public NixList(IReadOnlyList<NixThunk> items, IReadOnlyList<NixUnknown>? open = null)
    {
        Items = items;
        Open = open ?? [];
        NixMeter.Charge(32 + 16L * items.Count + 8L * Open.Count);
    }

    public IReadOnlyList<NixThunk> Items { get; }

    /// <summary>Why more items may exist (a <c>++</c> with an unknown side).</summary>
    public IReadOnlyList<NixUnknown> Open { get; }

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
public sealed class NixExternal : NixValue
{
    private readonly IReadOnlyList<NixThunk> _arguments;
    private readonly NixExternal? _function;

    public NixExternal(string name, NixLocation? where, NixValue? derivedFrom = null, IReadOnlyList<NixThunk>? arguments = null)
    {
        Name = name;
        Where = where;
        DerivedFrom = derivedFrom;
        _arguments = arguments ?? [];
    }

    private NixExternal(NixExternal function, NixThunk argument, NixLocation? where)
    {
        // One "()" says it was called; a long chain of calls keeps the name short.
        Name = function.Name.EndsWith("()", StringComparison.Ordinal) ? function.Name : function.Name + "()";
        Where = where ?? function.Where;
        DerivedFrom = function.DerivedFrom;
        _function = function;
        _arguments = [argument];
    }

    public string Name { get; }
    public NixLocation? Where { get; }

    /// <summary>The repository value this was selected from (a nixosConfiguration's <c>config</c>, say).</summary>
    public NixValue? DerivedFrom { get; }

    /// <summary>
    /// For a package set (<c>pkgs</c> of a configuration, <c>nixpkgs.legacyPackages.x86_64-linux</c>)
    /// and the first names selected from it: the system it is for, so that platform facts
    /// (<c>pkgs.stdenv.hostPlatform.isx86_64</c>, <c>pkgs.system</c>) can be answered.
    /// </summary>
    public NixThunk? Platform { get; private init; }

    /// <summary>The names selected from the package set so far (empty for the set itself); null when not under one.</summary>
    public IReadOnlyList<string>? PackagePath { get; private init; }

    /// <summary>A package set for the system <paramref name="system"/> (a thunk of its string).</summary>
    public static NixExternal PackageSet(string name, NixLocation? where, NixThunk system) =>
        new(name, where) { Platform = system, PackagePath = [] };

    /// <summary><c>this.name</c>: deeper outside the repository; a package set's platform is kept for a few names.</summary>
    public NixExternal Child(string name, NixLocation? where)
    {
        var keep = PackagePath is { Count: < 3 };
        return new NixExternal($"{Name}.{name}", Where ?? where, this)
        {
            Platform = keep ? Platform : null,
            PackagePath = keep ? [.. PackagePath!, name] : null,
        };
    }

    /// <summary>Every argument it was applied to, first first (one call after another is one step each, not a copy).</summary>
    public IReadOnlyList<NixThunk> Arguments
    {
        get
        {
            if (_function is null) return _arguments;
            var chain = new List<NixThunk>();
            for (var e = this; e is not null; e = e._function)
            {
                for (var i = e._arguments.Count - 1; i >= 0; i--) chain.Add(e._arguments[i]);
            }
            chain.Reverse();
            return chain;
        }
    }

    /// <summary>This external applied to one more argument.</summary>
    public NixExternal AppliedTo(NixThunk argument, NixLocation? where) => new(this, argument, where);

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
/// <summary>
/// <c>config.a.b</c> in a module: a reference to an option of the configuration. <see cref="Resolver"/>,
/// when set, gives the value the configuration's modules decide for it (for operators and conditions).
/// </summary>
public sealed class NixConfigRef(IReadOnlyList<string> path, NixLocation? where, Func<NixConfigRef, NixValue>? resolver = null) : NixValue
{
    public IReadOnlyList<string> Path { get; } = path;
    public NixLocation? Where { get; } = where;
    public Func<NixConfigRef, NixValue>? Resolver { get; } = resolver;

    public NixConfigRef Select(string name, NixLocation? where) => new([.. Path, name], where, Resolver);
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

/// <summary>
/// Counts the memory the evaluator's values take while a question is answered, on the thread that
/// answers it; the evaluator stops (the value is unknown) once the count passes its budget.
/// </summary>
internal sealed class NixMeter
{
    [ThreadStatic] private static NixMeter? t_current;

    /// <summary>Bytes charged since the question started.</summary>
    public long Question { get; private set; }

    /// <summary>Bytes charged over every question of the evaluator.</summary>
    public long Total { get; private set; }

    public static void Charge(long bytes)
    {
        if (t_current is { } meter)
        {
            meter.Question += bytes;
            meter.Total += bytes;
        }
    }

    public void StartQuestion() => Question = 0;

    /// <summary>Counts what this thread allocates until disposed.</summary>
    public IDisposable Measure()
    {
        var previous = t_current;
        t_current = this;
        return new Restore(() => t_current = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

internal static class NixFormat
{
    public static string Number(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>What a Nix system string (<c>x86_64-linux</c>) says about its platform, as nixpkgs' lib.systems answers it.</summary>
internal static class NixPlatform
{
    public static bool LooksLikeSystem(string name) =>
        name.Contains('-', StringComparison.Ordinal) && (name.EndsWith("-linux", StringComparison.Ordinal) || name.EndsWith("-darwin", StringComparison.Ordinal)
            || name.EndsWith("-freebsd", StringComparison.Ordinal) || name.EndsWith("-windows", StringComparison.Ordinal) || name.EndsWith("-none", StringComparison.Ordinal));

    /// <summary>The value of an <c>is*</c> fact for <paramref name="system"/>, or null for a fact the reader does not know.</summary>
    public static bool? Fact(string system, string fact)
    {
        var dash = system.IndexOf('-', StringComparison.Ordinal);
        var cpu = dash < 0 ? system : system[..dash];
        var os = dash < 0 ? "" : system[(dash + 1)..];
        return fact switch
        {
            "isLinux" => os == "linux",
            "isDarwin" => os == "darwin",
            "isFreeBSD" => os == "freebsd",
            "isWindows" => os == "windows",
            "isx86_64" => cpu == "x86_64",
            "isi686" or "isx86_32" => cpu is "i686" or "i586" or "i486" or "i386",
            "isx86" => cpu is "x86_64" or "i686" or "i586" or "i486" or "i386",
            "isAarch64" => cpu == "aarch64",
            "isAarch32" => cpu.StartsWith("armv", StringComparison.Ordinal),
            "isAarch" or "isArm" => cpu == "aarch64" || cpu.StartsWith("armv", StringComparison.Ordinal),
            "isRiscV64" => cpu == "riscv64",
            "isRiscV32" => cpu == "riscv32",
            "isRiscV" => cpu.StartsWith("riscv", StringComparison.Ordinal),
            "isPower64" => cpu.StartsWith("powerpc64", StringComparison.Ordinal),
            "is64bit" => cpu is "x86_64" or "aarch64" or "riscv64" or "powerpc64" or "powerpc64le" or "mips64el" or "loongarch64" or "s390x",
            "is32bit" => cpu is "i686" or "i586" or "i486" or "i386" or "riscv32" || cpu.StartsWith("armv", StringComparison.Ordinal),
            _ => null,
        };
    }
}
