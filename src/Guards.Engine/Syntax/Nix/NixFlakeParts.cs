namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// flake-parts' <c>mkFlake { inherit inputs; } module</c>, read as its module system would build
/// the outputs: the modules (the top one and its <c>imports</c>: repository files, sets,
/// functions of <c>{ self, inputs, lib, config, ... }</c>) give <c>systems</c>, <c>perSystem</c>
/// and <c>flake</c>; each perSystem module is called once per system with
/// <c>{ system, pkgs, lib, self', inputs', config, ... }</c>, and the per-system outputs
/// (packages, apps, checks, devShells, legacyPackages, formatter) are transposed to
/// <c>category.system.name</c>; the <c>flake</c> parts are merged recursively on top. A flake
/// module from an input is not followed: it may define any output, so the outputs stay open
/// with that module as the reason.
/// </summary>
public sealed partial class NixEvaluator
{
    private static readonly string[] PerSystemCategories = ["apps", "checks", "devShells", "formatter", "legacyPackages", "packages"];

    private const int MaxFlakeModules = 500;

    private sealed class FlakeParts
    {
        public NixValue? Systems;
        public NixLocation? SystemsWhere;
        public List<NixThunk> PerSystem { get; } = [];
        public List<(NixThunk Value, NixLocation? Where)> Flake { get; } = [];
        public List<NixUnknown> Open { get; } = [];
    }

    private NixValue MkFlake(NixThunk argsThunk, NixThunk moduleThunk, NixLocation? where)
    {
        var args = F(argsThunk) as NixAttrs;
        var inputs = args?.Get("inputs")?.Value ?? Val(new NixUnknown("mkFlake: the inputs are not known", where));
        var self = NixThunk.Lazy(() => SelectAttr(F(inputs), "self", where, null), where);
        var lib = Val(new NixExternal("lib", where));
        var parts = new FlakeParts();
        var moduleArgs = new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal)
        {
            ["self"] = new(self, where),
            ["inputs"] = new(inputs, where),
            ["lib"] = new(lib, where),
            ["config"] = new(Val(new NixExternal("flake-parts.config", where)), where),
            ["options"] = new(Val(new NixExternal("flake-parts.options", where)), where),
            ["flake-parts-lib"] = new(Val(new NixExternal("flake-parts-lib", where)), where),
            ["withSystem"] = new(Val(new NixExternal("withSystem", where)), where),
            ["moduleWithSystem"] = new(Val(new NixExternal("moduleWithSystem", where)), where),
            ["getSystem"] = new(Val(new NixExternal("getSystem", where)), where),
        });

        var queue = new Queue<(NixThunk Module, NixLocation? Where)>();
        queue.Enqueue((moduleThunk, moduleThunk.Location ?? where));
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        while (queue.Count > 0)
        {
            if (++count > MaxFlakeModules)
            {
                parts.Open.Add(new NixUnknown($"more than {MaxFlakeModules} flake modules: the rest are not read", where));
                break;
            }
            var (thunk, via) = queue.Dequeue();
            ReadFlakeModule(thunk, via, moduleArgs, parts, queue, seenFiles);
        }
        return FlakePartsOutputs(parts, self, inputs, lib, where);
    }

    private void ReadFlakeModule(NixThunk thunk, NixLocation? via, NixAttrs moduleArgs, FlakeParts parts,
        Queue<(NixThunk, NixLocation?)> queue, HashSet<string> seenFiles)
    {
        var value = F(thunk);
        if (value is NixPath or NixString { Text: not null })
        {
            var path = value is NixPath p ? p.Path : RepoPathOf(((NixString)value).Text!);
            if (path is null)
            {
                parts.Open.Add(new NixUnknown("a flake module from outside the repository may define any output", via));
                return;
            }
            var file = ResolveImportPath(path);
            if (!seenFiles.Add(file)) return;
            value = Force(ImportThunk(file, via));
        }
        if (value is NixLambda or NixPrimop) value = Apply(value, Val(moduleArgs), via);
        switch (value)
        {
            case NixAttrs module:
                ReadFlakeModuleBody(module, via, parts, queue);
                break;
            case NixExternal ext when IsAutoWire(ext):
                parts.Flake.Add((Val(AutoWired(moduleArgs, via)), via));
                break;
            case NixExternal ext:
                parts.Open.Add(new NixUnknown($"the flake module `{ext.Name}` comes from outside the repository and may define any output", via ?? ext.Where));
                break;
            case NixUnknown u:
                parts.Open.Add(u);
                break;
            default:
                parts.Open.Add(new NixUnknown($"a flake module is a {value.TypeName}, not a set or function", via));
                break;
        }
    }

    /// <summary>nixos-unified's autoWire flake module (<c>inputs.nixos-unified.flakeModules.autoWire</c>).</summary>
    private static bool IsAutoWire(NixExternal ext)
    {
        var segments = ext.Segments;
        return segments.Length >= 3 && segments[^1] == "autoWire" && segments[^2] == "flakeModules"
            && segments.Any(s => s.Contains("nixos-unified", StringComparison.Ordinal) || s.Contains("nixos-flake", StringComparison.Ordinal));
    }

    /// <summary>
    /// What nixos-unified's autoWire adds, read from the tree as it reads it: a NixOS configuration
    /// per <c>configurations/nixos/NAME.nix</c> or <c>NAME/default.nix</c> (a nixosSystem of that
    /// module with <c>flake = { self, inputs, config }</c> as a special argument), and a module per
    /// <c>modules/nixos/NAME</c>. Its other outputs (darwin, home, overlays) are not read.
    /// </summary>
    private NixValue AutoWired(NixAttrs moduleArgs, NixLocation? where)
    {
        // Lazy, as in Nix: the flake's folder is self.outPath, known only once the outputs' names are.
        var self = moduleArgs.Get("self")!.Value;
        var flakeArg = new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal)
        {
            ["self"] = new(self, where),
            ["inputs"] = moduleArgs.Get("inputs")!,
            ["config"] = new(Val(new NixExternal("flake-parts.config", where)), where),
        });
        var specialArgs = new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal) { ["flake"] = new(Val(flakeArg), where) });
        NixValue Wired(string folder, Func<string, NixLocation, NixThunk> member) =>
            SelectAttr(F(self), "outPath", where, null) switch
            {
                NixPath { Path: var root } => new NixAttrs(AutoWiredFiles(Join(root, folder)).ToDictionary(
                    entry => entry.Name,
                    entry => new NixAttr(member(entry.File, new NixLocation(entry.File, Model.SourceSpan.FileStart)), new NixLocation(entry.File, Model.SourceSpan.FileStart)),
                    StringComparer.Ordinal)),
                var other => new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [Unknown(other, "nixos-unified's autoWire: the flake's folder is not known", where)]),
            };
        return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal)
        {
            ["nixosConfigurations"] = new(Defer(() => Wired("configurations/nixos", (file, at) => Val(new NixSystemConfiguration(Val(new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal)
            {
                ["specialArgs"] = new(Val(specialArgs), at),
                ["modules"] = new(Val(new NixList([Val(new NixPath(file))])), at),
            })), at))), where), where),
            ["nixosModules"] = new(Defer(() => Wired("modules/nixos", (file, _) => Val(new NixPath(file))), where), where),
        });
    }

    private static string Join(string root, string relative) => root.Length == 0 ? relative : $"{root}/{relative}";

    /// <summary>NAME.nix files and NAME folders holding a default.nix, by name.</summary>
    private IEnumerable<(string Name, string File)> AutoWiredFiles(string directory)
    {
        if (!_files.DirectoryExists(directory) || _files.Refusal(directory) is not null) yield break;
        foreach (var (name, isDirectory) in _files.List(directory))
        {
            if (!isDirectory && name.EndsWith(".nix", StringComparison.Ordinal) && name.Length > 4) yield return (name[..^4], $"{directory}/{name}");
            else if (isDirectory && _files.FileExists($"{directory}/{name}/default.nix")) yield return (name, $"{directory}/{name}/default.nix");
        }
    }

    private void ReadFlakeModuleBody(NixAttrs module, NixLocation? where, FlakeParts parts, Queue<(NixThunk, NixLocation?)> queue)
    {
        // The explicit form { options; config = { ... }; } holds the same keys under config.
        if (module.Get("config") is { } config && F(config.Value) is NixAttrs inner && (module.Get("options") is not null || module.Get("imports") is not null || module.Attrs.Count == 1))
        {
            if (module.Get("imports") is { } outerImports) EnqueueImports(outerImports, where, parts, queue);
            ReadFlakeModuleBody(inner, config.BindingLocation ?? where, parts, queue);
            return;
        }
        parts.Open.AddRange(module.Open);
        if (module.Get("imports") is { } imports) EnqueueImports(imports, where, parts, queue);
        if (module.Get("systems") is { } systems && parts.Systems is null)
        {
            parts.Systems = F(systems.Value);
            parts.SystemsWhere = systems.NameLocation ?? where;
        }
        if (module.Get("perSystem") is { } perSystem) parts.PerSystem.Add(perSystem.Value);
        if (module.Get("flake") is { } flake) parts.Flake.Add((flake.Value, flake.NameLocation ?? where));
    }

    private void EnqueueImports(NixAttr imports, NixLocation? where, FlakeParts parts, Queue<(NixThunk, NixLocation?)> queue)
    {
        switch (F(imports.Value))
        {
            case NixList list:
                foreach (var item in list.Items) queue.Enqueue((item, item.Location ?? imports.NameLocation ?? where));
                parts.Open.AddRange(list.Open);
                break;
            case var other:
                parts.Open.Add(Unknown(other, "the imports of a flake module are not known", imports.NameLocation ?? where));
                break;
        }
    }

    private NixValue FlakePartsOutputs(FlakeParts parts, NixThunk self, NixThunk inputs, NixThunk lib, NixLocation? where)
    {
        NixValue outputs = new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), parts.Open);
        if (parts.PerSystem.Count > 0) outputs = Merge(outputs, Transposed(parts, self, inputs, lib, where), where);
        foreach (var (flake, flakeWhere) in parts.Flake)
            outputs = RecursiveUpdate(outputs, F(flake) is NixAttrs set ? set : AsOpenAttrs(F(flake), flakeWhere) ?? NixAttrs.Empty, flakeWhere, 0);
        if (parts.Open.Count == 0 || outputs is not NixAttrs result) return outputs;
        // A module from outside may add to every output category (nixosConfigurations.x) too.
        var open = result.Attrs.ToDictionary(
            kv => kv.Key,
            kv => new NixAttr(Defer(() => OpenTo(F(kv.Value.Value), parts.Open), kv.Value.Value.Location), kv.Value.NameLocation, kv.Value.BindingLocation),
            StringComparer.Ordinal);
        return new NixAttrs(open, result.Open) { Fallback = result.Fallback };
    }

    /// <summary>The perSystem outputs as <c>category.system.name</c>, each system's value computed on demand.</summary>
    private NixValue Transposed(FlakeParts parts, NixThunk self, NixThunk inputs, NixThunk lib, NixLocation? where)
    {
        var systemsValue = parts.Systems ?? new NixUnknown("mkFlake: no module sets `systems`", where);
        var v = ListOf(systemsValue, "systems", parts.SystemsWhere ?? where, out var list);
        if (list is null)
            return new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), [v as NixUnknown ?? new NixUnknown("the flake's systems are not known", parts.SystemsWhere ?? where)]);

        var systems = new List<(string Name, NixThunk Value, NixLocation? Where)>();
        var open = new List<NixUnknown>(list.Open);
        foreach (var item in list.Items)
        {
            var systemValue = F(item);
            if (TextOf(systemValue) is { } name) systems.Add((name, item, item.Location ?? parts.SystemsWhere ?? where));
            else open.Add(Unknown(systemValue, "a system of the flake is not known", item.Location ?? where));
        }

        var perSystem = new Dictionary<string, NixThunk>(StringComparer.Ordinal);
        foreach (var (name, value, systemWhere) in systems)
            perSystem[name] = Defer(() => PerSystemOutputs(parts, name, value, self, inputs, lib, systemWhere), systemWhere);

        var categories = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        foreach (var category in PerSystemCategories)
        {
            var bySystem = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
            foreach (var (name, _, systemWhere) in systems)
            {
                var outputs = perSystem[name];
                var c = category;
                bySystem[name] = new NixAttr(Defer(() => OpenTo(F(outputs) switch
                {
                    NixAttrs set when set.Get(c) is { } attr => F(attr.Value),
                    NixAttrs { IsOpen: true } set => new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal), set.Open),
                    NixAttrs => NixAttrs.Empty,
                    var other => Unknown(other, $"the perSystem outputs of {name} are not known", systemWhere),
                }, parts.Open), systemWhere), systemWhere);
            }
            categories[category] = new NixAttr(Val(new NixAttrs(bySystem, [.. open, .. parts.Open])), where);
        }
        return new NixAttrs(categories);
    }

    /// <summary>A set that modules from outside the repository may add to.</summary>
    private static NixValue OpenTo(NixValue value, IReadOnlyList<NixUnknown> open) =>
        open.Count == 0 || value is not NixAttrs set ? value : new NixAttrs(set.Attrs, [.. set.Open, .. open]) { Fallback = set.Fallback };

    /// <summary>Every perSystem module called for one system, merged.</summary>
    private NixValue PerSystemOutputs(FlakeParts parts, string system, NixThunk systemValue, NixThunk self, NixThunk inputs, NixThunk lib, NixLocation? where)
    {
        var pkgs = NixThunk.Lazy(() => SelectAttr(SelectAttr(SelectAttr(F(inputs), "nixpkgs", where, () => new NixExternal("nixpkgs", where)), "legacyPackages", where, null), system, where, null), where);
        var selfPrime = NixThunk.Lazy(() => PerSystemView(F(self), system, where), where);
        var inputsPrime = NixThunk.Lazy(() => F(inputs) is NixAttrs set
            ? new NixAttrs(set.Attrs.ToDictionary(kv => kv.Key, kv => new NixAttr(Defer(() => PerSystemView(F(kv.Value.Value), system, where), kv.Value.NameLocation), kv.Value.NameLocation), StringComparer.Ordinal), set.Open)
            : new NixExternal("inputs'", where), where);
        var args = new NixAttrs(new Dictionary<string, NixAttr>(StringComparer.Ordinal)
        {
            ["system"] = new(systemValue, where),
            ["pkgs"] = new(pkgs, where),
            ["lib"] = new(lib, where),
            ["self'"] = new(selfPrime, where),
            ["inputs'"] = new(inputsPrime, where),
            ["config"] = new(Val(new NixExternal("perSystem.config", where)), where),
            ["options"] = new(Val(new NixExternal("perSystem.options", where)), where),
            ["final"] = new(pkgs, where),
        });
        NixValue merged = NixAttrs.Empty;
        var queue = new Queue<NixThunk>(parts.PerSystem);
        var count = 0;
        while (queue.Count > 0 && ++count <= MaxFlakeModules)
        {
            var thunk = queue.Dequeue();
            var value = F(thunk);
            if (value is NixPath path) value = Force(ImportThunk(path.Path, thunk.Location ?? where));
            if (value is NixLambda or NixPrimop) value = Apply(value, Val(args), thunk.Location ?? where);
            if (value is NixAttrs set && set.Get("imports") is { } imports && F(imports.Value) is NixList list)
            {
                foreach (var item in list.Items) queue.Enqueue(item);
                var rest = set.Attrs.Where(kv => kv.Key != "imports").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                value = new NixAttrs(rest, [.. set.Open, .. list.Open]);
            }
            merged = RecursiveUpdate(merged, value is NixAttrs ? value : AsOpenAttrs(value, thunk.Location ?? where) ?? NixAttrs.Empty, where, 0);
        }
        return merged;
    }

    /// <summary><c>self'</c> and <c>inputs'.x</c>: a flake's per-system outputs with the system selected (<c>self'.packages.default</c>).</summary>
    private NixValue PerSystemView(NixValue flake, string system, NixLocation? where)
    {
        if (flake is not NixAttrs set) return flake is NixExternal ext ? new NixExternal($"{ext.Name}'", ext.Where ?? where, ext.DerivedFrom) : flake;
        var attrs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        foreach (var category in PerSystemCategories)
        {
            var c = category;
            attrs[category] = new NixAttr(Defer(() => SelectAttr(SelectAttr(set, c, where, () => NixAttrs.Empty), system, where, () => NixAttrs.Empty), where), where);
        }
        return new NixAttrs(attrs, set.Open) { Fallback = set.Fallback };
    }
}
