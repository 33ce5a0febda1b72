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

/// <summary>One definition of <c>services.X.enable</c> found in a module.</summary>
public sealed record EnableDefinition(
    string Component,
    NixValue Value,
    IReadOnlyList<NixValue> Conditions,
    int Priority,
    NixLocation? Location);

/// <summary>What a configuration decides for one component, and the definition or unknown that decides it.</summary>
public sealed record ComponentEnable(string Component, ComponentState State, NixLocation? Location, string? Reason)
{
    public static ComponentEnable NotSet(string component) => new(component, ComponentState.NotSet, null, null);
}

public enum ModuleImportKind { File, Output, Inline, External }

/// <summary>A module a configuration pulls in: a repository file, a flake output, or an external module (not followed).</summary>
public sealed record ModuleImport(ModuleImportKind Kind, string Name, NixLocation? Location);

/// <summary>The modules of one nixosConfiguration, read statically.</summary>
public sealed class NixosConfigurationModel
{
    public required string Name { get; init; }

    /// <summary>Where the configuration is defined (its attribute in the flake).</summary>
    public NixLocation? Location { get; init; }

    /// <summary>Set when the configuration itself cannot be read (not a nixosSystem call the reader follows).</summary>
    public NixUnknown? Unknown { get; init; }

    public IReadOnlyList<ModuleImport> Imports { get; init; } = [];

    /// <summary>Every <c>services.X.enable</c> the modules decide, by component.</summary>
    public IReadOnlyDictionary<string, ComponentEnable> Services { get; init; } = new Dictionary<string, ComponentEnable>();

    /// <summary>Unreadable modules and configuration parts that could set any service.</summary>
    public IReadOnlyList<NixUnknown> OpenParts { get; init; } = [];

    public ComponentEnable Component(string component)
    {
        if (Unknown is { } u) return new ComponentEnable(component, ComponentState.Unknown, u.Where, u.Reason);
        if (Services.TryGetValue(component, out var state)) return state;
        if (OpenParts.Count > 0) return new ComponentEnable(component, ComponentState.Unknown, OpenParts[0].Where, OpenParts[0].Reason);
        return ComponentEnable.NotSet(component);
    }

    public IEnumerable<string> EnabledComponents =>
        Services.Values.Where(s => s.State == ComponentState.Enabled).Select(s => s.Component).Order(StringComparer.Ordinal);
}

/// <summary>
/// Reads the module list of a <c>nixosSystem</c> call: follows imports (files, folders, inline
/// modules, functions of <c>{ config, lib, pkgs, ... }</c>), collects the definitions of
/// <c>services.X.enable</c> with their <c>mkIf</c> conditions and priorities, and decides each
/// component the way the module system would where that can be known. Modules from nixpkgs
/// (search paths, <c>modulesPath</c>, inputs' nixosModules) are external: recorded, never followed.
/// </summary>
public sealed class NixModuleReader
{
    private static readonly HashSet<string> ModuleKeys = new(StringComparer.Ordinal)
    {
        "imports", "options", "config", "_file", "key", "disabledModules", "meta", "freeformType", "_class",
    };

    private const int MaxModules = 2000;
    private const int MaxFixpointRounds = 8;

    private readonly NixEvaluator _ev;

    public NixModuleReader(NixEvaluator evaluator) => _ev = evaluator;

    public NixosConfigurationModel Read(string name, NixValue configuration, NixLocation? location)
    {
        if (configuration is not NixSystemConfiguration system)
        {
            var unknown = configuration as NixUnknown
                ?? new NixUnknown($"nixosConfigurations.{name} is not a `nixosSystem` call the reader follows ({(configuration is NixExternal e ? e.Name : configuration.TypeName)})", location);
            return new NixosConfigurationModel { Name = name, Location = location, Unknown = unknown };
        }

        var definitions = new List<EnableDefinition>();
        var defaults = new Dictionary<string, bool>(StringComparer.Ordinal);
        var imports = new List<ModuleImport>();
        var open = new List<NixUnknown>();
        var state = new ReadState(definitions, defaults, imports, open);

        var args = _ev.Force(system.Arguments);
        if (args is not NixAttrs argSet)
        {
            return new NixosConfigurationModel { Name = name, Location = location, Unknown = NixEvaluator.Unknown(args, $"the arguments of nixosConfigurations.{name} are not known", system.Where) };
        }
        var specialArgs = argSet.Get("specialArgs") is { } sa ? _ev.Force(sa.Value) as NixAttrs : null;
        var modules = argSet.Get("modules") is { } m ? _ev.Force(m.Value) : new NixList([]);
        var queue = new Queue<(NixThunk Module, NixLocation? Via)>();
        switch (modules)
        {
            case NixList list:
                foreach (var item in list.Items) queue.Enqueue((item, item.Location));
                open.AddRange(list.Open);
                break;
            default:
                open.Add(NixEvaluator.Unknown(modules, $"the module list of nixosConfigurations.{name} is not known", system.Where));
                break;
        }

        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var seenValues = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var count = 0;
        while (queue.Count > 0)
        {
            if (++count > MaxModules)
            {
                open.Add(new NixUnknown($"more than {MaxModules} modules: the rest are not read", location));
                break;
            }
            var (thunk, via) = queue.Dequeue();
            ReadModule(thunk, via, specialArgs, queue, seenFiles, seenValues, state);
        }

        return new NixosConfigurationModel
        {
            Name = name,
            Location = location,
            Imports = imports,
            Services = Decide(definitions, defaults),
            OpenParts = open,
        };
    }

    private sealed record ReadState(List<EnableDefinition> Definitions, Dictionary<string, bool> Defaults, List<ModuleImport> Imports, List<NixUnknown> Open);

    private void ReadModule(NixThunk thunk, NixLocation? via, NixAttrs? specialArgs, Queue<(NixThunk, NixLocation?)> queue,
        HashSet<string> seenFiles, HashSet<object> seenValues, ReadState state)
    {
        var value = _ev.Force(thunk);
        var where = via ?? thunk.Location;
        string? file = null;

        // A path (or "${./x}") is a module file; a folder means its default.nix.
        string? path = value switch
        {
            NixPath p => p.Path,
            NixString { Text: { } t } => NixEvaluator.RepoPathOf(t),
            _ => null,
        };
        if (path is not null)
        {
            file = _ev.ResolveImportPath(path);
            state.Imports.Add(new ModuleImport(ModuleImportKind.File, file, where));
            if (!seenFiles.Add(file)) return;
            if (!_ev.Files.FileExists(file))
            {
                state.Open.Add(new NixUnknown($"module {file} does not exist", where));
                return;
            }
            value = _ev.EvalFile(file);
        }
        else
        {
            switch (value)
            {
                case NixExternal ext:
                    state.Imports.Add(new ModuleImport(ModuleImportKind.External, ext.Name, where));
                    return;
                case NixString { Text: null }:
                case NixString:
                    state.Imports.Add(new ModuleImport(ModuleImportKind.External, "string path outside the repository", where));
                    return;
            }
            if (!seenValues.Add(value)) return;
            if (value.OutputPaths is { Count: > 0 } outputs)
                state.Imports.Add(new ModuleImport(ModuleImportKind.Output, outputs.Order(StringComparer.Ordinal).First(), where));
            else if (value is NixAttrs or NixLambda)
                state.Imports.Add(new ModuleImport(ModuleImportKind.Inline, "inline module", where));
        }

        if (value is NixLambda or NixPrimop) value = CallModule(value, specialArgs, where);
        switch (value)
        {
            case NixAttrs attrs:
                ReadBody(attrs, where, queue, state);
                break;
            case NixExternal ext:
                state.Imports.Add(new ModuleImport(ModuleImportKind.External, ext.Name, where));
                break;
            case NixUnknown u:
                state.Open.Add(u);
                break;
            default:
                state.Open.Add(new NixUnknown($"a module is a {value.TypeName}, not a set or function", where));
                break;
        }
    }

    /// <summary>Calls a module function with the module arguments it asks for.</summary>
    private NixValue CallModule(NixValue function, NixAttrs? specialArgs, NixLocation? where)
    {
        var args = new Dictionary<string, NixAttr>(StringComparer.Ordinal)
        {
            ["config"] = new(NixThunk.Of(new NixConfigRef([], where)), where),
            ["lib"] = new(NixThunk.Of(new NixExternal("lib", where)), where),
            ["pkgs"] = new(NixThunk.Of(new NixExternal("pkgs", where)), where),
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
                if (!args.ContainsKey(formal.Name) && formal.Default is null)
                    args[formal.Name] = new NixAttr(NixThunk.Of(new NixExternal(formal.Name, where)), where);
            }
        }
        return _ev.Apply(function, NixThunk.Of(new NixAttrs(args)), where);
    }

    private void ReadBody(NixAttrs module, NixLocation? where, Queue<(NixThunk, NixLocation?)> queue, ReadState state)
    {
        if (module.Get("imports") is { } importsAttr)
        {
            switch (_ev.Force(importsAttr.Value))
            {
                case NixList list:
                    foreach (var item in list.Items) queue.Enqueue((item, item.Location));
                    state.Open.AddRange(list.Open);
                    break;
                case var other:
                    state.Open.Add(NixEvaluator.Unknown(other, "the imports of a module are not known", importsAttr.NameLocation ?? where));
                    break;
            }
        }
        var explicitForm = module.Get("config") is not null || module.Get("options") is not null;
        if (explicitForm)
        {
            if (module.Get("config") is { } config) Walk(_ev.Force(config.Value), Level.Config, null, [], 100, config.BindingLocation ?? where, state);
            if (module.Get("options") is { } options) ReadOptions(_ev.Force(options.Value), 0, null, state);
        }
        else
        {
            var body = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
            foreach (var (key, attr) in module.Attrs)
            {
                if (!ModuleKeys.Contains(key)) body[key] = attr;
            }
            Walk(new NixAttrs(body, module.Open), Level.Config, null, [], 100, where, state);
        }
    }

    private enum Level { Config, Services, Component, Enable }

    /// <summary>Collects <c>services.X.enable</c> definitions under mkIf/mkMerge/mkOverride wrappers.</summary>
    private void Walk(NixValue value, Level level, string? component, IReadOnlyList<NixValue> conditions, int priority, NixLocation? where, ReadState state, int depth = 0)
    {
        if (depth > 64) return;
        switch (value)
        {
            case NixModuleProperty property:
                switch (property.Kind)
                {
                    case NixModulePropertyKind.If:
                    {
                        var condition = _ev.Force(property.Condition!);
                        if (condition is NixBool { Value: false }) return;
                        var next = condition is NixBool ? conditions : [.. conditions, WithLocation(condition, property.Condition!.Location ?? property.Where)];
                        Walk(_ev.Force(property.Content), level, component, next, priority, where, state, depth + 1);
                        return;
                    }
                    case NixModulePropertyKind.Override:
                        Walk(_ev.Force(property.Content), level, component, conditions, property.Priority, where, state, depth + 1);
                        return;
                    case NixModulePropertyKind.Merge:
                        switch (_ev.Force(property.Content))
                        {
                            case NixList list:
                                foreach (var item in list.Items) Walk(_ev.Force(item), level, component, conditions, priority, item.Location ?? where, state, depth + 1);
                                foreach (var gap in list.Open) Open(gap, level, component, conditions, state);
                                break;
                            case var other:
                                Open(NixEvaluator.Unknown(other, "the parts of mkMerge are not known", property.Where), level, component, conditions, state);
                                break;
                        }
                        return;
                    default:
                        Walk(_ev.Force(property.Content), level, component, conditions, priority, where, state, depth + 1);
                        return;
                }
            case NixAttrs attrs when level != Level.Enable:
                switch (level)
                {
                    case Level.Config:
                        if (attrs.Get("services") is { } services)
                            Walk(_ev.Force(services.Value), Level.Services, null, conditions, priority, services.BindingLocation, state, depth + 1);
                        break;
                    case Level.Services:
                        foreach (var (name, attr) in attrs.Attrs)
                            Walk(_ev.Force(attr.Value), Level.Component, name, conditions, priority, attr.BindingLocation, state, depth + 1);
                        break;
                    case Level.Component:
                        if (attrs.Get("enable") is { } enable)
                            Walk(_ev.Force(enable.Value), Level.Enable, component, conditions, priority, enable.BindingLocation, state, depth + 1);
                        break;
                }
                foreach (var gap in attrs.Open) Open(gap, level, component, conditions, state);
                return;
            case NixUnknown u:
                Open(u, level, component, conditions, state);
                return;
        }
        if (level == Level.Enable)
        {
            state.Definitions.Add(new EnableDefinition(component!, value, conditions, priority, where));
            return;
        }
        if (value is NixExternal or NixConfigRef or NixSystemConfiguration)
            Open(new NixUnknown($"a module sets {Describe(level, component)} to a value from outside the repository", where), level, component, conditions, state);
    }

    private static NixValue WithLocation(NixValue condition, NixLocation? where) =>
        condition is NixUnknown or NixConfigRef ? condition : new NixUnknown("the mkIf condition is not known", where);

    private static string Describe(Level level, string? component) => level switch
    {
        Level.Config => "its configuration",
        Level.Services => "services",
        _ => $"services.{component}",
    };

    /// <summary>An unknown part: for one component when under services.X, else for every component.</summary>
    private static void Open(NixUnknown unknown, Level level, string? component, IReadOnlyList<NixValue> conditions, ReadState state)
    {
        if (level is Level.Component or Level.Enable && component is not null)
            state.Definitions.Add(new EnableDefinition(component, unknown, conditions, 100, unknown.Where));
        else
            state.Open.Add(unknown);
    }

    /// <summary>options.services.X.enable = mkEnableOption ... (default false) or mkOption { default = bool; }.</summary>
    private void ReadOptions(NixValue value, int level, string? component, ReadState state)
    {
        if (value is not NixAttrs attrs) return;
        switch (level)
        {
            case 0:
                if (attrs.Get("services") is { } s) ReadOptions(_ev.Force(s.Value), 1, null, state);
                break;
            case 1:
                foreach (var (name, attr) in attrs.Attrs) ReadOptions(_ev.Force(attr.Value), 2, name, state);
                break;
            case 2:
                if (attrs.Get("enable") is not { } enable) break;
                switch (_ev.Force(enable.Value))
                {
                    case NixExternal { Name: var n } when n.EndsWith("mkEnableOption()", StringComparison.Ordinal):
                        state.Defaults[component!] = false;
                        break;
                    case NixExternal { Name: var n, Arguments.Count: > 0 } option when n.EndsWith("mkOption()", StringComparison.Ordinal):
                        if (_ev.Force(option.Arguments[0]) is NixAttrs o && o.Get("default") is { } d && _ev.Force(d.Value) is NixBool b)
                            state.Defaults[component!] = b.Value;
                        break;
                }
                break;
        }
    }

    /// <summary>Decides each component from its definitions, resolving <c>config.services.X.enable</c> conditions to a fixpoint.</summary>
    private static Dictionary<string, ComponentEnable> Decide(List<EnableDefinition> definitions, Dictionary<string, bool> defaults)
    {
        var byComponent = definitions.GroupBy(d => d.Component, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var states = new Dictionary<string, ComponentEnable>(StringComparer.Ordinal);
        for (var round = 0; round < MaxFixpointRounds; round++)
        {
            var next = new Dictionary<string, ComponentEnable>(StringComparer.Ordinal);
            foreach (var (component, defs) in byComponent) next[component] = DecideOne(component, defs, states, defaults);
            var stable = next.Count == states.Count && next.All(kv => states.TryGetValue(kv.Key, out var old) && old == kv.Value);
            states = next;
            if (stable) break;
        }
        return states;
    }

    private static ComponentEnable DecideOne(string component, List<EnableDefinition> defs, Dictionary<string, ComponentEnable> states, Dictionary<string, bool> defaults)
    {
        // Each definition: its value (true/false), or why it is not known.
        var resolved = new List<(bool? Value, int Priority, NixLocation? Where, string? Reason)>();
        foreach (var def in defs)
        {
            string? reason = null;
            NixLocation? where = def.Location;
            var active = true;
            foreach (var condition in def.Conditions)
            {
                var c = Resolve(condition, states, defaults);
                if (c == false) { active = false; break; }
                if (c is null)
                {
                    reason ??= condition is NixConfigRef r ? $"the condition `{r}` is not known" : ((NixUnknown)condition).Reason;
                    where = condition is NixConfigRef cr ? cr.Where ?? where : ((NixUnknown)condition).Where ?? where;
                }
            }
            if (!active) continue;
            bool? value = def.Value switch
            {
                NixBool b => b.Value,
                NixConfigRef r => Resolve(r, states, defaults),
                _ => null,
            };
            if (value is null && reason is null)
            {
                reason = def.Value is NixUnknown u ? u.Reason : $"services.{component}.enable is set to a {def.Value.TypeName}";
                if (def.Value is NixUnknown uu && uu.Where is not null) where = uu.Where;
            }
            if (def.Priority < 0) reason ??= "the mkOverride priority is not known";
            resolved.Add((reason is null ? value : null, def.Priority < 0 ? int.MinValue : def.Priority, where, reason));
        }
        if (resolved.Count == 0) return ComponentEnable.NotSet(component);
        var known = resolved.Where(r => r.Value is not null).ToList();
        var best = known.Count > 0 ? known.Min(r => r.Priority) : int.MaxValue;
        var undecided = resolved.FirstOrDefault(r => r.Value is null && r.Priority <= best);
        if (undecided.Reason is not null) return new ComponentEnable(component, ComponentState.Unknown, undecided.Where, undecided.Reason);
        var winners = known.Where(r => r.Priority == best).ToList();
        if (winners.All(w => w.Value == true)) return new ComponentEnable(component, ComponentState.Enabled, winners[0].Where, null);
        if (winners.All(w => w.Value == false)) return new ComponentEnable(component, ComponentState.Disabled, winners[0].Where, null);
        return new ComponentEnable(component, ComponentState.Unknown, winners[0].Where, $"conflicting definitions of services.{component}.enable");
    }

    private static bool? Resolve(NixValue condition, Dictionary<string, ComponentEnable> states, Dictionary<string, bool> defaults)
    {
        if (condition is NixBool b) return b.Value;
        if (condition is not NixConfigRef { Path: [ "services", var component, "enable" ] }) return null;
        if (!states.TryGetValue(component, out var state)) return defaults.TryGetValue(component, out var d) ? d : null;
        return state.State switch
        {
            ComponentState.Enabled => true,
            ComponentState.Disabled => false,
            ComponentState.NotSet => defaults.TryGetValue(component, out var dflt) ? dflt : null,
            _ => null,
        };
    }
}
