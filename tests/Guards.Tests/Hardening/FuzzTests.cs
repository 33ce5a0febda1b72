using System.Diagnostics;
using System.Text;
using CsCheck;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Property tests over random and mutated inputs for each frontend (Rust, Nix, Markdown, shell)
/// and for the configuration reader: no exception (no internal error), no hang (each input within
/// a bound), and every finding inside its file. The inputs that ever broke one are kept in
/// tests/fuzz/regressions/ and replayed by <see cref="Every_kept_regression_input_scans_cleanly"/>.
/// Set UCG_FUZZ_SECONDS for a longer run (tests/fuzz/README.md records the runs).
/// </summary>
[Trait("Category", "Slow")]
public sealed class FuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static int s_executions;

    /// <summary>
    /// A frontend under fuzz: where its file sits (in a scope its rules read), the inputs mutated
    /// from, tokens of its own for the mutations, and files scanned beside it.
    /// </summary>
    public sealed record Target(string Name, string Path, string[] Seeds, string[]? Tokens = null, (string Path, string Text)[]? Companions = null);

    private static readonly GuardsPolicy s_policy = FuzzPolicy();

    /// <summary>The shipped policy plus the probe, with every .nix file parsed (UCG0001 nix-files: all), so each Nix input reaches the parser.</summary>
    private static GuardsPolicy FuzzPolicy()
    {
        var config = Path.Combine(Path.GetTempPath(), $"uc-guards-fuzz-{Environment.ProcessId}.yaml");
        File.WriteAllText(config, "version: 1\nrules:\n  UCG0001:\n    options:\n      nix-files: all\n");
        try { return Probe.Policy(config); }
        finally { File.Delete(config); }
    }

    private static string[] SampleFiles(string extension) =>
        Directory.EnumerateFiles(Repo.SampleTree, "*" + extension, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    /// <summary>The sample's Nix files but its root flake, for the flake target to import.</summary>
    private static (string Path, string Text)[] SampleModules() =>
        Directory.EnumerateFiles(Repo.SampleTree, "*.nix", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Repo.SampleTree, f).Replace('\\', '/'), File.ReadAllText(f)))
            .Where(f => f.Item1 != "flake.nix").ToArray();

    public static readonly Target[] Targets =
    [
        new("rust", "fiberlb/crates/fiberlb-server/src/fuzz.rs",
        [
            .. SampleFiles(".rs"),
            "fn a() { todo!() } // TODO: x\n#[cfg(test)] mod t { fn b() { unimplemented!() } }\n",
            "fn s() -> Result<(), Status> { Err(tonic::Status::unimplemented(\"x\")) } /* best-effort */ r#\"raw\"# 'c' b'x'\n",
        ]),
        new("nix", "nix/test-cluster/fuzz.nix",
        [
            .. SampleFiles(".nix"),
            "{ lib, ... }: let x = \"TODO\"; in { services.a.enable = lib.mkDefault true; y = ''\n  coming soon ${x}\n''; } # FIXME\n",
        ]),
        // The static reader: a mutated root flake, evaluated by every flake rule with the sample's modules beside it.
        new("flake", "flake.nix",
        [
            File.ReadAllText(Path.Combine(Repo.SampleTree, "flake.nix")),
            "{ outputs = { self, nixpkgs }: let lib = nixpkgs.lib; n = 3; in { nixosConfigurations = lib.genAttrs (builtins.genList (i: \"node0${toString (i + 1)}\") n) (name: lib.nixosSystem { modules = [ ./nix/modules ./nix/nodes/${name}.nix ]; }); packages.x86_64-linux = builtins.listToAttrs (map (x: { name = \"p${toString x}\"; value = x * 2 / 1 - 1; }) (lib.range 1 4)); checks.x86_64-linux = lib.foldl' (a: b: a // b) { } [ { x = 1; } { y = builtins.substring 0 2 \"abc\"; } ]; }; }\n",
            "{ outputs = { self, ... }: rec { f = { __functor = s: x: x; }; packages.x86_64-linux = { a = f 1; b = builtins.elemAt [ 1 2 ] 1; c = builtins.sort (a: b: a < b) [ 3 1 2 ]; d = builtins.concatStringsSep \"-\" [ \"a\" \"b\" ]; e = builtins.replaceStrings [ \"a\" ] [ \"bb\" ] \"aaa\"; }; }; }\n",
        ],
        ["-", "-1", "9223372036854775807", "(-9223372036854775807 - 1)", " / -1", " * 9223372036854775807", "builtins.genList (x: x) ", "lib.range 0 ",
         "s = s + s;", "__functor = self: self;", "builtins.elemAt [ ] ", "builtins.substring (-1) ", "lib.mkOverride (-5) ", "builtins.fromJSON \"[[[[1]]]]\"",
         "self.nixosConfigurations.", "import ./nix/nodes/", "lib.mkIf ", "builtins.sort (a: b: true) ", "x: x", "rec {", "//", "++"],
        SampleModules()),
        new("markdown", "docs/fuzz.md",
        [
            .. SampleFiles(".md"),
            "# T\n\n> TODO quote\n\n- [ ] WIP item\n  - nested `TODO`\n\n| a | b |\n|---|---|\n| TODO | <!-- x --> |\n\n```sh\nTODO\n```\n[link](TODO) <span>coming soon</span>\n",
        ]),
        new("shell", "nix/test-cluster/fuzz.sh",
        [
            .. SampleFiles(".sh"),
            "#!/usr/bin/env bash\nset -euo pipefail\n# TODO: x\necho \"not yet implemented $(date)\" <<EOF\nWIP\nEOF\ncase $1 in a) x;; esac\n",
        ]),
    ];

    private static readonly string[] Dictionary =
    [
        "{", "}", "(", ")", "[", "]", "\"", "'", "''", "${", "#", "//", "/*", "*/", "<!--", "-->", "\n", "\r", "\r\n", "\0", "\t", "\\",
        "r#\"", "\"#", "todo!()", "unimplemented!(", "#[cfg(test)]", "#[test]", "mod t {", "Status::unimplemented(", "TODO:", "FIXME", "best-effort",
        "let ", " in ", "rec {", "inherit ", "import ./", "with lib;", "services.x.enable = true;", "imports = [",
        "> ", "- ", "1. ", "| a |", "|---|", "```", "`", "**", "_", "[x](", "<div>", "# ", "---\n",
        "$(", "`", "<<EOF\n", "EOF\n", "case ", " esac", "if [ ", " fi", "function f {", "uc-guards: allow(UCG1001) ", "uc-guards: allow(", "\uFEFF", "\u202E", "é", "😀", "\uFFFD",
    ];

    /// <summary>A seed mutated by a few byte-level and token-level edits chosen by <paramref name="choices"/>.</summary>
    private static byte[] Mutate(string seed, int[] choices, byte[] noise, string[]? tokens = null)
    {
        string[] dictionary = tokens is null ? Dictionary : [.. Dictionary, .. tokens];
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(seed));
        var n = 0;
        int Next(int bound) => bound <= 0 ? 0 : (int)((uint)choices[n++ % choices.Length] % (uint)bound);
        for (var edit = 0; edit < choices.Length / 3; edit++)
        {
            var at = Next(bytes.Count + 1);
            switch (Next(7))
            {
                case 0: bytes.InsertRange(at, Encoding.UTF8.GetBytes(dictionary[Next(dictionary.Length)])); break;
                case 1: if (bytes.Count > 0) bytes.RemoveRange(Math.Min(at, bytes.Count - 1), Math.Min(Next(64) + 1, bytes.Count - Math.Min(at, bytes.Count - 1))); break;
                case 2: if (at < bytes.Count) bytes[at] ^= (byte)(1 << Next(8)); break;
                case 3: bytes.InsertRange(at, noise); break;
                case 4:
                    var start = Next(bytes.Count);
                    var length = Math.Min(Next(256), bytes.Count - start);
                    if (length > 0) bytes.InsertRange(at, bytes.GetRange(start, length));
                    break;
                case 5:
                    var token = Encoding.UTF8.GetBytes(dictionary[Next(dictionary.Length)]);
                    for (var r = Next(200); r > 0; r--) bytes.InsertRange(at, token);
                    break;
                default: if (bytes.Count > 0) bytes.RemoveRange(0, Math.Min(Next(bytes.Count) + 1, bytes.Count)); break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>One input through the whole engine: no internal error, bounded time, findings inside the file.</summary>
    internal static void ScanOnce(string path, byte[] content, GuardsPolicy policy, (string Path, string Text)[]? companions = null)
    {
        Interlocked.Increment(ref s_executions);
        var tree = new InMemoryTree().Add(path, content);
        foreach (var (companion, text) in companions ?? []) tree.Add(companion, Encoding.UTF8.GetBytes(text));
        var clock = Stopwatch.StartNew();
        var result = Hostile.Within(20, () => GuardsEngine.Scan(new ScanOptions { Path = ".", Tree = tree, Policy = policy, Catalog = Probe.Catalog, Jobs = 1 }));
        Assert.True(result.InternalErrors.Count == 0, string.Join("\n", result.InternalErrors));
        Hostile.AssertHonest(result, p => tree.Read(p, out _));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{path} took {clock.Elapsed}");
    }

    private static double Seconds(double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable("UCG_FUZZ_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : fallback;

    public static TheoryData<string> TargetNames => new(Targets.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Mutated_inputs_never_crash_hang_or_misplace_a_finding(string name)
    {
        var target = Targets.Single(t => t.Name == name);
        Interlocked.Exchange(ref s_executions, 0);
        Gen.Select(Gen.Int[0, target.Seeds.Length - 1], Gen.Int.Array[3, 24], Gen.Byte.Array[0, 24])
            .Sample((Action<(int Seed, int[] Choices, byte[] Noise)>)(t => ScanOnce(target.Path, Mutate(target.Seeds[t.Seed], t.Choices, t.Noise, target.Tokens), s_policy, target.Companions)),
                iter: 60, time: (int)Seconds(-1), threads: 1);
        output.WriteLine($"fuzz {name} mutated: {Interlocked.Exchange(ref s_executions, 0)} executions");
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Random_bytes_never_crash_hang_or_misplace_a_finding(string name)
    {
        var target = Targets.Single(t => t.Name == name);
        Interlocked.Exchange(ref s_executions, 0);
        Gen.OneOf(Gen.Byte.Array[0, 512], Gen.String[Gen.Char, 0, 512].Select(s => Encoding.UTF8.GetBytes(s)),
                Gen.String[Gen.Char["{}()[]\"'#/*\n\r\\$`<>!-|: az"], 0, 2048].Select(s => Encoding.UTF8.GetBytes(s)))
            .Sample((Action<byte[]>)(bytes => ScanOnce(target.Path, bytes, s_policy, target.Companions)), iter: 40, time: (int)Seconds(-1), threads: 1);
        output.WriteLine($"fuzz {name} random: {Interlocked.Exchange(ref s_executions, 0)} executions");
    }

    /// <summary>The configuration reader over mutated configuration files: a policy or a PolicyException, nothing else.</summary>
    [Fact]
    public void Mutated_configuration_files_load_or_fail_with_a_located_policy_error()
    {
        var seeds = new[]
        {
            File.ReadAllText(Path.Combine(Repo.SampleTree, "uc-guards.yaml")),
            "version: 1\nrules:\n  UCG1003:\n    severity: warning\n    add-scopes: [mine]\n    options:\n      markers:\n        - pattern: 'TODO:'\n          case: sensitive\nscopes:\n  mine:\n    include: [\"a/**\", \"{b,c}/*.md\"]\nwording:\n  add: [later]\n  allow: [not later]\nmax-file-size: 1MiB\nparse-budget: 2s\nignore: [\"x/**\"]\na: &a [1, 2]\nb: *a\n",
        };
        using var folder = new TempFolder();
        var file = folder["uc-guards.yaml"];
        var shipped = PolicyLoader.ShippedDocuments();
        Interlocked.Exchange(ref s_executions, 0);
        Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int.Array[3, 24], Gen.Byte.Array[0, 16])
            .Sample((Action<(int Seed, int[] Choices, byte[] Noise)>)(t =>
            {
                Interlocked.Increment(ref s_executions);
                File.WriteAllBytes(file, Mutate(seeds[t.Seed], t.Choices, t.Noise));
                try
                {
                    Hostile.Within(20, () => PolicyLoader.Load(shipped, file));
                }
                catch (PolicyException ex)
                {
                    Assert.False(string.IsNullOrWhiteSpace(ex.Reason));
                    Assert.Equal(file, ex.File);
                }
            }), iter: 300, time: (int)Seconds(-1), threads: 1);
        output.WriteLine($"fuzz config: {Interlocked.Exchange(ref s_executions, 0)} executions");
    }

    public static TheoryData<string> Regressions => new(
        Directory.Exists(RegressionFolder) ? Directory.EnumerateFiles(RegressionFolder).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray() : []);

    private static string RegressionFolder => Path.Combine(Repo.Root, "tests", "fuzz", "regressions");

    /// <summary>Every input that once crashed or hung a frontend, scanned where that frontend reads it.</summary>
    [Theory]
    [MemberData(nameof(Regressions))]
    public void Every_kept_regression_input_scans_cleanly(string file)
    {
        var target = Targets.Single(t => t.Name == file.Split('-')[0]);
        ScanOnce(target.Path, File.ReadAllBytes(Path.Combine(RegressionFolder, file)), s_policy, target.Companions);
    }
}
