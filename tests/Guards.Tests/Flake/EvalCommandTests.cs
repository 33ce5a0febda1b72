using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Rules.Flake;
using UltraCloud.Guards.Tests.Support;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>`uc-guards eval` against a fixture flake where exactly one entrypoint fails to evaluate.</summary>
[Trait("Category", "Slow")]
public sealed class EvalCommandTests
{
    /// <summary>The eval fixture copied outside any git repository (Nix then reads it as a path flake).</summary>
    private static TestTree CopyFixture()
    {
        var tree = new TestTree();
        var source = FlakeTestSupport.Fixture("eval-canonical");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            tree.Write(Path.GetRelativePath(source, file), File.ReadAllText(file));
        return tree;
    }

    private static string[] NixArgs(string root, string logs) =>
    [
        "eval", root, "--jobs", "4", "--logs", logs,
        "--override-input", $"nixpkgs=path:{Path.Combine(FlakeTestSupport.FixturesRoot, "_inputs", "nixpkgs")}",
        "--store", NixOracle.SharedStore, "--nix-option", "substituters=",
        // Builds run as the calling user: a machine with Debian's nix-bin alone has no nixbld group.
        "--nix-option", "build-users-group=",
    ];

    [Fact]
    public void The_plan_forces_each_entrypoint_the_way_the_testing_document_does()
    {
        var policy = Engine.Session.GuardsSession.LoadPolicy(Repo.SampleTree, null, null);
        var surface = new ProfileSurface(FlakeTestSupport.Workspace(Repo.SampleTree), CanonicalPolicy.Of(policy));
        var plan = EvalPlan.Create(surface, build: true);
        var evaluate = plan.Where(t => t.Action == EvalAction.Evaluate).Select(t => t.Reference).ToList();
        Assert.Equal(14, evaluate.Count);
        Assert.Contains(".#apps.x86_64-linux.single-node-quickstart.program", evaluate);
        Assert.Contains(".#packages.x86_64-linux.single-node-trial-vm.drvPath", evaluate);
        Assert.Contains(".#nixosConfigurations.node02.config.system.build.toplevel.drvPath", evaluate);
        Assert.Contains(".#checks.x86_64-linux.baremetal-iso-e2e.drvPath", evaluate);
        Assert.Contains("./nix/test-cluster#apps.x86_64-linux.cluster.program", evaluate);
        Assert.Equal("nix eval --no-eval-cache .#nixosConfigurations.node01.config.system.build.toplevel.drvPath --raw",
            plan.First(t => t.Name == "nixosConfigurations.node01").Display);
        // The build-guard set: what canonical-profile-build-guards covers (eval-build in the policy).
        Assert.Equal(
        [
            ".#packages.x86_64-linux.single-node-trial-vm", ".#nixosConfigurations.node01.config.system.build.toplevel",
            ".#nixosConfigurations.node02.config.system.build.toplevel", ".#nixosConfigurations.node03.config.system.build.toplevel",
            ".#nixosConfigurations.netboot-control-plane.config.system.build.toplevel", ".#nixosConfigurations.ultracloud-iso.config.system.build.toplevel",
            ".#nixosConfigurations.baremetal-qemu-control-plane.config.system.build.toplevel", ".#nixosConfigurations.baremetal-qemu-worker.config.system.build.toplevel",
        ], plan.Where(t => t.Action == EvalAction.Build).Select(t => t.Reference));
    }

    [Fact]
    public void Without_nix_it_says_so_and_exits_2()
    {
        var result = CliRunner.InProcess("eval", Repo.SampleTree, "--nix", "/nonexistent/bin/nix");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/bin/nix does not exist", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [NixFact]
    public void One_entrypoint_that_fails_to_evaluate_fails_the_run()
    {
        using var tree = CopyFixture();
        using var logs = new TestTree();
        var result = CliRunner.InProcess(NixArgs(tree.Root, logs.Root));
        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        var lines = result.Stdout.Split('\n');
        Assert.Single(lines, l => l.Contains("] FAILED nixosConfigurations.node02 (", StringComparison.Ordinal));
        Assert.Equal(13, lines.Count(l => l.Contains("] ok     ", StringComparison.Ordinal)));
        var summary = Assert.Single(lines, l => l.StartsWith("nixosConfigurations.node02 ", StringComparison.Ordinal));
        Assert.Contains("failed", summary);
        Assert.Contains("node02: this module does not evaluate", summary);
        Assert.Contains(lines, l => l.StartsWith("nixosConfigurations.node01 ", StringComparison.Ordinal) && l.Contains("-nixos-system.drv", StringComparison.Ordinal));
        Assert.Contains($"13 passed, 1 failed; logs in {logs.Root}", result.Stdout);
        var log = File.ReadAllText(Path.Combine(logs.Root, "eval-nixosConfigurations.node02.config.system.build.toplevel.drvPath.log"));
        Assert.Contains("--no-eval-cache", log);
        Assert.Contains("node02: this module does not evaluate", log);
        Assert.Equal(14, Directory.GetFiles(logs.Root, "*.log").Length);
        // Nothing is written into the evaluated tree (no lock file).
        Assert.False(File.Exists(Path.Combine(tree.Root, "flake.lock")));
    }

    [NixFact]
    public void Build_realises_the_build_guard_set()
    {
        using var tree = CopyFixture();
        using var logs = new TestTree();
        var result = CliRunner.InProcess([.. NixArgs(tree.Root, logs.Root), "--build"]);
        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        Assert.Contains("20 passed, 2 failed", result.Stdout);
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("] ok     nixosConfigurations.node01 (build)", StringComparison.Ordinal));
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("] FAILED nixosConfigurations.node02 (build)", StringComparison.Ordinal));
    }
}
