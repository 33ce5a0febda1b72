using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>An entrypoint of a profile as the policy lists it, with its optional label ("companion install image").</summary>
public sealed record PolicyEntrypoint(Entrypoint Entrypoint, string Label);

/// <summary>A canonical profile as <c>rules/policy.yaml</c> describes it (the single copy of the docs' table).</summary>
public sealed record PolicyProfile(string Name, IReadOnlyList<PolicyEntrypoint> Entrypoints, IReadOnlyList<Component> Required, IReadOnlyList<Component> Optional);

/// <summary>The column headers that identify the canonical-profile table, by role.</summary>
public sealed record ProfileTableColumns(string Profile, string Entrypoints, string Required, string Optional)
{
    public IReadOnlyList<string> All => [Profile, Entrypoints, Required, Optional];
}

/// <summary>
/// Reads the <c>profiles</c>, <c>profile-table</c>, <c>archived-helpers</c> and <c>legacy-paths</c>
/// sections of the policy. Malformed data is a <see cref="PolicyException"/> naming file and line.
/// </summary>
public static class ProfileData
{
    public static IReadOnlyList<PolicyProfile> Profiles(GuardsPolicy policy)
    {
        var section = policy.Section("profiles");
        if (section is null) return [];
        var profiles = new List<PolicyProfile>();
        foreach (var item in section.AsSequence("profiles").Items)
        {
            var map = item.AsMapping("each profile");
            var name = map.Required("name", "profile").AsString("profile name");
            var entrypoints = new List<PolicyEntrypoint>();
            foreach (var e in map["entrypoints"]?.AsSequence($"profiles.{name}.entrypoints").Items ?? [])
                entrypoints.Add(ReadEntrypoint(e, name));
            profiles.Add(new PolicyProfile(name, entrypoints, ReadComponents(map["required"], name, "required"), ReadComponents(map["optional"], name, "optional")));
        }
        return profiles;
    }

    private static PolicyEntrypoint ReadEntrypoint(PolicyNode node, string profile)
    {
        var map = node.AsMapping($"each entrypoint of profile {profile}");
        string? verb = null;
        PolicyNode? value = null;
        foreach (var candidate in new[] { "run", "build", "attr" })
        {
            if (map[candidate] is not { } v) continue;
            if (value is not null) throw new PolicyException(map, $"an entrypoint of profile {profile} has more than one of run, build, attr");
            verb = candidate;
            value = v;
        }
        if (value is null) throw new PolicyException(map, $"an entrypoint of profile {profile} needs one of run, build, attr");
        var text = value.AsString($"{verb} entrypoint");
        var display = verb == "attr" ? text : $"nix {verb} {text}";
        var entrypoint = Entrypoint.Parse(text, verb) ?? throw new PolicyException(value, $"cannot read entrypoint '{text}' of profile {profile}");
        return new PolicyEntrypoint(entrypoint with { Display = display }, map["label"]?.AsString("label") ?? "");
    }

    private static List<Component> ReadComponents(PolicyNode? node, string profile, string what)
    {
        var result = new List<Component>();
        foreach (var item in node?.AsSequence($"profiles.{profile}.{what}").Items ?? [])
        {
            if (item is PolicyScalar scalar)
            {
                result.Add(new Component(scalar.Value, "", scalar.Value));
                continue;
            }
            var map = item.AsMapping($"each {what} component of profile {profile}");
            if (map["component"] is { } component)
            {
                var name = component.AsString("component");
                result.Add(new Component(name, map["qualifier"]?.AsString("qualifier") ?? "", name));
            }
            else if (map["text"] is { } text)
            {
                result.Add(new Component(null, "", text.AsString("text")));
            }
            else
            {
                throw new PolicyException(map, $"a {what} component of profile {profile} needs 'component' or 'text'");
            }
        }
        return result;
    }

    public static ProfileTableColumns TableColumns(GuardsPolicy policy)
    {
        var columns = policy.Section("profile-table")?.AsMapping("profile-table")["columns"]?.AsMapping("profile-table.columns");
        string Column(string key, string fallback) => columns?[key]?.AsString($"profile-table.columns.{key}") ?? fallback;
        return new ProfileTableColumns(
            Column("profile", "Profile"),
            Column("entrypoints", "Canonical entrypoints"),
            Column("required", "Required components"),
            Column("optional", "Optional components"));
    }

    /// <summary>An archived helper and the other names it goes by.</summary>
    public sealed record ArchivedHelper(string Name, IReadOnlyList<string> Aliases)
    {
        public IEnumerable<string> AllNames => Aliases.Prepend(Name);
    }

    public static IReadOnlyList<ArchivedHelper> ArchivedHelpers(GuardsPolicy policy)
    {
        var result = new List<ArchivedHelper>();
        foreach (var item in policy.Section("archived-helpers")?.AsSequence("archived-helpers").Items ?? [])
        {
            if (item is PolicyScalar scalar)
            {
                result.Add(new ArchivedHelper(scalar.Value, []));
                continue;
            }
            var map = item.AsMapping("each archived helper");
            result.Add(new ArchivedHelper(map.Required("name", "archived helper").AsString("name"), map.OptionalStringList("aliases", "archived helper")));
        }
        return result;
    }

    /// <summary>A legacy or debugging path: the text that names it and what it is.</summary>
    public sealed record LegacyPath(string Text, string Context);

    public static IReadOnlyList<LegacyPath> LegacyPaths(GuardsPolicy policy)
    {
        var result = new List<LegacyPath>();
        foreach (var item in policy.Section("legacy-paths")?.AsSequence("legacy-paths").Items ?? [])
        {
            if (item is PolicyScalar scalar)
            {
                result.Add(new LegacyPath(scalar.Value, ""));
                continue;
            }
            var map = item.AsMapping("each legacy path");
            result.Add(new LegacyPath(map.Required("text", "legacy path").AsString("text"), map["context"]?.AsString("context") ?? ""));
        }
        return result;
    }
}
