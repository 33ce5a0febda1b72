using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

public enum LookupStatus { Found, Missing, Unknown }

/// <summary>
/// Whether a flake attribute exists. <see cref="Location"/> is the attribute when found; when
/// missing, the deepest parent that exists (where it would be added); when unknown, the place
/// the reader could not decide.
/// </summary>
public sealed record FlakeLookup(LookupStatus Status, string AttrPath, NixLocation? Location, string? Reason)
{
    public bool Found => Status == LookupStatus.Found;
}

public sealed record FlakeAttribute(string Name, NixLocation? Location);

/// <summary>The names under a flake attribute: the known ones, and why more may exist.</summary>
public sealed record FlakeListing(LookupStatus Status, IReadOnlyList<FlakeAttribute> Names, IReadOnlyList<NixUnknown> Open, NixLocation? Location, string? Reason)
{
    public bool IsComplete => Status == LookupStatus.Found && Open.Count == 0;
}

/// <summary>A flake output another value refers to, and where the reference is written.</summary>
public sealed record FlakeReference(string OutputPath, NixLocation? Location);

/// <summary>What a value (an aggregate check) refers to among the flake's outputs.</summary>
public sealed record FlakeReferences(IReadOnlyList<FlakeReference> References, IReadOnlyList<NixUnknown> Unknowns, bool Truncated);

/// <summary>
/// One flake read statically: its outputs as far as they can be known, lookups by attribute path,
/// listings, the nixosConfigurations' modules, and what an output refers to. Thread-safe.
/// </summary>
public sealed class FlakeModel
{
    /// <summary>Output categories whose members are tagged for reference tracking, with the depth of the member.</summary>
    private static readonly (string Category, int Depth)[] TaggedCategories =
    [
        ("nixosConfigurations", 1), ("nixosModules", 1), ("packages", 2), ("apps", 2), ("checks", 2), ("legacyPackages", 2), ("devShells", 2),
    ];

    private const int MaxWalk = 200_000;

    private readonly NixWorkspace _workspace;
    private readonly Dictionary<string, NixosConfigurationModel> _configurations = new(StringComparer.Ordinal);
    private NixThunk? _outputs;

    internal FlakeModel(NixWorkspace workspace, string directory)
    {
        _workspace = workspace;
        Directory = directory;
        FlakeFile = directory.Length == 0 ? "flake.nix" : directory + "/flake.nix";
        Exists = workspace.FileExists(FlakeFile);
        if (Exists) workspace.Query(Initialise);
        else if (workspace.Tree.Probe(FlakeFile) is { Status: not PathStatus.Missing } there)
        {
            // Something is there but cannot be read (a link leaving the tree, a FIFO): the flake is
            // present and unknown, never absent, so its contract cannot pass silently.
            Exists = true;
            Unreadable = new NixUnknown($"{FlakeFile} cannot be read: {there.Reason ?? RootDirectory.ReasonFor(there.Type)}", FileStart);
        }
    }

    /// <summary>The flake's folder, repository-relative ("" for the root).</summary>
    public string Directory { get; }

    public string FlakeFile { get; }

    public bool Exists { get; }

    /// <summary>Set when the flake itself cannot be read (its outputs are then all unknown).</summary>
    public NixUnknown? Unreadable { get; private set; }

    /// <summary>The <c>outputs</c> attribute of flake.nix: where missing outputs would be added.</summary>
    public NixLocation? OutputsLocation { get; private set; }

    /// <summary>The start of flake.nix, for findings about a flake that has nothing better to point at.</summary>
    public NixLocation FileStart => new(FlakeFile, SourceSpan.FileStart);

    public IReadOnlyList<string> InputNames { get; private set; } = [];

    private bool Initialise(NixEvaluator ev)
    {
        var file = ev.EvalFile(FlakeFile);
        if (file is not NixAttrs flake)
        {
            Unreadable = NixEvaluator.Unknown(file, $"{FlakeFile} is not a flake (an attribute set with outputs)", FileStart);
            return false;
        }
        var inputs = new Dictionary<string, NixAttr>(StringComparer.Ordinal);
        if (flake.Get("inputs") is { } inputsAttr && ev.Force(inputsAttr.Value) is NixAttrs declared)
        {
            foreach (var (name, attr) in declared.Attrs)
                inputs[name] = new NixAttr(NixThunk.Of(new NixExternal(name, attr.NameLocation)), attr.NameLocation);
        }
        if (flake.Get("outputs") is not { } outputsAttr)
        {
            Unreadable = new NixUnknown($"{FlakeFile} has no outputs", FileStart);
            return false;
        }
        OutputsLocation = outputsAttr.NameLocation;
        var function = ev.Force(outputsAttr.Value);
        if (function is NixLambda { Expr.Formals: { } formals })
        {
            foreach (var formal in formals)
            {
                if (formal.Name != "self" && !inputs.ContainsKey(formal.Name))
                    inputs[formal.Name] = new NixAttr(NixThunk.Of(new NixExternal(formal.Name, formal.Location)), formal.Location);
            }
        }
        InputNames = inputs.Keys.Order(StringComparer.Ordinal).ToList();

        var inputSet = new NixAttrs(inputs);
        NixThunk? outputs = null;
        var self = NixThunk.Lazy(() =>
        {
            var extras = new Dictionary<string, NixAttr>(StringComparer.Ordinal)
            {
                ["outPath"] = new(NixThunk.Of(new NixPath(Directory, isStoreCopy: true)), OutputsLocation),
                ["inputs"] = new(NixThunk.Of(inputSet), OutputsLocation),
                ["outputs"] = new(outputs!, OutputsLocation),
                ["sourceInfo"] = new(NixThunk.Of(new NixExternal("self.sourceInfo", OutputsLocation)), OutputsLocation),
                ["_type"] = new(NixThunk.Of(new NixString("flake")), OutputsLocation),
            };
            var value = ev.Force(outputs!);
            // As Nix builds it: outputs // sourceInfo // { outPath, inputs, outputs, sourceInfo, _type }.
            return value is NixAttrs ? ev.Merge(value, new NixAttrs(extras), OutputsLocation) : value;
        }, OutputsLocation);
        var args = new Dictionary<string, NixAttr>(inputs, StringComparer.Ordinal) { ["self"] = new(self, OutputsLocation) };
        outputs = NixThunk.Lazy(() => ev.Apply(function, NixThunk.Of(new NixAttrs(args)), outputsAttr.NameLocation), outputsAttr.NameLocation);
        _outputs = outputs;

        var value = ev.Force(outputs);
        if (value is not NixAttrs)
        {
            Unreadable = NixEvaluator.Unknown(value, "the flake's outputs are not a set the reader can read", OutputsLocation);
            return false;
        }
        Tag(ev, (NixAttrs)value);
        return true;
    }

    /// <summary>Marks each output member with its path, so that references to it can be recognised by identity.</summary>
    private static void Tag(NixEvaluator ev, NixAttrs outputs)
    {
        foreach (var (category, depth) in TaggedCategories)
        {
            if (outputs.Get(category) is not { } attr || ev.Force(attr.Value) is not NixAttrs set) continue;
            if (depth == 1)
            {
                foreach (var (name, member) in set.Attrs) TagMember(ev, ev.Force(member.Value), $"{category}.{name}");
                continue;
            }
            foreach (var (system, perSystem) in set.Attrs)
            {
                if (ev.Force(perSystem.Value) is not NixAttrs members) continue;
                foreach (var (name, member) in members.Attrs) TagMember(ev, ev.Force(member.Value), $"{category}.{system}.{name}");
            }
        }
    }

    /// <summary>Tags a member, and the attributes of a member that is a plain set (an app's program), with its path.</summary>
    private static void TagMember(NixEvaluator ev, NixValue value, string path)
    {
        TagValue(value, path);
        if (value is not NixAttrs attrs) return;
        foreach (var attr in attrs.Attrs.Values) TagValue(ev.Force(attr.Value), path);
    }

    private static void TagValue(NixValue value, string path)
    {
        if (value is NixBool or NixNull or NixUnknown || ReferenceEquals(value, NixAttrs.Empty)) return;
        value.OutputPaths ??= [];
        if (!value.OutputPaths.Contains(path)) value.OutputPaths.Add(path);
    }

    private NixUnknown NotReadable() => Unreadable ?? new NixUnknown($"{FlakeFile} does not exist", FileStart);

    // ------------------------------------------------------------------ questions

    /// <summary>Whether <paramref name="path"/> (e.g. nixosConfigurations, node01) exists in the outputs.</summary>
    public FlakeLookup Lookup(IReadOnlyList<string> path)
    {
        var dotted = string.Join('.', path);
        if (!Exists) return new FlakeLookup(LookupStatus.Missing, dotted, FileStart, $"{FlakeFile} does not exist");
        if (_outputs is null) return new FlakeLookup(LookupStatus.Unknown, dotted, NotReadable().Where ?? FileStart, NotReadable().Reason);
        return _workspace.Query(ev =>
        {
            var value = ev.Force(_outputs);
            var where = OutputsLocation ?? FileStart;
            for (var i = 0; i < path.Count; i++)
            {
                var name = path[i];
                var prefix = string.Join('.', path.Take(i));
                switch (value)
                {
                    case NixAttrs attrs:
                        if (attrs.Get(name) is { } attr)
                        {
                            where = attr.NameLocation ?? where;
                            if (i == path.Count - 1) return new FlakeLookup(LookupStatus.Found, dotted, where, null);
                            value = ev.Force(attr.Value);
                            continue;
                        }
                        if (attrs.IsOpen)
                        {
                            var open = attrs.Open[0];
                            // The root cause alone: every question it leaves open is then one finding.
                            return new FlakeLookup(LookupStatus.Unknown, dotted, open.Where ?? where, open.Reason);
                        }
                        return new FlakeLookup(LookupStatus.Missing, dotted, where, null);
                    case NixUnknown u:
                        return new FlakeLookup(LookupStatus.Unknown, dotted, u.Where ?? where, u.Reason);
                    case NixExternal e:
                        return new FlakeLookup(LookupStatus.Unknown, dotted, e.Where ?? where, $"{prefix} comes from outside the repository (`{e.Name}`)");
                    default:
                        return new FlakeLookup(LookupStatus.Unknown, dotted, where, $"{prefix} is a {value.TypeName}, not a set");
                }
            }
            return new FlakeLookup(LookupStatus.Found, dotted, where, null);
        });
    }

    public FlakeLookup Lookup(string dottedPath) => Lookup(SplitPath(dottedPath));

    /// <summary>Splits an attribute path on dots (quoted segments allowed: checks."x.y").</summary>
    public static IReadOnlyList<string> SplitPath(string dotted)
    {
        var parts = new List<string>();
        var sb = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in dotted)
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (c == '.' && !quoted) { parts.Add(sb.ToString()); sb.Clear(); continue; }
            sb.Append(c);
        }
        parts.Add(sb.ToString());
        return parts;
    }

    /// <summary>The attribute names under <paramref name="path"/> (empty for the top-level outputs).</summary>
    public FlakeListing List(IReadOnlyList<string> path)
    {
        if (!Exists) return new FlakeListing(LookupStatus.Missing, [], [], FileStart, $"{FlakeFile} does not exist");
        if (_outputs is null) return new FlakeListing(LookupStatus.Unknown, [], [NotReadable()], NotReadable().Where ?? FileStart, NotReadable().Reason);
        return _workspace.Query(ev =>
        {
            var value = ev.Force(_outputs);
            var where = OutputsLocation ?? FileStart;
            foreach (var name in path)
            {
                switch (value)
                {
                    case NixAttrs attrs when attrs.Get(name) is { } attr:
                        where = attr.NameLocation ?? where;
                        value = ev.Force(attr.Value);
                        continue;
                    case NixAttrs { IsOpen: true } attrs:
                        return new FlakeListing(LookupStatus.Unknown, [], attrs.Open, attrs.Open[0].Where ?? where, attrs.Open[0].Reason);
                    case NixAttrs:
                        return new FlakeListing(LookupStatus.Missing, [], [], where, null);
                    default:
                        return Undecided(value, where);
                }
            }
            if (value is not NixAttrs set) return Undecided(value, where);
            return new FlakeListing(LookupStatus.Found, set.Names.Select(n => new FlakeAttribute(n, set.Attrs[n].NameLocation)).ToList(), set.Open, where, set.IsOpen ? set.Open[0].Reason : null);
        });
    }

    public FlakeListing List(string dottedPath) => List(dottedPath.Length == 0 ? [] : SplitPath(dottedPath));

    private static FlakeListing Undecided(NixValue value, NixLocation where) => value switch
    {
        NixUnknown u => new FlakeListing(LookupStatus.Unknown, [], [u], u.Where ?? where, u.Reason),
        NixExternal e => new FlakeListing(LookupStatus.Unknown, [], [new NixUnknown($"the names of `{e.Name}` are outside the repository", e.Where ?? where)], e.Where ?? where, $"the names of `{e.Name}` are outside the repository"),
        _ => new FlakeListing(LookupStatus.Unknown, [], [], where, $"a {value.TypeName}, not a set"),
    };

    /// <summary>The modules of nixosConfigurations.<paramref name="name"/>, read once.</summary>
    public NixosConfigurationModel Configuration(string name)
    {
        lock (_configurations)
        {
            if (_configurations.TryGetValue(name, out var cached)) return cached;
        }
        var lookup = Lookup(["nixosConfigurations", name]);
        NixosConfigurationModel model;
        if (lookup.Status != LookupStatus.Found)
        {
            model = new NixosConfigurationModel
            {
                Name = name,
                Location = lookup.Location,
                Unknown = new NixUnknown(lookup.Reason ?? $"nixosConfigurations.{name} does not exist", lookup.Location),
            };
        }
        else
        {
            model = _workspace.Query(ev =>
            {
                var value = ev.SelectAttr(ev.SelectAttr(ev.Force(_outputs!), "nixosConfigurations", null, null), name, lookup.Location, null);
                return new NixModuleReader(ev, question => _workspace.Query(question)).Read(name, value, lookup.Location);
            });
        }
        lock (_configurations)
        {
            _configurations.TryAdd(name, model);
            return _configurations[name];
        }
    }

    /// <summary>
    /// The outputs the value at <paramref name="path"/> refers to (through <c>self</c>, a shared
    /// binding, or a value derived from an output such as <c>config.system.build.toplevel</c>),
    /// each with the place the reference is written, and the unknowns met on the way.
    /// </summary>
    public FlakeReferences References(IReadOnlyList<string> path)
    {
        if (_outputs is null) return new FlakeReferences([], Exists ? [NotReadable()] : [], false);
        return _workspace.Query(ev =>
        {
            NixValue value = ev.Force(_outputs);
            NixLocation? where = OutputsLocation;
            foreach (var name in path)
            {
                if (value is NixAttrs attrs && attrs.Get(name) is { } attr)
                {
                    where = attr.NameLocation ?? where;
                    value = ev.Force(attr.Value);
                }
                else return new FlakeReferences([], [value as NixUnknown ?? new NixUnknown($"{string.Join('.', path)} cannot be read", where)], false);
            }
            return Walk(ev, value, where);
        });
    }

    public FlakeReferences References(string dottedPath) => References(SplitPath(dottedPath));

    /// <summary>The locations passed on the way to a value, innermost first.</summary>
    private sealed record Chain(NixLocation? Location, Chain? Parent)
    {
        public Chain Then(NixLocation? location) => location is null || location == Location ? this : new Chain(location, this);
    }

    private FlakeReferences Walk(NixEvaluator ev, NixValue root, NixLocation? rootLocation)
    {
        var references = new List<FlakeReference>();
        var unknowns = new List<NixUnknown>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance) { root };
        var own = new HashSet<string>(root.OutputPaths ?? [], StringComparer.Ordinal);
        var stack = new Stack<(object Item, Chain Chain)>();
        Push(root, new Chain(rootLocation, null));
        var visited = 0;
        var truncated = false;
        while (stack.Count > 0)
        {
            if (++visited > MaxWalk) { truncated = true; break; }
            var (item, chain) = stack.Pop();
            var value = item switch
            {
                NixThunk t => ev.Force(t),
                NixValue v => v,
                _ => null,
            };
            if (value is null) continue;
            if (item is NixThunk && !seen.Add(value)) continue;
            if (value.OutputPaths is { Count: > 0 } paths && !ReferenceEquals(value, root))
            {
                var foreign = paths.Where(p => !own.Contains(p)).ToList();
                if (foreign.Count > 0)
                {
                    foreach (var p in foreign) references.Add(new FlakeReference(p, Responsible(p, chain)));
                    continue;
                }
            }
            Push(value, chain);
        }
        return new FlakeReferences(Distinct(references), unknowns, truncated);

        void Push(NixValue value, Chain chain)
        {
            switch (value)
            {
                case NixAttrs attrs:
                    foreach (var name in attrs.Names.Reverse())
                    {
                        var attr = attrs.Attrs[name];
                        stack.Push((attr.Value, chain.Then(attr.Value.Location ?? attr.NameLocation)));
                    }
                    unknowns.AddRange(attrs.Open);
                    break;
                case NixList list:
                    for (var i = list.Items.Count - 1; i >= 0; i--) stack.Push((list.Items[i], chain.Then(list.Items[i].Location)));
                    unknowns.AddRange(list.Open);
                    break;
                case NixString s:
                    foreach (var c in s.Context) stack.Push((c, chain.Then(c.Location)));
                    break;
                case NixExternal e:
                    if (e.DerivedFrom is { } from && seen.Add(from)) stack.Push((from, chain.Then(e.Where)));
                    for (var i = e.Arguments.Count - 1; i >= 0; i--) stack.Push((e.Arguments[i], chain.Then(e.Arguments[i].Location)));
                    break;
                case NixModuleProperty property:
                    stack.Push((property.Content, chain.Then(property.Content.Location)));
                    break;
                case NixUnknown u:
                    unknowns.Add(u);
                    foreach (var input in u.Inputs) stack.Push((input, chain.Then(input.Location)));
                    break;
            }
        }
    }

    /// <summary>
    /// Where a reference is written: the innermost place on the way that spells the output's name
    /// (the list element "node01" handed to a helper), else the innermost place.
    /// </summary>
    private NixLocation? Responsible(string outputPath, Chain chain)
    {
        var name = outputPath[(outputPath.LastIndexOf('.') + 1)..];
        for (var c = chain; c is not null; c = c.Parent)
        {
            if (c.Location is not { } where) continue;
            var source = _workspace.Parse(where.Path)?.Source.Text;
            if (source is not null && source.TextOfBytes(where.Span.StartByte, where.Span.EndByte).Contains(name, StringComparison.Ordinal)) return where;
        }
        for (var c = chain; c is not null; c = c.Parent)
        {
            if (c.Location is not null) return c.Location;
        }
        return null;
    }

    private static List<FlakeReference> Distinct(List<FlakeReference> references)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<FlakeReference>();
        foreach (var r in references)
        {
            if (seen.Add(r.OutputPath)) result.Add(r);
        }
        return result;
    }
}
