using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Rules.Surface;

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
/// The docs rules' view of the <c>profiles</c>, <c>profile-table</c>, <c>archived-helpers</c> and
/// <c>legacy-paths</c> sections of the policy. Malformed data is a <see cref="PolicyException"/> naming file and line.
/// </summary>
public static class ProfileData
{
    /// <summary>The policy's profiles (read by <see cref="CanonicalPolicy"/>, the one reader of that schema) as the table compares them.</summary>
    public static IReadOnlyList<PolicyProfile> Profiles(GuardsPolicy policy)
    {
        var profiles = new List<PolicyProfile>();
        foreach (var profile in CanonicalPolicy.Of(policy).Profiles)
        {
            var entrypoints = new List<PolicyEntrypoint>();
            foreach (var e in profile.Entrypoints)
            {
                var verb = e.Kind switch { EntrypointKind.Run => "run", EntrypointKind.Build => "build", _ => "attr" };
                var entrypoint = Entrypoint.Parse(e.Text, verb)
                    ?? throw new PolicyException(e.Where, $"cannot read entrypoint '{e.Text}' of profile {profile.Name}");
                entrypoints.Add(new PolicyEntrypoint(entrypoint with { Display = e.Display }, e.Label ?? ""));
            }
            var required = profile.Required.Select(c => new Component(c.Component, c.Qualifier ?? "", c.Component)).ToList();
            var optional = profile.Optional.Select(c => new Component(c, "", c))
                .Concat(profile.OptionalText.Select(t => new Component(null, "", t))).ToList();
            profiles.Add(new PolicyProfile(profile.Name, entrypoints, required, optional));
        }
        return profiles;
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

    public static IReadOnlyList<ArchivedHelper> ArchivedHelpers(GuardsPolicy policy) => CanonicalPolicy.Of(policy).ArchivedHelpers;

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
