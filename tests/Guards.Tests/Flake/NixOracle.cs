using System.Diagnostics;
using System.Text.Json;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>Real Nix, when installed: the oracle the static reader is held against.</summary>
internal static class NixOracle
{
    public const string SkipReason = "Nix is not installed (no `nix` and `nix-instantiate` on PATH; `apt-get install nix-bin`): the real-Nix oracle tests are skipped";

    public static string? Nix { get; } = Which("nix");
    public static string? NixInstantiate { get; } = Which("nix-instantiate");
    public static bool Available => Nix is not null && NixInstantiate is not null;

    /// <summary>A writable store for flake evaluation (dummy:// does not do for flakes), shared by the tests of a run.</summary>
    public static string SharedStore { get; } = Path.Combine(Path.GetTempPath(), "ucg-tests-nix-store");

    private static string? Which(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public sealed record Outcome(int Exit, string Stdout, string Stderr);

    public static Outcome Run(string program, IEnumerable<string> args, TimeSpan? timeout = null, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NIX_CONFIG"] = "";
        info.Environment["HOME"] = Path.GetTempPath();
        foreach (var (name, value) in environment ?? []) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return new Outcome(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Whether Nix's parser accepts the file (<c>nix-instantiate --parse</c>).</summary>
    public static bool Parses(string file, out string error)
    {
        var outcome = Run(NixInstantiate!, ["--parse", "--store", "dummy://", file]);
        error = outcome.Stderr.Trim();
        return outcome.Exit == 0;
    }

    /// <summary>
    /// The attribute names of the given output paths of a fixture flake, evaluated offline: a
    /// generated wrapper flake takes the fixture as an input, points its inputs at the local
    /// stand-ins (follows), and lists the names (null for an output that does not exist).
    /// </summary>
    public static Dictionary<string, List<string>?> AttrNames(string fixture, IReadOnlyList<string> inputs, IReadOnlyList<string> outputPaths, string scratch)
    {
        var wrapper = Path.Combine(scratch, "wrapper");
        Directory.CreateDirectory(wrapper);
        var lines = new List<string> { "{", $"  inputs.target.url = \"path:{fixture}\";" };
        foreach (var input in inputs)
        {
            lines.Add($"  inputs.{input}.url = \"path:{Path.Combine(FlakeTestSupport.FixturesRoot, "_inputs", input)}\";");
            lines.Add($"  inputs.target.inputs.{input}.follows = \"{input}\";");
        }
        lines.Add("  outputs = { self, target, ... }: {");
        lines.Add("    summary = {");
        foreach (var path in outputPaths)
        {
            var segments = path.Split('.');
            var test = string.Join(" && ", Enumerable.Range(1, segments.Length).Select(n => "target" + string.Concat(segments.Take(n - 1).Select(s => $".\"{s}\"")) + $" ? \"{segments[n - 1]}\""));
            var select = "target" + string.Concat(segments.Select(s => $".\"{s}\""));
            lines.Add($"      \"{path}\" = if {test} then builtins.attrNames {select} else null;");
        }
        lines.Add("    };");
        lines.Add("  };");
        lines.Add("}");
        File.WriteAllLines(Path.Combine(wrapper, "flake.nix"), lines);
        var outcome = Run(Nix!, [
            "eval", "--extra-experimental-features", "nix-command flakes", "--store", SharedStore,
            "--json", $"path:{wrapper}#summary", "--no-write-lock-file",
        ]);
        if (outcome.Exit != 0) throw new InvalidOperationException($"nix eval failed for {fixture}:\n{outcome.Stderr}");
        using var doc = JsonDocument.Parse(outcome.Stdout);
        var result = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
            result[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.EnumerateArray().Select(e => e.GetString()!).ToList();
        return result;
    }
}

/// <summary>A fact that needs real Nix: skipped, saying why, when Nix is not installed.</summary>
public sealed class NixFactAttribute : FactAttribute
{
    public NixFactAttribute()
    {
        if (!NixOracle.Available) Skip = NixOracle.SkipReason;
    }
}

/// <summary>A theory that needs real Nix: skipped, saying why, when Nix is not installed.</summary>
public sealed class NixTheoryAttribute : TheoryAttribute
{
    public NixTheoryAttribute()
    {
        if (!NixOracle.Available) Skip = NixOracle.SkipReason;
    }
}
