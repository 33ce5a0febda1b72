using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Flake;

/// <summary>
/// UCG2003: no node of a profile may enable a component the profile excludes (single-node-quickstart
/// runs no deployer, nix-agent, node-agent or fleet-scheduler). Points at the definition that
/// enables it, in whichever module sets it.
/// </summary>
public sealed class ExcludedComponentRule : RepositoryRule
{
    public override string Id => "UCG2003";

    public override void Analyze(RepositoryContext context)
    {
        var surface = ProfileSurface.Of(context);
        if (!surface.HasRootFlake) return;
        foreach (var profile in surface.Policy.Profiles)
        {
            if (profile.Excluded.Count == 0) continue;
            foreach (var node in profile.AllNodes)
            {
                if (MissingRequiredComponentRule.NodeModel(surface, node, out var lookup) is not { } model)
                {
                    if (lookup.Status == LookupStatus.Unknown)
                        ProfileSurface.ReportUnknown(context, lookup.Location, surface.Root, $"which components nixosConfigurations.{node} enables", lookup.Reason, questions: profile.Excluded.Count);
                    continue;
                }
                if (model.Unknown is { } unknown)
                {
                    ProfileSurface.ReportUnknown(context, unknown.Where ?? model.Location, surface.Root, $"which components nixosConfigurations.{node} enables", unknown.Reason, questions: profile.Excluded.Count);
                    continue;
                }
                foreach (var component in profile.Excluded)
                {
                    var state = model.Component(component);
                    if (state.State != ComponentState.Unknown) context.CountQuestions(decided: true);
                    switch (state.State)
                    {
                        case ComponentState.Enabled:
                        {
                            var where = state.Location ?? model.Location;
                            var (path, span) = ProfileSurface.Place(where, surface.Root);
                            ReportWithRelated(context, path, span, $"{profile.Name}: {node} {component}", ProfileSurface.NodeDefinition(surface, node, model, where),
                                $"nixosConfigurations.{node}", component, profile.Name);
                            break;
                        }
                        case ComponentState.Unknown:
                            ProfileSurface.ReportUnknown(context, state.Location ?? model.Location, surface.Root, $"whether nixosConfigurations.{node} enables {component}", state.Reason);
                            break;
                    }
                }
            }
        }
    }
}
