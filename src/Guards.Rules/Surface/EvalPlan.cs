using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Rules.Surface;

public enum EvalAction
{
    /// <summary><c>nix eval --raw REF#ATTR</c> (a drvPath or an app's program).</summary>
    Evaluate,
    /// <summary><c>nix build --no-link REF#ATTR</c>.</summary>
    Build,
}

/// <summary>One real-Nix step for an entrypoint: which flake, which attribute, evaluated or built.</summary>
public sealed record EvalTarget(string Name, string Profile, string FlakeDirectory, string Attribute, EvalAction Action, IReadOnlyList<string> FlakeInputs)
{
    /// <summary>How a user would run it: <c>nix eval --no-eval-cache .#nixosConfigurations.node01.config.system.build.toplevel.drvPath --raw</c>.</summary>
    public string Display => Action == EvalAction.Build
        ? $"nix build {Reference}"
        : $"nix eval --no-eval-cache {Reference} --raw";

    public string Reference => (FlakeDirectory.Length == 0 ? "." : "./" + FlakeDirectory) + "#" + Attribute;
}

/// <summary>
/// What `uc-guards eval` runs: every canonical entrypoint forced the way the testing document
/// forces it (a configuration's <c>config.system.build.toplevel.drvPath</c>, the <c>drvPath</c> of
/// packages and checks, the <c>program</c> of apps), and with <c>--build</c> the build-guard set
/// (the entrypoints the <c>eval-build</c> check covers) realised.
/// </summary>
public static class EvalPlan
{
    public static IReadOnlyList<EvalTarget> Create(ProfileSurface surface, bool build)
    {
        var targets = new List<EvalTarget>();
        foreach (var entrypoint in surface.Policy.Entrypoints)
        {
            var resolution = surface.Resolve(entrypoint);
            var flake = surface.FlakeOf(entrypoint);
            var attribute = resolution.Attribute ?? resolution.Candidates[0];
            targets.Add(new EvalTarget(entrypoint.Display, entrypoint.Profile, entrypoint.FlakeDirectory, EvalAttribute(attribute), EvalAction.Evaluate, flake.InputNames));
        }
        if (build)
        {
            foreach (var entrypoint in BuildSet(surface))
            {
                var resolution = surface.Resolve(entrypoint);
                var flake = surface.FlakeOf(entrypoint);
                var attribute = resolution.Attribute ?? resolution.Candidates[0];
                targets.Add(new EvalTarget($"{entrypoint.Display} (build)", entrypoint.Profile, entrypoint.FlakeDirectory, BuildAttribute(attribute), EvalAction.Build, flake.InputNames));
            }
        }
        return targets;
    }

    /// <summary>The canonical entrypoints the eval-build check covers, in policy order.</summary>
    public static IReadOnlyList<CanonicalEntrypoint> BuildSet(ProfileSurface surface)
    {
        var set = new List<CanonicalEntrypoint>();
        foreach (var check in surface.Policy.Checks.Where(c => c.EvalBuild))
        {
            foreach (var cover in check.Covers)
            {
                var matching = cover == CanonicalCheck.EntrypointsKeyword
                    ? surface.Policy.Entrypoints.Where(e => e.InRootFlake && check.EntrypointKinds.Contains(e.Kind))
                    : surface.Policy.Entrypoints.Where(e => e.InRootFlake && (e.Text == cover || e.Attr == cover || e.Display == cover));
                foreach (var entrypoint in matching)
                {
                    if (!set.Contains(entrypoint)) set.Add(entrypoint);
                }
            }
        }
        return set;
    }

    /// <summary>The attribute whose value proves the entrypoint evaluates.</summary>
    public static string EvalAttribute(string attribute)
    {
        var path = FlakeModel.SplitPath(attribute);
        if (path[0] == "nixosConfigurations" && path.Count == 2) return attribute + ".config.system.build.toplevel.drvPath";
        if (path[0] == "apps") return attribute + ".program";
        return attribute + ".drvPath";
    }

    /// <summary>The attribute <c>nix build</c> realises for the entrypoint.</summary>
    public static string BuildAttribute(string attribute)
    {
        var path = FlakeModel.SplitPath(attribute);
        return path[0] == "nixosConfigurations" && path.Count == 2 ? attribute + ".config.system.build.toplevel" : attribute;
    }
}
