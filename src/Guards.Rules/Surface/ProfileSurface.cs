using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Rules.Surface;

/// <summary>Whether a canonical entrypoint is exposed, and where (the attribute, the place it would go, or what is undecided).</summary>
public sealed record EntrypointResolution(CanonicalEntrypoint Entrypoint, LookupStatus Status, string FlakeFile, string? Attribute, NixLocation Location, string? Reason)
{
    /// <summary>The flake output paths that satisfy the entrypoint (Nix's resolution order).</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];
}

/// <summary>
/// The canonical profiles read against the flakes of one tree: which entrypoints exist and what
/// each node enables. Shared by the UCG2xxx rules, UCG1005, the surface manifest and eval.
/// </summary>
public sealed class ProfileSurface
{
    public const string SharedKey = "flake.profile-surface";

    private readonly Dictionary<CanonicalEntrypoint, EntrypointResolution> _resolutions = new(ReferenceEqualityComparer.Instance);

    public ProfileSurface(NixWorkspace workspace, CanonicalPolicy policy)
    {
        Workspace = workspace;
        Policy = policy;
        Root = workspace.Flake("");
    }

    public NixWorkspace Workspace { get; }
    public CanonicalPolicy Policy { get; }
    public FlakeModel Root { get; }

    /// <summary>False when the tree has no root flake.nix: it is not a flake checkout and the flake guards stay silent.</summary>
    public bool HasRootFlake => Root.Exists;

    public static ProfileSurface Of(RepositoryContext context) =>
        context.Shared(SharedKey, c => new ProfileSurface(NixWorkspace.Of(c), CanonicalPolicy.Of(c.Policy)));

    public FlakeModel FlakeOf(CanonicalEntrypoint entrypoint) => Workspace.Flake(entrypoint.FlakeDirectory);

    public EntrypointResolution Resolve(CanonicalEntrypoint entrypoint)
    {
        lock (_resolutions)
        {
            if (_resolutions.TryGetValue(entrypoint, out var cached)) return cached;
        }
        var resolution = ResolveCore(entrypoint);
        lock (_resolutions)
        {
            _resolutions.TryAdd(entrypoint, resolution);
            return _resolutions[entrypoint];
        }
    }

    private EntrypointResolution ResolveCore(CanonicalEntrypoint entrypoint)
    {
        var flake = FlakeOf(entrypoint);
        var candidates = entrypoint.Candidates(Policy.System);
        // A flake that does not exist has no place of its own: the finding goes to the root flake.
        if (!flake.Exists)
            return new EntrypointResolution(entrypoint, LookupStatus.Missing, flake.FlakeFile, null, Root.FileStart, $"{flake.FlakeFile} does not exist") { Candidates = candidates };
        FlakeLookup? firstMissing = null;
        FlakeLookup? firstUnknown = null;
        foreach (var candidate in candidates)
        {
            var lookup = flake.Lookup(candidate);
            switch (lookup.Status)
            {
                case LookupStatus.Found:
                    return new EntrypointResolution(entrypoint, LookupStatus.Found, flake.FlakeFile, candidate, lookup.Location ?? flake.FileStart, null) { Candidates = candidates };
                case LookupStatus.Unknown:
                    firstUnknown ??= lookup;
                    break;
                default:
                    firstMissing ??= lookup;
                    break;
            }
        }
        if (firstUnknown is { } unknown)
            return new EntrypointResolution(entrypoint, LookupStatus.Unknown, flake.FlakeFile, null, unknown.Location ?? flake.FileStart, unknown.Reason) { Candidates = candidates };
        return new EntrypointResolution(entrypoint, LookupStatus.Missing, flake.FlakeFile, null, firstMissing?.Location ?? flake.FileStart, null) { Candidates = candidates };
    }

    /// <summary>Every canonical entrypoint with its resolution, in policy order.</summary>
    public IReadOnlyList<EntrypointResolution> Entrypoints() => Policy.Entrypoints.Select(Resolve).ToList();

    /// <summary>The root flake's configuration of a node (its modules read once).</summary>
    public NixosConfigurationModel Node(string name) => Root.Configuration(name);

    /// <summary>A finding's place from a reader location (the flake file's start when the reader has none).</summary>
    public static (string Path, SourceSpan Span) Place(NixLocation? location, FlakeModel fallback) =>
        location is not null ? (location.Path, location.Span)
        : fallback.Exists ? (fallback.FlakeFile, SourceSpan.FileStart)
        : ("flake.nix", SourceSpan.FileStart);

    /// <summary>
    /// Where the node's configuration is defined, as the related place of a finding about one of
    /// its definitions elsewhere; nothing when the finding is there already.
    /// </summary>
    public static IReadOnlyList<RelatedLocation> NodeDefinition(ProfileSurface surface, string node, NixosConfigurationModel model, NixLocation? finding)
    {
        if (model.Location is null || Equals(model.Location, finding)) return [];
        var (path, span) = Place(model.Location, surface.Root);
        return [new RelatedLocation(path, span, $"nixosConfigurations.{node} is defined here")];
    }

    /// <summary>
    /// Reports an undecidable value as UCG0003 (what was asked, why it is not known, and where) and
    /// counts the <paramref name="questions"/> contract questions it leaves undecided.
    /// </summary>
    public static void ReportUnknown(RepositoryContext context, NixLocation? location, FlakeModel fallback, string question, string? reason, int questions = 1)
    {
        var (path, span) = Place(location, fallback);
        context.CountQuestions(decided: false, questions);
        context.ReportUndecided(path, span, question, reason ?? "the value cannot be decided");
    }
}
