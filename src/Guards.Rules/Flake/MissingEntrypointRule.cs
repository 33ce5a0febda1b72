using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Flake;

/// <summary>
/// UCG2001: every canonical entrypoint of the policy's profiles must be exposed, by the root flake
/// or (for <c>./nix/test-cluster#...</c>) by the harness flake, resolved the way <c>nix run</c>,
/// <c>nix build</c> and attribute paths resolve. Points at the attribute set the entrypoint
/// belongs in; an entrypoint the reader cannot decide is UCG0003.
/// </summary>
public sealed class MissingEntrypointRule : RepositoryRule
{
    public override string Id => "UCG2001";

    public override void Analyze(RepositoryContext context)
    {
        var surface = ProfileSurface.Of(context);
        if (!surface.HasRootFlake) return;
        foreach (var resolution in surface.Entrypoints())
        {
            var entrypoint = resolution.Entrypoint;
            var flake = surface.FlakeOf(entrypoint);
            if (resolution.Status != LookupStatus.Unknown) context.CountQuestions(decided: true);
            switch (resolution.Status)
            {
                case LookupStatus.Missing:
                {
                    var (path, span) = ProfileSurface.Place(resolution.Location, flake);
                    var label = entrypoint.Label is null ? "" : $" ({entrypoint.Label})";
                    Report(context, path, span, $"{entrypoint.Profile}: {entrypoint.Display}", entrypoint.Display, entrypoint.Profile + label, resolution.FlakeFile);
                    break;
                }
                case LookupStatus.Unknown:
                    ProfileSurface.ReportUnknown(context, resolution.Location, flake, $"whether {resolution.FlakeFile} exposes {entrypoint.Display} ({entrypoint.Profile})", resolution.Reason);
                    break;
            }
        }
    }
}
