using System.Text.Json;
using Snapshooter.Xunit;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Rules.Flake;
using UltraCloud.Guards.Tests.Support;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>The product-surface manifest: its JSON is stable and matches docs/surface.md; the command prints it.</summary>
public sealed class SurfaceManifestTests
{
    private static SurfaceManifest SampleManifest(int jobs = 0) =>
        SurfaceManifest.Build(GuardsEngine.Scan(new ScanOptions { Path = Repo.SampleTree, Jobs = jobs }));

    [Fact]
    public void Json_manifest_of_the_sample_tree() => Snapshot.Match(SampleManifest().ToJson("0.1.0"));

    [Fact]
    public void Markdown_manifest_of_the_sample_tree() => Snapshot.Match(SampleManifest().ToMarkdown());

    [Fact]
    public void The_manifest_is_byte_identical_at_any_parallelism()
    {
        var one = SampleManifest(jobs: 1).ToJson();
        Assert.Equal(one, SampleManifest(jobs: 8).ToJson());
    }

    [Fact]
    public void The_manifest_says_what_the_sample_exposes()
    {
        using var doc = JsonDocument.Parse(SampleManifest().ToJson());
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        var ha = root.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "3-node HA control plane");
        Assert.All(ha.GetProperty("entrypoints").EnumerateArray(), e => Assert.Equal("found", e.GetProperty("status").GetString()));
        var node02 = ha.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "node02");
        Assert.Equal(["nix-agent"], node02.GetProperty("missingRequired").EnumerateArray().Select(e => e.GetString()));
        var netbootWorker = root.GetProperty("archivedHelpers").EnumerateArray().Single(h => h.GetProperty("name").GetString() == "netboot-worker");
        var seen = netbootWorker.GetProperty("seen").EnumerateArray().Single();
        Assert.Equal("flake-output", seen.GetProperty("kind").GetString());
        Assert.Equal(35, seen.GetProperty("location").GetProperty("line").GetInt32());
        Assert.Equal(1, root.GetProperty("findings").GetProperty("byRule").GetProperty("UCG2002").GetInt32());
    }

    [Fact]
    public void A_missing_and_an_undecided_entrypoint_are_listed_with_their_place()
    {
        using var tree = new TestTree(("uc-guards.yaml", "version: 1\n"), ("flake.nix", """
            {
              outputs = { self, nixpkgs }: {
                nixosConfigurations = { node01 = nixpkgs.lib.nixosSystem { modules = [ ]; }; } // nixpkgs.lib.others;
                packages.x86_64-linux = { };
              };
            }
            """));
        var manifest = SurfaceManifest.Build(tree.Scan());
        var entrypoints = manifest.Profiles.SelectMany(p => p.Entrypoints).ToDictionary(e => e.Entrypoint);
        Assert.Equal("found", entrypoints["nixosConfigurations.node01"].Status);
        Assert.Equal("unknown", entrypoints["nixosConfigurations.node02"].Status);
        Assert.Contains("nixpkgs.lib.others", entrypoints["nixosConfigurations.node02"].Reason);
        var build = entrypoints["nix build .#single-node-trial-vm"];
        Assert.Equal("missing", build.Status);
        Assert.Equal("flake.nix:4:14", build.Location!.ToString());
        Assert.Equal("missing", entrypoints["nix run ./nix/test-cluster#cluster -- baremetal-iso"].Status);
    }

    [Fact]
    public void Surface_command_prints_json_and_markdown()
    {
        var json = CliRunner.InProcess("surface", Repo.SampleTree);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(SampleManifest().ToJson("0.1.0"), json.Stdout);
        var markdown = CliRunner.InProcess("surface", Repo.SampleTree, "--format", "markdown");
        Assert.Equal(0, markdown.ExitCode);
        Assert.StartsWith("# Product surface", markdown.Stdout);
        Assert.Equal(2, CliRunner.InProcess("surface", Repo.SampleTree, "--format", "xml").ExitCode);
    }
}
