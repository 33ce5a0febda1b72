using System.Text.Json;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>
/// Fixture flakes written in varied styles, each with the exact output names it must read to
/// (expected.json). The static reader is held to them, and real Nix (when installed) is held to
/// the same names: the reader and Nix agree wherever the reader says it knows.
/// </summary>
public sealed class FlakeFixtureTests
{
    public sealed record Expectation(IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, List<string>> Outputs, IReadOnlyDictionary<string, (List<string> Known, string Reason)> Unknown);

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(FlakeTestSupport.FixturesRoot).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(dir, "expected.json"))) data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    /// <summary>The output paths every fixture is asked about, besides the ones its expectation names.</summary>
    private static readonly string[] Standard = ["nixosConfigurations", "packages.x86_64-linux", "apps.x86_64-linux", "checks.x86_64-linux"];

    public static Expectation Load(string fixture)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FlakeTestSupport.Fixture(fixture), "expected.json")));
        var root = doc.RootElement;
        var inputs = root.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!).ToList();
        var outputs = root.GetProperty("outputs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToList());
        var unknown = new Dictionary<string, (List<string>, string)>();
        if (root.TryGetProperty("unknown", out var u))
        {
            foreach (var p in u.EnumerateObject())
                unknown[p.Name] = (p.Value.GetProperty("known").EnumerateArray().Select(e => e.GetString()!).ToList(), p.Value.GetProperty("reason").GetString()!);
        }
        return new Expectation(inputs, outputs, unknown);
    }

    private static IReadOnlyList<string> Paths(Expectation e) => Standard.Concat(e.Outputs.Keys).Concat(e.Unknown.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Static_reader_reads_the_expected_names(string fixture)
    {
        var expected = Load(fixture);
        var workspace = FlakeTestSupport.Workspace(FlakeTestSupport.Fixture(fixture));
        var flake = workspace.Flake("");
        Assert.Null(flake.Unreadable);
        foreach (var path in Paths(expected))
        {
            var listing = flake.List(path);
            if (expected.Outputs.TryGetValue(path, out var names))
            {
                Assert.True(listing.IsComplete, $"{fixture}: {path} should be fully known, reader says: {listing.Reason}");
                Assert.Equal(names, listing.Names.Select(n => n.Name).ToList());
                Assert.All(listing.Names, n => Assert.NotNull(n.Location));
            }
            else if (expected.Unknown.TryGetValue(path, out var unknown))
            {
                Assert.False(listing.IsComplete, $"{fixture}: {path} should be unknown");
                Assert.Equal(unknown.Known, listing.Names.Select(n => n.Name).ToList());
                var reasons = listing.Open.Select(o => o.Reason).Append(listing.Reason ?? "").ToList();
                Assert.True(reasons.Any(r => r.Contains(unknown.Reason, StringComparison.Ordinal)), $"{fixture}: {path}: expected the reason '{unknown.Reason}', got: {string.Join(" | ", reasons)}");
            }
            else
            {
                Assert.True(listing.Status == LookupStatus.Missing, $"{fixture}: {path} should not exist, reader says {listing.Status}: {listing.Reason}");
            }
        }
        Assert.Empty(workspace.EvaluationDiagnostics);
    }

    [NixTheory]
    [MemberData(nameof(Fixtures))]
    public void Real_nix_agrees_with_the_static_reader(string fixture)
    {
        var expected = Load(fixture);
        using var scratch = new TestTree();
        var paths = Paths(expected);
        var actual = NixOracle.AttrNames(FlakeTestSupport.Fixture(fixture), expected.Inputs, paths, scratch.Root);
        var flake = FlakeTestSupport.Workspace(FlakeTestSupport.Fixture(fixture)).Flake("");
        foreach (var path in paths)
        {
            var nix = actual[path];
            var listing = flake.List(path);
            if (expected.Unknown.TryGetValue(path, out var unknown))
            {
                // Where the reader says unknown (and why), what it does know must be what Nix finds.
                Assert.NotNull(nix);
                Assert.False(listing.IsComplete);
                Assert.All(listing.Names, n => Assert.Contains(n.Name, nix!));
                continue;
            }
            if (nix is null)
            {
                Assert.Equal(LookupStatus.Missing, listing.Status);
                Assert.False(expected.Outputs.ContainsKey(path), $"{fixture}: Nix finds no {path}, but expected.json lists it");
                continue;
            }
            Assert.True(listing.IsComplete, $"{fixture}: {path}: Nix finds [{string.Join(", ", nix)}], the reader says unknown: {listing.Reason}");
            Assert.Equal(nix, listing.Names.Select(n => n.Name).ToList());
            if (expected.Outputs.TryGetValue(path, out var names)) Assert.Equal(names, nix);
        }
    }
}
