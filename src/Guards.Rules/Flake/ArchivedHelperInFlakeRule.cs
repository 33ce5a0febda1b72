using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Flake;

/// <summary>
/// UCG1005, the flake and Cargo half: an archived helper (by name or alias, as a whole word) must
/// not re-enter the default product surface as a flake output (packages, apps, checks,
/// nixosConfigurations, of the root flake and the harness flake), as something a canonical
/// aggregate check refers to, as a module a canonical profile's nodes import, or as a member of a
/// Cargo workspace's default members. Each finding points at the attribute, the reference, the
/// import's list element or the TOML string responsible.
/// </summary>
public sealed class ArchivedHelperInFlakeRule : RepositoryRule
{
    public override string Id => "UCG1005";

    public override void Analyze(RepositoryContext context)
    {
        var surface = ProfileSurface.Of(context);
        var sightings = ArchivedHelperSightings.Collect(surface, Policy, (path, span, message) => context.ReportEngine("UCG0001", path, span, message));
        foreach (var sighting in sightings)
            Report(context, sighting.Path, sighting.Span, $"{sighting.Kind} {sighting.Subject}", sighting.Helper, sighting.Description);
    }
}
