using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Tests.Flake;

public sealed class SampleFlakeTests
{
    [Fact]
    public void Sample_flake_reads_fully()
    {
        var ws = FlakeTestSupport.Workspace(FlakeTestSupport.SampleRoot);
        var flake = ws.Flake("");
        Assert.Null(flake.Unreadable);
        var configs = flake.List("nixosConfigurations");
        Assert.True(configs.IsComplete, configs.Reason);
        Assert.Equal(["baremetal-qemu-control-plane", "baremetal-qemu-worker", "netboot-all-in-one", "netboot-control-plane", "node01", "node02", "node03", "single-node-quickstart", "ultracloud-iso"], configs.Names.Select(n => n.Name));
        foreach (var n in configs.Names) Console.WriteLine($"{n.Name} @ {n.Location}");
        var checks = flake.List("checks.x86_64-linux");
        Assert.True(checks.IsComplete, checks.Reason);
        foreach (var n in checks.Names) Console.WriteLine($"check {n.Name} @ {n.Location}");
        var node01 = flake.Configuration("node01");
        Assert.Null(node01.Unknown);
        Assert.Empty(node01.OpenParts);
        Assert.Equal(["chainfire", "deployer", "flaredb", "iam", "nix-agent"], node01.EnabledComponents);
        foreach (var i in node01.Imports) Console.WriteLine($"import {i}");
        var refs = flake.References("checks.x86_64-linux.canonical-profile-eval-guards");
        foreach (var r in refs.References) Console.WriteLine($"ref {r.OutputPath} @ {r.Location}");
        foreach (var u in refs.Unknowns) Console.WriteLine($"unknown {u}");
        Assert.Empty(refs.Unknowns);
        var iso = flake.Configuration("ultracloud-iso");
        Assert.Empty(iso.OpenParts);
        foreach (var s in iso.Services.Values) Console.WriteLine($"iso {s}");
        Assert.Empty(ws.EvaluationDiagnostics);
    }
}
