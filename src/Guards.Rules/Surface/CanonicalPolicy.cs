using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Rules.Surface;

public enum EntrypointKind
{
    /// <summary><c>nix run REF#ATTR [-- args]</c>: apps, then packages, then legacyPackages.</summary>
    Run,
    /// <summary><c>nix build REF#ATTR</c>: packages, then legacyPackages.</summary>
    Build,
    /// <summary>A flake attribute path such as <c>nixosConfigurations.node01</c>.</summary>
    Attr,
}

/// <summary>One canonical entrypoint of a profile, as the policy writes it.</summary>
public sealed record CanonicalEntrypoint(
    string Profile,
    EntrypointKind Kind,
    string Text,
    string FlakeDirectory,
    string Attr,
    string Arguments,
    string? Label,
    PolicyNode Where)
{
    /// <summary>How the testing document writes it: <c>nix run .#single-node-quickstart</c>, <c>nixosConfigurations.node01</c>.</summary>
    public string Display => Kind switch
    {
        EntrypointKind.Run => $"nix run {Text}",
        EntrypointKind.Build => $"nix build {Text}",
        _ => Attr,
    };

    /// <summary>The installable, without arguments: <c>.#single-node-quickstart</c>, <c>./nix/test-cluster#cluster</c>, <c>.#nixosConfigurations.node01</c>.</summary>
    public string Installable => (FlakeDirectory.Length == 0 ? "." : "./" + FlakeDirectory) + "#" + Attr;

    public bool InRootFlake => FlakeDirectory.Length == 0;

    /// <summary>The attribute paths Nix tries for this entrypoint, in order (as <c>nix run</c>/<c>nix build</c> resolve them).</summary>
    public IReadOnlyList<string> Candidates(string system) => Kind switch
    {
        EntrypointKind.Run => [$"apps.{system}.{Attr}", $"packages.{system}.{Attr}", $"legacyPackages.{system}.{Attr}", Attr],
        EntrypointKind.Build => [$"packages.{system}.{Attr}", $"legacyPackages.{system}.{Attr}", Attr],
        _ => [Attr],
    };
}

/// <summary>A required component and the nodes it is required on.</summary>
public sealed record RequiredComponent(string Component, string Role, string? Qualifier, PolicyNode Where);

/// <summary>One canonical profile: the single copy of the testing document's profile table.</summary>
public sealed record CanonicalProfile(
    string Name,
    IReadOnlyList<CanonicalEntrypoint> Entrypoints,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Nodes,
    IReadOnlyList<RequiredComponent> Required,
    IReadOnlyList<string> Optional,
    IReadOnlyList<string> OptionalText,
    IReadOnlyList<string> Excluded,
    PolicyNode Where)
{
    /// <summary>Every node of the profile, whatever its role, in first-seen order.</summary>
    public IReadOnlyList<string> AllNodes => Nodes.Values.SelectMany(n => n).Distinct(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> NodesWithRole(string role) =>
        Nodes.TryGetValue(role, out var nodes) ? nodes : role == "all" ? AllNodes : [];
}

/// <summary>An aggregate check and what it must refer to (UCG2007).</summary>
public sealed record CanonicalCheck(string Name, IReadOnlyList<string> Covers, IReadOnlyList<EntrypointKind> EntrypointKinds, PolicyNode Where)
{
    /// <summary>True for the check whose entrypoints `uc-guards eval --build` realises (the build-guard set).</summary>
    public bool EvalBuild { get; init; }

    public const string EntrypointsKeyword = "entrypoints";
}

/// <summary>
/// The typed view of the policy's product data: <c>profiles</c>, <c>canonical-checks</c>,
/// <c>archived-helpers</c>, <c>cluster-authoring</c> and <c>flake</c>. Malformed data is a
/// <see cref="PolicyException"/> naming file and line.
/// </summary>
public sealed class CanonicalPolicy
{
    public const string DefaultSystem = "x86_64-linux";
    public static readonly string[] Roles = ["all", "control-plane", "bootstrap", "any"];

    public required IReadOnlyList<CanonicalProfile> Profiles { get; init; }
    public required IReadOnlyList<CanonicalCheck> Checks { get; init; }
    public required IReadOnlyList<ArchivedHelper> ArchivedHelpers { get; init; }

    /// <summary>The system the canonical per-system outputs are read for (packages.SYSTEM.x).</summary>
    public required string System { get; init; }

    public IEnumerable<CanonicalEntrypoint> Entrypoints => Profiles.SelectMany(p => p.Entrypoints);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<GuardsPolicy, CanonicalPolicy> s_cache = new();

    /// <summary>Reads (once per policy) the typed product data.</summary>
    public static CanonicalPolicy Of(GuardsPolicy policy) => s_cache.GetValue(policy, Read);

    private static CanonicalPolicy Read(GuardsPolicy policy)
    {
        var system = DefaultSystem;
        if (policy.Section("flake") is { } flake)
        {
            var map = flake.AsMapping("flake").OnlyKeys("flake", "system");
            system = map.OptionalString("system", "flake") ?? system;
        }
        return new CanonicalPolicy
        {
            Profiles = ReadProfiles(policy.Section("profiles")),
            Checks = ReadChecks(policy.Section("canonical-checks")),
            ArchivedHelpers = ReadArchived(policy.Section("archived-helpers")),
            System = system,
        };
    }

    private static List<CanonicalProfile> ReadProfiles(PolicyNode? node)
    {
        var profiles = new List<CanonicalProfile>();
        if (node is null) return profiles;
        foreach (var item in node.AsSequence("profiles").Items)
        {
            var map = item.AsMapping("a profile").OnlyKeys("a profile", "name", "entrypoints", "nodes", "required", "optional", "excluded");
            var name = map.Required("name", "a profile").AsString("profiles.name");
            var entrypoints = new List<CanonicalEntrypoint>();
            foreach (var e in map["entrypoints"]?.AsSequence($"{name}.entrypoints").Items ?? [])
                entrypoints.Add(ReadEntrypoint(name, e));

            var nodes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (map["nodes"] is { } nodesNode)
            {
                foreach (var (role, names) in nodesNode.AsMapping($"{name}.nodes").Entries)
                {
                    if (Array.IndexOf(Roles, role.Value) < 0)
                        throw new PolicyException(role, $"unknown node role '{role.Value}' in {name}.nodes (known: {string.Join(", ", Roles)})");
                    nodes[role.Value] = names.AsStringList($"{name}.nodes.{role.Value}");
                }
            }

            var required = new List<RequiredComponent>();
            foreach (var r in map["required"]?.AsSequence($"{name}.required").Items ?? [])
            {
                if (r is PolicyScalar s)
                {
                    required.Add(new RequiredComponent(s.Value, "all", null, s));
                    continue;
                }
                var rmap = r.AsMapping($"{name}.required entry").OnlyKeys($"{name}.required entry", "component", "on", "qualifier");
                var role = rmap.OptionalString("on", $"{name}.required") ?? "all";
                if (Array.IndexOf(Roles, role) < 0)
                    throw new PolicyException(rmap["on"]!, $"unknown node role '{role}' (known: {string.Join(", ", Roles)})");
                required.Add(new RequiredComponent(rmap.Required("component", $"{name}.required entry").AsString("component"), role, rmap.OptionalString("qualifier", $"{name}.required"), r));
            }

            var optional = new List<string>();
            var optionalText = new List<string>();
            foreach (var o in map["optional"]?.AsSequence($"{name}.optional").Items ?? [])
            {
                if (o is PolicyScalar s) optional.Add(s.Value);
                else optionalText.Add(o.AsMapping($"{name}.optional entry").OnlyKeys($"{name}.optional entry", "text").Required("text", "optional entry").AsString("text"));
            }
            var excluded = map.OptionalStringList("excluded", name);
            profiles.Add(new CanonicalProfile(name, entrypoints, nodes, required, optional, optionalText, excluded, item));
        }
        return profiles;
    }

    private static CanonicalEntrypoint ReadEntrypoint(string profile, PolicyNode node)
    {
        var map = node.AsMapping($"{profile} entrypoint").OnlyKeys($"{profile} entrypoint", "run", "build", "attr", "label");
        var label = map.OptionalString("label", "entrypoint");
        if (map["attr"] is { } attr)
        {
            var text = attr.AsString("attr");
            return new CanonicalEntrypoint(profile, EntrypointKind.Attr, text, "", text, "", label, node);
        }
        var (kind, valueNode) = map["run"] is { } run ? (EntrypointKind.Run, run)
            : map["build"] is { } build ? (EntrypointKind.Build, build)
            : throw new PolicyException(node, $"a {profile} entrypoint needs one of run, build or attr");
        var installable = valueNode.AsString(kind == EntrypointKind.Run ? "run" : "build").Trim();
        var args = "";
        var dashes = installable.IndexOf(" -- ", StringComparison.Ordinal);
        if (dashes >= 0)
        {
            args = installable[(dashes + 4)..].Trim();
            installable = installable[..dashes].Trim();
        }
        var hash = installable.IndexOf('#');
        if (hash < 0) throw new PolicyException(valueNode, $"entrypoint '{installable}' must be a flake reference such as .#name or ./nix/test-cluster#name");
        var reference = installable[..hash];
        var directory = reference is "." or "" ? "" : reference.StartsWith("./", StringComparison.Ordinal) ? reference[2..].TrimEnd('/')
            : throw new PolicyException(valueNode, $"entrypoint '{installable}' must name a flake inside the repository (. or ./path)");
        return new CanonicalEntrypoint(profile, kind, valueNode.AsString("entrypoint").Trim(), directory, installable[(hash + 1)..], args, label, node);
    }

    private static List<CanonicalCheck> ReadChecks(PolicyNode? node)
    {
        var checks = new List<CanonicalCheck>();
        if (node is null) return checks;
        foreach (var (name, value) in node.AsMapping("canonical-checks").Entries)
        {
            var map = value.AsMapping($"canonical-checks.{name.Value}").OnlyKeys($"canonical-checks.{name.Value}", "covers", "entrypoint-kinds", "eval-build");
            var covers = map.OptionalStringList("covers", $"canonical-checks.{name.Value}");
            var kinds = new List<EntrypointKind>();
            foreach (var kind in map.OptionalStringList("entrypoint-kinds", $"canonical-checks.{name.Value}"))
            {
                kinds.Add(kind switch
                {
                    "run" => EntrypointKind.Run,
                    "build" => EntrypointKind.Build,
                    "attr" => EntrypointKind.Attr,
                    _ => throw new PolicyException(map["entrypoint-kinds"]!, $"unknown entrypoint kind '{kind}' (run, build, attr)"),
                });
            }
            checks.Add(new CanonicalCheck(name.Value, covers, kinds.Count == 0 ? [EntrypointKind.Run, EntrypointKind.Build, EntrypointKind.Attr] : kinds, value)
            {
                EvalBuild = map["eval-build"]?.AsBool($"canonical-checks.{name.Value}.eval-build") ?? false,
            });
        }
        return checks;
    }

    private static List<ArchivedHelper> ReadArchived(PolicyNode? node)
    {
        var helpers = new List<ArchivedHelper>();
        if (node is null) return helpers;
        foreach (var item in node.AsSequence("archived-helpers").Items)
        {
            if (item is PolicyScalar s)
            {
                helpers.Add(new ArchivedHelper(s.Value, []));
                continue;
            }
            var map = item.AsMapping("an archived helper");
            helpers.Add(new ArchivedHelper(map.Required("name", "an archived helper").AsString("name"), map.OptionalStringList("aliases", "archived helper")));
        }
        return helpers;
    }

    /// <summary>The archived helper a name refers to (the name or an alias as a whole word of it), or null.</summary>
    public ArchivedHelper? ArchivedHelperIn(string text)
    {
        foreach (var helper in ArchivedHelpers)
        {
            foreach (var name in helper.Names)
            {
                if (ContainsWord(text, name)) return helper;
            }
        }
        return null;
    }

    /// <summary>True when <paramref name="word"/> occurs in <paramref name="text"/> bounded by non-name characters.</summary>
    public static bool ContainsWord(string text, string word)
    {
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 || !IsNameChar(text[i - 1]);
            var after = i + word.Length >= text.Length || !IsNameChar(text[i + word.Length]);
            if (before && after) return true;
        }
        return false;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}

/// <summary>An archived non-product helper and the other names it goes by.</summary>
public sealed record ArchivedHelper(string Name, IReadOnlyList<string> Aliases)
{
    public IEnumerable<string> Names => [Name, .. Aliases];
}
