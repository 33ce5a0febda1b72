using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Flake;

/// <summary>
/// UCG2002: each required component of a profile must be enabled (<c>services.X.enable</c> true,
/// through any module the node imports) on the nodes of its role: every node (<c>all</c>,
/// <c>control-plane</c>, <c>bootstrap</c>) or at least one (<c>any</c>). Points at the node's
/// nixosConfigurations attribute, or at the definition that disables the component.
/// </summary>
public sealed class MissingRequiredComponentRule : RepositoryRule
{
    public override string Id => "UCG2002";

    public override void Analyze(RepositoryContext context)
    {
        var surface = ProfileSurface.Of(context);
        if (!surface.HasRootFlake) return;
        foreach (var profile in surface.Policy.Profiles)
        {
            foreach (var required in profile.Required)
            {
                var nodes = profile.NodesWithRole(required.Role);
                if (nodes.Count == 0) continue;
                var qualifier = required.Qualifier is null ? "" : " " + required.Qualifier;
                if (required.Role == "any") CheckAny(context, surface, profile, required, nodes, qualifier);
                else
                {
                    foreach (var node in nodes) CheckNode(context, surface, profile, required, node, qualifier);
                }
            }
        }
    }

    private void CheckNode(RepositoryContext context, ProfileSurface surface, CanonicalProfile profile, RequiredComponent required, string node, string qualifier)
    {
        var question = $"whether nixosConfigurations.{node} enables {required.Component}";
        if (NodeModel(surface, node, out var lookup) is not { } model)
        {
            if (lookup.Status == LookupStatus.Unknown) ProfileSurface.ReportUnknown(context, lookup.Location, surface.Root, question, lookup.Reason);
            return;
        }
        if (model.Unknown is { } unknown)
        {
            ProfileSurface.ReportUnknown(context, unknown.Where ?? model.Location, surface.Root, question, unknown.Reason);
            return;
        }
        var state = model.Component(required.Component);
        if (state.State != ComponentState.Unknown) context.CountQuestions(decided: true);
        switch (state.State)
        {
            case ComponentState.Enabled:
                return;
            case ComponentState.Unknown:
                ProfileSurface.ReportUnknown(context, state.Location ?? model.Location, surface.Root, question, state.Reason);
                return;
            default:
            {
                // Disabled: point at the definition that turns it off; never set: at the node.
                var where = state.State == ComponentState.Disabled ? state.Location ?? model.Location : model.Location;
                var (path, span) = ProfileSurface.Place(where, surface.Root);
                ReportWithRelated(context, path, span, $"{profile.Name}: {node} {required.Component}", ProfileSurface.NodeDefinition(surface, node, model, where),
                    $"nixosConfigurations.{node}", required.Component, profile.Name, qualifier);
                return;
            }
        }
    }

    private void CheckAny(RepositoryContext context, ProfileSurface surface, CanonicalProfile profile, RequiredComponent required, IReadOnlyList<string> nodes, string qualifier)
    {
        ComponentEnable? undecided = null;
        NixosConfigurationModel? first = null;
        foreach (var node in nodes)
        {
            if (NodeModel(surface, node, out var lookup) is not { } model)
            {
                if (lookup.Status == LookupStatus.Unknown) undecided ??= new ComponentEnable(required.Component, ComponentState.Unknown, lookup.Location, lookup.Reason);
                continue;
            }
            first ??= model;
            if (model.Unknown is { } unknown)
            {
                undecided ??= new ComponentEnable(required.Component, ComponentState.Unknown, unknown.Where ?? model.Location, unknown.Reason);
                continue;
            }
            var state = model.Component(required.Component);
            if (state.State == ComponentState.Enabled)
            {
                context.CountQuestions(decided: true);
                return;
            }
            if (state.State == ComponentState.Unknown) undecided ??= state with { Location = state.Location ?? model.Location };
        }
        if (undecided is not null)
        {
            ProfileSurface.ReportUnknown(context, undecided.Location, surface.Root, $"whether any of {string.Join(", ", nodes)} enables {required.Component}", undecided.Reason);
            return;
        }
        if (first is null) return;
        context.CountQuestions(decided: true);
        var (path, span) = ProfileSurface.Place(first.Location, surface.Root);
        Report(context, path, span, $"{profile.Name}: any {required.Component}", $"none of {string.Join(", ", nodes.Select(n => "nixosConfigurations." + n))}", required.Component, profile.Name, qualifier.Length > 0 ? qualifier : " on any of its nodes");
    }

    /// <summary>The node's configuration, or null when it does not exist (UCG2001's finding, not this rule's).</summary>
    internal static NixosConfigurationModel? NodeModel(ProfileSurface surface, string node) => NodeModel(surface, node, out _);

    /// <summary>
    /// The node's configuration, or null when it does not exist or its existence is undecided
    /// (<paramref name="lookup"/> says which: an undecided node leaves its component questions undecided).
    /// </summary>
    internal static NixosConfigurationModel? NodeModel(ProfileSurface surface, string node, out FlakeLookup lookup)
    {
        lookup = surface.Root.Lookup(["nixosConfigurations", node]);
        return lookup.Status == LookupStatus.Found ? surface.Node(node) : null;
    }
}
