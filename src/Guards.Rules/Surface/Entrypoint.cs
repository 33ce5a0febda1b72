
namespace UltraCloud.Guards.Rules.Surface;

/// <summary>
/// A canonical entrypoint, normalised so that the table's wording and the policy's data compare:
/// <c>nix run .#x</c> is the runnable output x (<c>apps</c>/<c>packages</c>), <c>nix build .#x</c> the
/// package x, <c>nixosConfigurations.y</c> (with or without <c>nix build .#</c>) the configuration
/// y, <c>checks.x86_64-linux.z</c> the check z (the system segment is dropped), and a harness
/// flake keeps its path and arguments: <c>./nix/test-cluster#apps.cluster -- baremetal-iso</c>.
/// </summary>
/// <param name="Key">The normalised identity, e.g. <c>.#nixosConfigurations.node01</c>.</param>
/// <param name="Display">How the entrypoint is written (the doc's text, or the policy's form).</param>
/// <param name="Name">The attribute name (last part), for similarity.</param>
public sealed record Entrypoint(string Key, string Display, string Name)
{
    private static readonly string[] s_perSystemOutputs = ["packages", "apps", "checks", "devShells", "legacyPackages", "formatter"];

    /// <summary>Reads an entrypoint as the docs write it: a <c>nix run|build|eval</c> command or an attribute path.</summary>
    public static Entrypoint? Parse(string text, string? verb = null)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count == 0) return null;
        if (verb is null && tokens.Count >= 3 && tokens[0] == "nix" && tokens[1] is "run" or "build" or "eval" or "shell" or "develop")
        {
            verb = tokens[1];
            tokens.RemoveRange(0, 2);
        }
        verb ??= "attr";

        var dashDash = tokens.IndexOf("--");
        var args = dashDash >= 0 ? string.Join(' ', tokens.Skip(dashDash + 1)) : "";
        var before = dashDash >= 0 ? tokens.Take(dashDash).ToList() : tokens;
        var reference = before.FirstOrDefault(t => !t.StartsWith('-'));
        if (reference is null) return null;

        string flake, attrPath;
        if (verb == "attr" && !reference.Contains('#'))
        {
            flake = ".";
            attrPath = reference;
        }
        else
        {
            var hash = reference.IndexOf('#');
            flake = hash >= 0 ? reference[..hash] : reference;
            attrPath = hash >= 0 ? reference[(hash + 1)..] : "default";
        }
        flake = NormalizeFlake(flake);

        var parts = attrPath.Split('.', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count == 0) return null;
        string output;
        if (parts[0] == "nixosConfigurations" && parts.Count >= 2)
        {
            output = "nixosConfigurations";
            parts.RemoveAt(0);
            // `.#nixosConfigurations.x.config.system.build.toplevel` names configuration x.
            parts = parts.Take(1).ToList();
        }
        else if (s_perSystemOutputs.Contains(parts[0]) && parts.Count >= 2)
        {
            output = parts[0];
            parts.RemoveAt(0);
            if (parts.Count >= 2 && LooksLikeSystem(parts[0])) parts.RemoveAt(0);
        }
        else
        {
            output = verb switch { "run" => "apps", "build" => "packages", "attr" => "", _ => "packages" };
        }
        if (verb == "run" && output == "packages") output = "apps";

        var name = string.Join('.', parts);
        var key = $"{flake}#{(output.Length > 0 ? output + "." : "")}{name}{(args.Length > 0 ? " -- " + args : "")}";
        return new Entrypoint(key, text.Trim(), name);
    }

    private static bool LooksLikeSystem(string part) =>
        part.EndsWith("-linux", StringComparison.Ordinal) || part.EndsWith("-darwin", StringComparison.Ordinal)
        || part == "${system}" || part == "system";

    private static string NormalizeFlake(string flake)
    {
        if (flake.StartsWith("path:", StringComparison.Ordinal)) flake = flake[5..];
        flake = flake.TrimEnd('/');
        if (flake is "" or "." or "./") return ".";
        if (!flake.StartsWith("./", StringComparison.Ordinal) && !flake.Contains(':') && !flake.StartsWith('/')) flake = "./" + flake;
        return flake;
    }
}

/// <summary>A required or optional component: a name with its qualifier ("on every control-plane node"), or free text.</summary>
public sealed record Component(string? Name, string Qualifier, string Text)
{
    /// <summary>What identifies the component: its name, or its normalised text.</summary>
    public string Key => Name ?? Normalize(Text);

    public string Display => Name is null ? Text : Qualifier.Length > 0 ? $"`{Name}` {Qualifier}" : $"`{Name}`";

    public static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim().TrimEnd('.', ';').ToLowerInvariant();
}
