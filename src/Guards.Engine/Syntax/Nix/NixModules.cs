namespace UltraCloud.Guards.Engine.Syntax.Nix;

public enum ComponentState
{
    /// <summary>No module sets <c>services.X.enable</c> (and nothing unreadable could).</summary>
    NotSet,
    Enabled,
    Disabled,
    /// <summary>A definition, its condition or a module it may come from cannot be decided.</summary>
    Unknown,
}

/// <summary>What a configuration decides for one component, and the definition or unknown that decides it.</summary>
public sealed record ComponentEnable(string Component, ComponentState State, NixLocation? Location, string? Reason)
{
    public static ComponentEnable NotSet(string component) => new(component, ComponentState.NotSet, null, null);
}

public enum ModuleImportKind { File, Output, Inline, External }

/// <summary>A module a configuration pulls in: a repository file, a flake output, or an external module (not followed).</summary>
public sealed record ModuleImport(ModuleImportKind Kind, string Name, NixLocation? Location);

/// <summary>
/// The value the modules of a configuration give one option: <see cref="Value"/> when decided
/// (null when no module defines it and no module of the repository declares a default), or the
/// unknown that keeps it from being decided; <see cref="Location"/> is the definition that wins.
/// </summary>
public sealed record OptionValue(NixValue? Value, NixLocation? Location, NixUnknown? Unknown)
{
    /// <summary>True when no module defines the option and the value is its declared default.</summary>
    public bool IsDeclaredDefault { get; init; }

    public bool IsDecided => Unknown is null;
    public bool IsSet => Value is not null;
}

/// <summary>
/// The modules of one nixosConfiguration, read statically. The module list is followed once
/// (imports, files, functions of <c>{ config, lib, pkgs, ... }</c>); an option's value is then
/// decided on demand, as the module system would, from the definitions found along its path.
/// </summary>
public sealed class NixosConfigurationModel
{
    private readonly NixModuleSet? _modules;
    private readonly Func<Func<NixEvaluator, object?>, object?>? _query;

    public NixosConfigurationModel() { }

    internal NixosConfigurationModel(NixModuleSet modules, Func<Func<NixEvaluator, object?>, object?> query)
    {
        _modules = modules;
        _query = query;
    }

    public required string Name { get; init; }

    /// <summary>Where the configuration is defined (its attribute in the flake).</summary>
    public NixLocation? Location { get; init; }

    /// <summary>Set when the configuration itself cannot be read (not a nixosSystem call the reader follows).</summary>
    public NixUnknown? Unknown { get; init; }

    public IReadOnlyList<ModuleImport> Imports => _modules?.Imports ?? [];

    /// <summary>Modules that could not be read and parts of the module list that are not known: each may define any option.</summary>
    public IReadOnlyList<NixUnknown> OpenParts => _modules?.Unreadable ?? [];

    /// <summary>The value of an option (<c>services.chainfire.enable</c>, <c>wsl.enable</c>), decided once.</summary>
    public OptionValue Option(IReadOnlyList<string> path)
    {
        if (Unknown is { } u) return new OptionValue(null, u.Where ?? Location, u);
        return (OptionValue)_query!(ev => _modules!.Decide(ev, path))!;
    }

    public ComponentEnable Component(string component)
    {
        if (Unknown is { } u) return new ComponentEnable(component, ComponentState.Unknown, u.Where, u.Reason);
        var option = Option(["services", component, "enable"]);
        return option switch
        {
            { Unknown: { } unknown } => new ComponentEnable(component, ComponentState.Unknown, unknown.Where ?? option.Location, unknown.Reason),
            // Not set by the node's modules (a declared default is not the node's definition).
            { Value: null } or { IsDeclaredDefault: true, Value: NixBool { Value: false } } => ComponentEnable.NotSet(component),
            { Value: NixBool b } => new ComponentEnable(component, b.Value ? ComponentState.Enabled : ComponentState.Disabled, option.Location, null),
            _ => new ComponentEnable(component, ComponentState.Unknown, option.Location, $"services.{component}.enable is set to a {option.Value.TypeName}"),
        };
    }

    /// <summary>Every service a module of the configuration mentions under <c>services</c>, decided.</summary>
    public IReadOnlyDictionary<string, ComponentEnable> Services
    {
        get
        {
            if (_modules is null) return new Dictionary<string, ComponentEnable>();
            var names = (IReadOnlyList<string>)_query!(ev => _modules.ServiceNames(ev))!;
            return names.ToDictionary(n => n, Component, StringComparer.Ordinal);
        }
    }

    public IEnumerable<string> EnabledComponents =>
        Services.Values.Where(s => s.State == ComponentState.Enabled).Select(s => s.Component).Order(StringComparer.Ordinal);
}

/// <summary>One module's contribution: its configuration part and its option declarations.</summary>
internal sealed record ModuleBody(NixValue Config, NixValue? Options, NixLocation? Where);

/// <summary>
/// The modules of one <c>nixosSystem</c> call. Reading (<see cref="NixModuleReader"/>) fills the
/// bodies; <see cref="Decide"/> then answers for one option path: the definitions along the
/// path in every body (under <c>mkIf</c>, <c>mkMerge</c>, <c>mkOverride</c> and friends), their
/// conditions resolved against other options (<c>config.wsl.enable</c>), the lowest priority
/// number winning, the repository's declared default when nothing defines it. A module that
/// could not be read may define anything: its unknown stands in every path.
/// </summary>
internal sealed class NixModuleSet
{
    private const int MaxDepth = 64;

    private readonly Dictionary<string, OptionValue> _decided = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deciding = new(StringComparer.Ordinal);

    public List<ModuleBody> Bodies { get; } = [];
    public List<ModuleImport> Imports { get; } = [];

    /// <summary>Modules that could not be read (and parts of the module list that are not known).</summary>
    public List<NixUnknown> Unreadable { get; } = [];

    /// <summary>True while the module list is read: options cannot be decided before every module is known.</summary>
    public bool Reading { get; set; } = true;

    private sealed record Definition(NixValue Value, IReadOnlyList<NixValue> Conditions, int Priority, NixLocation? Where);

    private static string Key(IReadOnlyList<string> path) => string.Join('\u0001', path);

    public static string Dotted(IReadOnlyList<string> path) => string.Join('.', path);

    public OptionValue Decide(NixEvaluator ev, IReadOnlyList<string> path)
    {
        if (Reading)
            return new OptionValue(null, null, new NixUnknown($"config.{Dotted(path)} is needed while the module list is read (as Nix, the reader cannot use it there)", null));
        var key = Key(path);
        if (_decided.TryGetValue(key, out var known)) return known;
        if (!_deciding.Add(key)) return new OptionValue(null, null, new NixUnknown($"config.{Dotted(path)} depends on itself", null));
        OptionValue result;
        try
        {
            result = DecideCore(ev, path);
        }
        finally
        {
            _deciding.Remove(key);
        }
        _decided[key] = result;
        return result;
    }

    private OptionValue DecideCore(NixEvaluator ev, IReadOnlyList<string> path)
    {
        var definitions = new List<Definition>();
        foreach (var body in Bodies) Collect(ev, body.Config, path, 0, [], 100, body.Where, definitions, 0);

        var resolved = new List<(NixValue? Value, int Priority, NixLocation? Where, NixUnknown? Unknown)>();
        foreach (var definition in definitions)
        {
            NixUnknown? undecided = null;
            var active = true;
            foreach (var condition in definition.Conditions)
            {
                var c = Condition(ev, condition, definition.Where, out var why);
                if (c == false) { active = false; break; }
                if (c is null) undecided ??= why;
            }
            if (!active) continue;
            NixUnknown? referenceUnknown = null;
            var value = definition.Value is NixConfigRef reference ? Referenced(ev, reference, out referenceUnknown) : definition.Value;
            if (undecided is null && value is null) undecided = referenceUnknown;
            if (undecided is null && value is NixUnknown u) undecided = u;
            if (undecided is null && definition.Priority < 0) undecided = new NixUnknown("the mkOverride priority is not known", definition.Where);
            resolved.Add((undecided is null ? value : null, definition.Priority < 0 ? int.MinValue : definition.Priority, definition.Where, undecided));
        }

        if (resolved.Count == 0)
        {
            // A module that could not be read may define the option: it decides only where no
            // readable module does (a known definition at its priority is taken as the answer).
            if (Unreadable.Count > 0) return new OptionValue(null, Unreadable[0].Where, Unreadable[0]);
            var declared = DeclaredDefault(ev, path);
            return new OptionValue(declared?.Value, declared?.Where, null) { IsDeclaredDefault = declared is not null };
        }
        var known = resolved.Where(r => r.Unknown is null).ToList();
        var best = known.Count > 0 ? known.Min(r => r.Priority) : int.MaxValue;
        // A definition that is not known wins unless a known one has a lower priority number.
        var blocking = resolved.FirstOrDefault(r => r.Unknown is not null && r.Priority <= best);
        if (blocking.Unknown is { } blocked) return new OptionValue(null, blocked.Where ?? blocking.Where, blocked);
        var winners = known.Where(r => r.Priority == best).ToList();
        if (winners.Count == 1) return new OptionValue(winners[0].Value, winners[0].Where, null);
        if (winners.All(w => w.Value is NixBool)) 
        {
            var first = ((NixBool)winners[0].Value!).Value;
            return winners.All(w => ((NixBool)w.Value!).Value == first)
                ? new OptionValue(winners[0].Value, winners[0].Where, null)
                : new OptionValue(null, winners[0].Where, new NixUnknown($"conflicting definitions of {Dotted(path)}", winners[0].Where));
        }
        // Sets (attrsOf, submodules) merge by name, as the module system merges them; a name
        // several definitions give is not merged further here.
        if (winners.All(w => w.Value is NixAttrs))
        {
            var merged = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
            var open = new List<NixUnknown>();
            foreach (var winner in winners)
            {
                var set = (NixAttrs)winner.Value!;
                open.AddRange(set.Open);
                foreach (var (name, attr) in set.Attrs)
                {
                    merged[name] = merged.ContainsKey(name)
                        ? new NixAttr(NixThunk.Of(new NixUnknown($"{Dotted(path)}.{name} is defined by several modules", attr.NameLocation ?? winner.Where)), attr.NameLocation)
                        : attr;
                }
            }
            return new OptionValue(new NixAttrs(merged, open), winners[0].Where, null);
        }
        return new OptionValue(null, winners[0].Where, new NixUnknown($"{Dotted(path)} has {winners.Count} definitions at the same priority (the reader does not merge them)", winners[0].Where));
    }

    /// <summary>The value an option reference stands for where an operator needs it, or the unknown that keeps it from being known.</summary>
    public NixValue Resolve(NixEvaluator ev, NixConfigRef reference)
    {
        if (Reading) return new NixUnknown($"`{reference}` is needed while the module list is read", reference.Where);
        return Referenced(ev, reference, out var why) ?? why ?? new NixUnknown($"`{reference}` is not known", reference.Where);
    }

    /// <summary>A condition's truth: a literal, or an option it refers to (<c>config.x.enable</c>); null (with why) when not known.</summary>
    private bool? Condition(NixEvaluator ev, NixValue condition, NixLocation? where, out NixUnknown? why)
    {
        why = null;
        switch (condition)
        {
            case NixBool b:
                return b.Value;
            case NixConfigRef reference:
            {
                var value = Referenced(ev, reference, out why);
                if (value is NixBool b) return b.Value;
                why ??= new NixUnknown($"the condition `{reference}` is not known", reference.Where ?? where);
                return null;
            }
            case NixUnknown u:
                why = u;
                return null;
            default:
                why = new NixUnknown("the mkIf condition is not known", where);
                return null;
        }
    }

    /// <summary>The value an option reference (<c>config.services.x.enable</c>) stands for, or null with why.</summary>
    private NixValue? Referenced(NixEvaluator ev, NixConfigRef reference, out NixUnknown? why)
    {
        var option = Decide(ev, reference.Path);
        why = option.Unknown;
        if (option.Unknown is null && option.Value is null)
            why = new NixUnknown($"`{reference}` is not set by the configuration's modules, and its default is declared outside the repository", reference.Where);
        return option.Unknown is null ? option.Value : null;
    }

    /// <summary>The definitions of <paramref name="path"/> in one value, unwrapping the module system's markers on the way.</summary>
    private static void Collect(NixEvaluator ev, NixValue value, IReadOnlyList<string> path, int index, IReadOnlyList<NixValue> conditions,
        int priority, NixLocation? where, List<Definition> into, int depth)
    {
        if (depth > MaxDepth)
        {
            into.Add(new Definition(new NixUnknown("module values nested too deeply", where), conditions, priority, where));
            return;
        }
        switch (value)
        {
            case NixModuleProperty { Kind: NixModulePropertyKind.If } property:
            {
                var condition = ev.Force(property.Condition!);
                if (condition is NixBool { Value: false }) return;
                var next = condition is NixBool ? conditions : [.. conditions, Located(condition, property.Condition!.Location ?? property.Where)];
                Collect(ev, ev.Force(property.Content), path, index, next, priority, where, into, depth + 1);
                return;
            }
            case NixModuleProperty { Kind: NixModulePropertyKind.Override } property:
                Collect(ev, ev.Force(property.Content), path, index, conditions, property.Priority, where, into, depth + 1);
                return;
            case NixModuleProperty { Kind: NixModulePropertyKind.Merge } property:
                switch (ev.Force(property.Content))
                {
                    case NixList list:
                        foreach (var item in list.Items) Collect(ev, ev.Force(item), path, index, conditions, priority, item.Location ?? where, into, depth + 1);
                        foreach (var gap in list.Open) into.Add(new Definition(gap, conditions, priority, gap.Where ?? where));
                        break;
                    case var other:
                        into.Add(new Definition(NixEvaluator.Unknown(other, "the parts of mkMerge are not known", property.Where), conditions, priority, where));
                        break;
                }
                return;
            case NixModuleProperty property:
                Collect(ev, ev.Force(property.Content), path, index, conditions, priority, where, into, depth + 1);
                return;
        }
        if (index == path.Count)
        {
            into.Add(new Definition(value, conditions, priority, where));
            return;
        }
        switch (value)
        {
            case NixAttrs attrs:
                if (attrs.Get(path[index]) is { } attr)
                    Collect(ev, ev.Force(attr.Value), path, index + 1, conditions, priority, attr.BindingLocation ?? where, into, depth + 1);
                else if (attrs.IsOpen)
                    into.Add(new Definition(attrs.Open[0], conditions, priority, attrs.Open[0].Where ?? where));
                return;
            case NixUnknown u:
                into.Add(new Definition(u, conditions, priority, u.Where ?? where));
                return;
            case NixExternal or NixConfigRef or NixSystemConfiguration:
                into.Add(new Definition(new NixUnknown($"a module sets {Dotted(path.Take(index).ToList())} to a value from outside the repository", where), conditions, priority, where));
                return;
        }
    }

    private static NixValue Located(NixValue condition, NixLocation? where) =>
        condition is NixUnknown or NixConfigRef ? condition : new NixUnknown("the mkIf condition is not known", where);

    /// <summary>The default a module of the repository declares for the option (<c>mkEnableOption</c> is false), or null.</summary>
    private (NixValue Value, NixLocation? Where)? DeclaredDefault(NixEvaluator ev, IReadOnlyList<string> path)
    {
        foreach (var body in Bodies)
        {
            if (body.Options is not { } options) continue;
            NixValue current = options;
            NixLocation? where = body.Where;
            var found = true;
            foreach (var name in path)
            {
                if (current is NixAttrs attrs && attrs.Get(name) is { } attr)
                {
                    where = attr.BindingLocation ?? where;
                    current = ev.Force(attr.Value);
                    continue;
                }
                found = false;
                break;
            }
            if (!found) continue;
            switch (current)
            {
                case NixExternal { Name: var n } when n.EndsWith("mkEnableOption()", StringComparison.Ordinal):
                    return (NixBool.False, where);
                case NixExternal { Name: var n, Arguments.Count: > 0 } option when n.EndsWith("mkOption()", StringComparison.Ordinal):
                    if (ev.Force(option.Arguments[0]) is NixAttrs o && o.Get("default") is { } d)
                    {
                        var value = ev.Force(d.Value);
                        if (value is not NixUnknown) return (value, d.BindingLocation ?? where);
                    }
                    break;
            }
        }
        return null;
    }

    /// <summary>The names modules give under <c>services</c>.</summary>
    public IReadOnlyList<string> ServiceNames(NixEvaluator ev)
    {
        var definitions = new List<Definition>();
        foreach (var body in Bodies) Collect(ev, body.Config, ["services"], 0, [], 100, body.Where, definitions, 0);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (definition.Value is NixAttrs attrs) names.UnionWith(attrs.Attrs.Keys);
        }
        return names.ToList();
    }
}

/// <summary>
/// Reads the module list of a <c>nixosSystem</c> call: follows imports (files, folders, inline
/// modules, functions of <c>{ config, lib, pkgs, ... }</c>) into a <see cref="NixModuleSet"/>.
/// Module arguments come from <c>specialArgs</c> and, lazily, from <c>_module.args</c>; <c>pkgs</c>
/// knows the configuration's platform (its <c>system</c>, or <c>nixpkgs.hostPlatform</c>).
/// Modules from nixpkgs (search paths, <c>modulesPath</c>, inputs' nixosModules) are external:
/// recorded, never followed.
/// </summary>
public sealed class NixModuleReader
{
    private static readonly HashSet<string> ModuleKeys = new(StringComparer.Ordinal)
    {
        "imports", "options", "config", "_file", "key", "disabledModules", "meta", "freeformType", "_class",
    };

    private const int MaxModules = 2000;

    private readonly NixEvaluator _ev;
    private readonly Func<Func<NixEvaluator, object?>, object?> _query;

    public NixModuleReader(NixEvaluator evaluator, Func<Func<NixEvaluator, object?>, object?> query)
    {
        _ev = evaluator;
        _query = query;
    }

    public NixosConfigurationModel Read(string name, NixValue configuration, NixLocation? location)
    {
        if (configuration is not NixSystemConfiguration system)
        {
            var unknown = configuration as NixUnknown
                ?? new NixUnknown($"nixosConfigurations.{name} is not a `nixosSystem` call the reader follows ({(configuration is NixExternal e ? e.Name : configuration.TypeName)})", location);
            return new NixosConfigurationModel { Name = name, Location = location, Unknown = unknown };
        }

        var args = _ev.Force(system.Arguments);
        if (args is not NixAttrs argSet)
            return new NixosConfigurationModel { Name = name, Location = location, Unknown = NixEvaluator.Unknown(args, $"the arguments of nixosConfigurations.{name} are not known", system.Where) };

        var set = new NixModuleSet();
        var specialArgs = argSet.Get("specialArgs") is { } sa ? _ev.Force(sa.Value) as NixAttrs : null;
        var platform = Platform(set, argSet, system.Where);
        var modules = argSet.Get("modules") is { } m ? _ev.Force(m.Value) : new NixList([]);
        var queue = new Queue<(NixThunk Module, NixLocation? Via)>();
        switch (modules)
        {
            case NixList list:
                foreach (var item in list.Items) queue.Enqueue((item, item.Location));
                set.Unreadable.AddRange(list.Open);
                break;
            default:
                set.Unreadable.Add(NixEvaluator.Unknown(modules, $"the module list of nixosConfigurations.{name} is not known", system.Where));
                break;
        }

        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var seenValues = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var count = 0;
        while (queue.Count > 0)
        {
            if (++count > MaxModules)
            {
                set.Unreadable.Add(new NixUnknown($"more than {MaxModules} modules: the rest are not read", location));
                break;
            }
            var (thunk, via) = queue.Dequeue();
            ReadModule(thunk, via, specialArgs, platform, queue, seenFiles, seenValues, set);
        }
        set.Reading = false;
        return new NixosConfigurationModel(set, _query) { Name = name, Location = location };
    }

    /// <summary>The configuration's system: the nixosSystem argument, else its modules' <c>nixpkgs.hostPlatform</c>.</summary>
    private NixThunk Platform(NixModuleSet set, NixAttrs args, NixLocation? where)
    {
        if (args.Get("system") is { } system) return system.Value;
        return NixThunk.Lazy(() =>
        {
            foreach (var path in new[] { new[] { "nixpkgs", "hostPlatform" }, ["nixpkgs", "hostPlatform", "system"], ["nixpkgs", "system"] })
            {
                var option = set.Decide(_ev, path);
                if (option.Unknown is { } u) return u;
                if (option.Value is NixString { Text: not null } s) return s;
            }
            return new NixUnknown("the configuration's system is not known (no `system` argument, no nixpkgs.hostPlatform)", where);
        }, where);
    }

    private void ReadModule(NixThunk thunk, NixLocation? via, NixAttrs? specialArgs, NixThunk platform, Queue<(NixThunk, NixLocation?)> queue,
        HashSet<string> seenFiles, HashSet<object> seenValues, NixModuleSet set)
    {
        var value = _ev.Force(thunk);
        var where = via ?? thunk.Location;

        // A path (or "${./x}") is a module file; a folder means its default.nix.
        string? path = value switch
        {
            NixPath p => p.Path,
            NixString { Text: { } t } => NixEvaluator.RepoPathOf(t),
            _ => null,
        };
        if (path is not null)
        {
            var file = _ev.ResolveImportPath(path);
            set.Imports.Add(new ModuleImport(ModuleImportKind.File, file, where));
            if (!seenFiles.Add(file)) return;
            value = _ev.Files.Refusal(file) is null && !_ev.Files.FileExists(file) && _ev.Files.Parse(file, out var why) is null && why == NixRefusal.Missing
                ? new NixUnknown($"module {file} does not exist", where, isError: true)
                : _ev.ImportFile(file, where);
        }
        else
        {
            switch (value)
            {
                case NixExternal ext:
                    set.Imports.Add(new ModuleImport(ModuleImportKind.External, ext.Name, where));
                    return;
                case NixString:
                    set.Imports.Add(new ModuleImport(ModuleImportKind.External, "string path outside the repository", where));
                    return;
            }
            if (!seenValues.Add(value)) return;
            if (value.OutputPaths is { Count: > 0 } outputs)
                set.Imports.Add(new ModuleImport(ModuleImportKind.Output, outputs.Order(StringComparer.Ordinal).First(), where));
            else if (value is NixAttrs or NixLambda)
                set.Imports.Add(new ModuleImport(ModuleImportKind.Inline, "inline module", where));
        }

        if (value is NixLambda or NixPrimop) value = CallModule(value, specialArgs, platform, set, where);
        switch (value)
        {
            case NixAttrs attrs:
                ReadBody(attrs, where, queue, set);
                break;
            case NixExternal ext:
                set.Imports.Add(new ModuleImport(ModuleImportKind.External, ext.Name, where));
                break;
            case NixUnknown u:
                set.Unreadable.Add(u);
                break;
            default:
                set.Unreadable.Add(new NixUnknown($"a module is a {value.TypeName}, not a set or function", where));
                break;
        }
    }

    /// <summary>Calls a module function with the module arguments it asks for.</summary>
    private NixValue CallModule(NixValue function, NixAttrs? specialArgs, NixThunk platform, NixModuleSet set, NixLocation? where)
    {
        var args = new Dictionary<string, NixAttr>(StringComparer.Ordinal)
        {
            ["config"] = new(NixThunk.Of(new NixConfigRef([], where, reference => set.Resolve(_ev, reference))), where),
            ["lib"] = new(NixThunk.Of(new NixExternal("lib", where)), where),
            ["pkgs"] = new(NixThunk.Of(NixExternal.PackageSet("pkgs", where, platform)), where),
            ["options"] = new(NixThunk.Of(new NixExternal("options", where)), where),
            ["modulesPath"] = new(NixThunk.Of(new NixExternal("modulesPath", where)), where),
        };
        if (specialArgs is not null)
        {
            foreach (var (key, attr) in specialArgs.Attrs) args[key] = attr;
        }
        if (function is NixLambda { Expr.Formals: { } formals })
        {
            foreach (var formal in formals)
            {
                if (args.ContainsKey(formal.Name) || formal.Default is not null) continue;
                // Any other argument comes from _module.args, read once every module is known.
                var argName = formal.Name;
                args[argName] = new NixAttr(NixThunk.Lazy(() =>
                {
                    var option = set.Decide(_ev, ["_module", "args", argName]);
                    if (option.Unknown is { } u) return u;
                    return option.Value ?? new NixExternal(argName, where);
                }, where), where);
            }
        }
        return _ev.Apply(function, NixThunk.Of(new NixAttrs(args)), where);
    }

    private void ReadBody(NixAttrs module, NixLocation? where, Queue<(NixThunk, NixLocation?)> queue, NixModuleSet set)
    {
        if (module.Get("imports") is { } importsAttr)
        {
            switch (_ev.Force(importsAttr.Value))
            {
                case NixList list:
                    foreach (var item in list.Items) queue.Enqueue((item, item.Location));
                    set.Unreadable.AddRange(list.Open);
                    break;
                case var other:
                    set.Unreadable.Add(NixEvaluator.Unknown(other, "the imports of a module are not known", importsAttr.NameLocation ?? where));
                    break;
            }
        }
        if (module.Get("config") is not null || module.Get("options") is not null)
        {
            var config = module.Get("config") is { } c ? _ev.Force(c.Value) : NixAttrs.Empty;
            var options = module.Get("options") is { } o ? _ev.Force(o.Value) : null;
            set.Bodies.Add(new ModuleBody(config, options, module.Get("config")?.BindingLocation ?? where));
            return;
        }
        var body = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        foreach (var (key, attr) in module.Attrs)
        {
            if (!ModuleKeys.Contains(key)) body[key] = attr;
        }
        set.Bodies.Add(new ModuleBody(new NixAttrs(body, module.Open), null, where));
    }
}
