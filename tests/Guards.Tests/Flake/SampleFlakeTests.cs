using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>The sample checkout's flake reads fully, and the flake guards report exactly its deliberate violations.</summary>
public sealed class SampleFlakeTests
{
    [Fact]
    public void Sample_flake_reads_fully()
    {
        var workspace = FlakeTestSupport.Workspace(Repo.SampleTree);
        var flake = workspace.Flake("");
        Assert.Null(flake.Unreadable);
        var configurations = flake.List("nixosConfigurations");
        Assert.True(configurations.IsComplete, configurations.Reason);
        Assert.Equal(
            ["baremetal-qemu-control-plane", "baremetal-qemu-worker", "netboot-all-in-one", "netboot-control-plane", "netboot-worker", "node01", "node02", "node03", "single-node-quickstart", "ultracloud-iso"],
            configurations.Names.Select(n => n.Name));
        // genAttrs names are located at their list element.
        Assert.Equal("flake.nix:16:33", configurations.Names.Single(n => n.Name == "node02").Location!.ToString());

        Assert.Equal(["default", "single-node-trial-vm"], flake.List("packages.x86_64-linux").Names.Select(n => n.Name));
        Assert.Equal(["single-node-quickstart", "single-node-trial"], flake.List("apps.x86_64-linux").Names.Select(n => n.Name));
        var checks = flake.List("checks.x86_64-linux");
        Assert.True(checks.IsComplete, checks.Reason);
        Assert.Equal(9, checks.Names.Count);

        foreach (var name in configurations.Names.Select(n => n.Name))
        {
            var model = flake.Configuration(name);
            Assert.Null(model.Unknown);
            Assert.Empty(model.OpenParts);
            Assert.DoesNotContain(model.Services.Values, s => s.State == ComponentState.Unknown);
        }
        Assert.Equal(["chainfire", "deployer", "flaredb", "iam", "nix-agent"], flake.Configuration("node01").EnabledComponents);
        Assert.Equal(["chainfire", "flaredb", "fleet-scheduler", "iam"], flake.Configuration("node02").EnabledComponents);
        Assert.Equal(ComponentState.Disabled, flake.Configuration("node02").Component("nix-agent").State);
        Assert.Equal(["chainfire", "flaredb", "iam", "plasmavmc", "prismnet"], flake.Configuration("single-node-quickstart").EnabledComponents);
        Assert.Contains(flake.Configuration("netboot-all-in-one").Imports, i => i.Kind == ModuleImportKind.External);

        var references = flake.References("checks.x86_64-linux.canonical-profile-eval-guards");
        Assert.Empty(references.Unknowns);
        Assert.Equal(
        [
            "apps.x86_64-linux.single-node-quickstart", "apps.x86_64-linux.single-node-trial", "checks.x86_64-linux.baremetal-iso-e2e",
            "nixosConfigurations.baremetal-qemu-control-plane", "nixosConfigurations.baremetal-qemu-worker", "nixosConfigurations.netboot-all-in-one",
            "nixosConfigurations.netboot-control-plane", "nixosConfigurations.node01", "nixosConfigurations.node02", "nixosConfigurations.node03",
            "nixosConfigurations.single-node-quickstart", "nixosConfigurations.ultracloud-iso",
            // packages.default is the same value as single-node-trial-vm.
            "packages.x86_64-linux.default", "packages.x86_64-linux.single-node-trial-vm",
        ], references.References.Select(r => r.OutputPath).Order(StringComparer.Ordinal));
        // A name handed to a helper is located where the check spells it.
        Assert.Equal("nix/checks/canonical-profile-eval-guards.nix:8:5",
            references.References.Single(r => r.OutputPath == "nixosConfigurations.node02").Location!.ToString());

        var harness = workspace.Flake("nix/test-cluster");
        Assert.Equal(["cluster", "hardware-smoke"], harness.List("apps.x86_64-linux").Names.Select(n => n.Name));
        Assert.Empty(workspace.EvaluationDiagnostics);
    }

    [Fact]
    public void Flake_guards_report_the_sample_violations_and_nothing_else()
    {
        var result = GuardsEngine.Scan(new ScanOptions { Path = Repo.SampleTree, Rules = ["UCG1005", "UCG2001", "UCG2002", "UCG2003", "UCG2006", "UCG2007"] });
        var findings = result.Findings
            .Where(f => f.RuleId is "UCG1005" or "UCG0003" or "UCG0001" || f.RuleId.StartsWith("UCG2", StringComparison.Ordinal))
            .Where(f => !f.Path.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToList();
        Assert.Equal(
        [
            ("UCG1005", "flake.nix", 35, 9),
            ("UCG2002", "nix/nodes/node02.nix", 8, 3),
        ], findings);
    }
}
