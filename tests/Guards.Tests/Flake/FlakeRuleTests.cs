using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>The flake guards on small trees: the exact findings (rule, path, line, column), firing and not.</summary>
public sealed class FlakeRuleTests
{
    private static readonly string[] FlakeRules = ["UCG1005", "UCG2001", "UCG2002", "UCG2003", "UCG2006", "UCG2007"];

    /// <summary>A root flake exposing every canonical entrypoint; node modules live in nix/nodes/NAME.nix.</summary>
    private const string CompleteFlake = """
        {
          outputs = { self, nixpkgs }:
            let
              lib = nixpkgs.lib;
              pkgs = nixpkgs.legacyPackages.x86_64-linux;
              node = name: lib.nixosSystem { modules = [ ./nix/modules ./nix/nodes/${name}.nix ]; };
              toplevel = name: self.nixosConfigurations.${name}.config.system.build.toplevel;
              configurations = [
                "single-node-quickstart" "netboot-all-in-one" "node01" "node02" "node03" "netboot-control-plane"
                "ultracloud-iso" "baremetal-qemu-control-plane" "baremetal-qemu-worker"
              ];
            in
            {
              nixosConfigurations = lib.genAttrs configurations node;
              packages.x86_64-linux.single-node-trial-vm = self.nixosConfigurations.single-node-quickstart.config.system.build.vm;
              apps.x86_64-linux = rec {
                single-node-quickstart = { type = "app"; program = "${self.packages.x86_64-linux.single-node-trial-vm}/bin/run"; };
                single-node-trial = single-node-quickstart;
              };
              checks.x86_64-linux = rec {
                baremetal-iso-e2e = pkgs.hello;
                canonical-profile-eval-guards = pkgs.writeText "eval" (builtins.toJSON ((map (n: (toplevel n).drvPath) configurations) ++ [
                  self.apps.x86_64-linux.single-node-quickstart.program self.packages.x86_64-linux.single-node-trial-vm baremetal-iso-e2e
                ]));
                canonical-profile-build-guards = pkgs.linkFarmFromDrvs "build" ([ self.packages.x86_64-linux.single-node-trial-vm ]
                  ++ map toplevel [ "node01" "node02" "node03" "netboot-control-plane" "ultracloud-iso" "baremetal-qemu-control-plane" "baremetal-qemu-worker" ]);
                supported-surface-guard = pkgs.hello;
                deployer-bootstrap-e2e = pkgs.hello;
                host-lifecycle-e2e = pkgs.hello;
                deployer-vm-smoke = pkgs.hello;
                fleet-scheduler-e2e = pkgs.hello;
                portable-control-plane-regressions = pkgs.linkFarmFromDrvs "portable" [
                  canonical-profile-eval-guards deployer-bootstrap-e2e host-lifecycle-e2e deployer-vm-smoke fleet-scheduler-e2e supported-surface-guard
                ];
              };
            };
        }
        """;

    private const string Harness = """
        { outputs = { self }: { apps.x86_64-linux.cluster = { type = "app"; program = "${./run-cluster.sh}"; }; }; }
        """;

    /// <summary>A tree that passes every flake guard; callers replace or add files.</summary>
    private static TestTree CleanTree(params (string Path, string Content)[] changes)
    {
        var tree = new TestTree(("uc-guards.yaml", "version: 1\n"), ("flake.nix", CompleteFlake), ("nix/test-cluster/flake.nix", Harness), ("nix/test-cluster/run-cluster.sh", "#!/bin/sh\n"),
            ("nix/modules/default.nix", "{ imports = [ ]; }\n"),
            ("nix/nodes/single-node-quickstart.nix", "{ services.chainfire.enable = true; services.flaredb.enable = true; services.iam.enable = true; services.plasmavmc.enable = true; services.prismnet.enable = true; }\n"),
            ("nix/nodes/netboot-all-in-one.nix", "{ imports = [ ./single-node-quickstart.nix ]; }\n"),
            ("nix/nodes/control-plane.nix", "{ services.chainfire.enable = true; services.flaredb.enable = true; services.iam.enable = true; services.nix-agent.enable = true; }\n"),
            ("nix/nodes/node01.nix", "{ imports = [ ./control-plane.nix ]; services.deployer.enable = true; }\n"),
            ("nix/nodes/node02.nix", "{ imports = [ ./control-plane.nix ]; }\n"),
            ("nix/nodes/node03.nix", "{ imports = [ ./control-plane.nix ]; }\n"),
            ("nix/nodes/netboot-control-plane.nix", "{ imports = [ ./control-plane.nix ]; }\n"),
            ("nix/nodes/ultracloud-iso.nix", "{ services.first-boot-automation.enable = true; services.install-target.enable = true; }\n"),
            ("nix/nodes/baremetal-qemu-control-plane.nix", "{ services.deployer.enable = true; services.nix-agent.enable = true; }\n"),
            ("nix/nodes/baremetal-qemu-worker.nix", "{ services.nix-agent.enable = true; }\n"));
        foreach (var (path, content) in changes) tree.Write(path, content);
        return tree;
    }

    [Fact]
    public void A_complete_tree_passes_every_flake_guard()
    {
        using var tree = CleanTree();
        Assert.Empty(tree.Findings(FlakeRules));
    }

    [Fact]
    public void A_tree_without_a_root_flake_is_not_checked()
    {
        using var tree = new TestTree(("uc-guards.yaml", "version: 1\n"), ("README.md", "# not a flake\n"));
        Assert.Empty(tree.Findings(FlakeRules));
    }

    [Fact]
    public void A_missing_harness_flake_misses_its_entrypoint_at_the_file()
    {
        using var tree = CleanTree();
        File.Delete(Path.Combine(tree.Root, "nix/test-cluster/flake.nix"));
        Assert.Equal([("UCG2001", "flake.nix", 1, 1)], tree.Findings(FlakeRules));
    }

    [Fact]
    public void An_entrypoint_the_reader_cannot_decide_is_UCG0003_not_UCG2001()
    {
        using var tree = CleanTree(("flake.nix", CompleteFlake.Replace(
            "nixosConfigurations = lib.genAttrs configurations node;",
            "nixosConfigurations = lib.genAttrs (lib.remove \"node02\" configurations) node // nixpkgs.lib.moreNodes;", StringComparison.Ordinal)));
        var findings = tree.Scan(FlakeRules).Active.Where(f => f.RuleId is "UCG2001" or "UCG0003").ToList();
        // One root cause (lib.remove is not computed), one finding naming the questions it leaves open.
        var finding = Assert.Single(findings);
        Assert.Equal("UCG0003", finding.RuleId);
        // The configurations' existence and the component questions that depend on it.
        Assert.Contains("; 32 questions depend on it: whether any of ultracloud-iso, baremetal-qemu-control-plane, baremetal-qemu-worker enables deployer; ", finding.Message, StringComparison.Ordinal);
        Assert.Contains("; whether flake.nix exposes nixosConfigurations.baremetal-qemu-worker (bare-metal bootstrap); ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropped_configuration_the_checks_still_name_is_UCG2001_and_leaves_the_other_questions_decided()
    {
        using var tree = CleanTree(("flake.nix", CompleteFlake.Replace(
            "nixosConfigurations = lib.genAttrs configurations node;",
            "nixosConfigurations = lib.genAttrs (builtins.filter (n: n != \"node03\") configurations) node;", StringComparison.Ordinal)));
        Assert.Equal([("UCG2001", "flake.nix", 14, 7)], tree.Findings(FlakeRules));
    }

    [Fact]
    public void One_root_cause_is_one_UCG0003_naming_the_questions_that_depend_on_it()
    {
        using var tree = CleanTree(("flake.nix", CompleteFlake.Replace(
            "nixosConfigurations = lib.genAttrs configurations node;",
            "nixosConfigurations = lib.genAttrs configurations node // nixpkgs.lib.moreNodes;", StringComparison.Ordinal)));
        var finding = Assert.Single(tree.Scan(FlakeRules).Active);
        Assert.Equal(("UCG0003", "flake.nix", 14, 29), (finding.RuleId, finding.Path, finding.Span.StartLine, finding.Span.StartColumn));
        Assert.StartsWith("not known statically: the names of `nixpkgs.lib.moreNodes` are outside the repository; ", finding.Message, StringComparison.Ordinal);
        // The right side of `//` may replace any configuration: every question depends on it.
        Assert.Contains("; 43 questions depend on it: whether any of ultracloud-iso, baremetal-qemu-control-plane, baremetal-qemu-worker enables deployer; ", finding.Message, StringComparison.Ordinal);
        Assert.EndsWith("; and 35 more", finding.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, (int Decided, int Undecided)> Questions(TestTree tree) =>
        tree.Scan(FlakeRules).Questions.ToDictionary(kv => kv.Key, kv => (kv.Value.Decided, kv.Value.Undecided));

    [Fact]
    public void A_complete_tree_decides_every_contract_question()
    {
        using var tree = CleanTree();
        Assert.Equal(new Dictionary<string, (int, int)>
        {
            // 14 canonical entrypoints; 22 required components on their nodes; 4 excluded ones; 3 aggregate checks and the 27 entrypoints or lanes they must cover.
            ["UCG2001"] = (14, 0), ["UCG2002"] = (22, 0), ["UCG2003"] = (4, 0), ["UCG2007"] = (30, 0),
        }, Questions(tree));
    }

    [Fact]
    public void An_undecidable_configuration_set_leaves_the_questions_that_depend_on_it_undecided()
    {
        using var tree = CleanTree(("flake.nix", CompleteFlake.Replace(
            "nixosConfigurations = lib.genAttrs configurations node;",
            "nixosConfigurations = lib.genAttrs configurations node // nixpkgs.lib.moreNodes;", StringComparison.Ordinal)));
        Assert.Equal(new Dictionary<string, (int, int)>
        {
            // `a // b` keeps every name of a: the entrypoints still exist, but any node may be replaced by b's.
            ["UCG2001"] = (14, 0), ["UCG2002"] = (0, 22), ["UCG2003"] = (0, 4), ["UCG2007"] = (10, 20),
        }, Questions(tree));
    }

    [Fact]
    public void A_tree_without_a_root_flake_asks_no_contract_question()
    {
        using var tree = new TestTree(("uc-guards.yaml", "version: 1\n"), ("README.md", "# not a flake\n"));
        Assert.Empty(Questions(tree));
    }

    [Fact]
    public void Required_on_any_node_fires_once_at_the_first_node()
    {
        using var tree = CleanTree(("nix/nodes/baremetal-qemu-control-plane.nix", "{ services.nix-agent.enable = true; }\n"));
        // ultracloud-iso is the first node of the bare-metal profile; its name is the genAttrs list element.
        Assert.Equal([("UCG2002", "flake.nix", 10, 9)], tree.Findings(FlakeRules));
    }

    [Fact]
    public void An_excluded_component_is_reported_where_a_shared_module_enables_it()
    {
        using var tree = CleanTree(
            ("nix/nodes/single-node-quickstart.nix", "{ imports = [ ./core.nix ./extras.nix ]; }\n"),
            ("nix/nodes/core.nix", "{ services.chainfire.enable = true; services.flaredb.enable = true; services.iam.enable = true; services.plasmavmc.enable = true; services.prismnet.enable = true; }\n"),
            ("nix/nodes/extras.nix", "{ lib, ... }:\n{\n  services.fleet-scheduler = lib.mkMerge [ { enable = lib.mkForce true; } ];\n  services.node-agent.enable = lib.mkIf false true;\n}\n"));
        // fleet-scheduler through mkMerge and mkForce; node-agent under mkIf false is not enabled.
        Assert.Equal([("UCG2003", "nix/nodes/extras.nix", 3, 46)], tree.Findings(FlakeRules));
    }

    [Fact]
    public void An_eval_guard_that_skips_a_node_is_reported_at_the_check()
    {
        using var tree = CleanTree(("flake.nix", CompleteFlake.Replace("(map (n: (toplevel n).drvPath) configurations)", "(map (n: (toplevel n).drvPath) (nixpkgs.lib.remove \"node03\" configurations))", StringComparison.Ordinal)));
        var findings = tree.Scan(FlakeRules).Active.Where(f => f.RuleId is "UCG2007" or "UCG0003").ToList();
        // lib.remove is not a function the reader computes: the coverage is undecided, not failed.
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("UCG0003", f.RuleId));

        using var literal = CleanTree(("flake.nix", CompleteFlake.Replace("(map (n: (toplevel n).drvPath) configurations)", "(map (n: (toplevel n).drvPath) (builtins.filter (n: n != \"node03\") configurations))", StringComparison.Ordinal)));
        var f2 = literal.Scan(FlakeRules).Active.Single();
        Assert.Equal(("UCG2007", "flake.nix", 22, 9), (f2.RuleId, f2.Path, f2.Span.StartLine, f2.Span.StartColumn));
        Assert.Equal("checks.x86_64-linux.canonical-profile-eval-guards does not cover nixosConfigurations.node03 (3-node HA control plane)", f2.Message);
    }

    [Fact]
    public void A_missing_aggregate_check_covers_nothing()
    {
        using var tree = CleanTree(("flake.nix", CompleteFlake.Replace("portable-control-plane-regressions = ", "portable-lane = ", StringComparison.Ordinal)));
        var finding = tree.Scan(FlakeRules).Active.Single();
        // At checks.x86_64-linux, where the check belongs.
        Assert.Equal(("UCG2007", "flake.nix", 20, 14), (finding.RuleId, finding.Path, finding.Span.StartLine, finding.Span.StartColumn));
        Assert.Equal("checks.x86_64-linux.portable-control-plane-regressions does not cover anything: the check does not exist", finding.Message);
    }

    [Fact]
    public void Archived_helpers_in_imports_check_references_and_cargo_members()
    {
        using var tree = CleanTree(
            ("nix/nodes/node03.nix", "{ imports = [ ./control-plane.nix\n  ../modules/k8shost-cni.nix ]; }\n"),
            ("nix/modules/k8shost-cni.nix", "{ }\n"),
            ("flake.nix", CompleteFlake.Replace("fleet-scheduler-e2e supported-surface-guard\n", "fleet-scheduler-e2e supported-surface-guard mvisor-smoke\n", StringComparison.Ordinal)
                .Replace("fleet-scheduler-e2e = pkgs.hello;", "fleet-scheduler-e2e = pkgs.hello;\n        mvisor-smoke = pkgs.hello;", StringComparison.Ordinal)),
            ("lightningstor/Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n"),
            ("lightningstor/crates/lightningstor-server/Cargo.toml", "[package]\nname = \"lightningstor-server\"\n"),
            ("lightningstor/crates/lightningstor-csi/Cargo.toml", "[package]\nname = \"lightningstor-csi\"\n"),
            ("chainfire/Cargo.toml", "[workspace]\nmembers = [\"crates/chainfire-server\", \"crates/mvisor\"]\ndefault-members = [\"crates/chainfire-server\"]\n"));
        var findings = tree.Scan(FlakeRules).Active.Where(f => f.RuleId == "UCG1005").Select(f => (f.Path, f.Span.StartLine, f.Span.StartColumn, f.Message)).ToList();
        Assert.Equal(
        [
            ("flake.nix", 32, 9, "archived helper `mvisor` re-enters the default product surface: the flake output checks.x86_64-linux.mvisor-smoke of flake.nix"),
            ("flake.nix", 34, 145, "archived helper `mvisor` re-enters the default product surface: checks.x86_64-linux.mvisor-smoke, referred to by the canonical check portable-control-plane-regressions"),
            ("lightningstor/Cargo.toml", 2, 12, "archived helper `lightningstor-csi` re-enters the default product surface: the workspace member crates/lightningstor-csi of lightningstor/Cargo.toml (no default-members: every member is built by default)"),
            ("nix/nodes/node03.nix", 2, 3, "archived helper `k8shost-cni` re-enters the default product surface: the module nix/modules/k8shost-cni.nix, imported by the 3-node HA control plane profile"),
        ], findings);
    }

    [Fact]
    public void Cluster_state_from_nix_nos_or_shell_literals_in_rollout_tests()
    {
        using var tree = new TestTree(
            ("uc-guards.yaml", "version: 1\n"),
            ("nix/test-cluster/rollout.nix", """
                { config, lib, nix-nos, ... }:
                let
                  inherit (nix-nos) topology;
                in
                {
                  nix-nos = {
                    interfaces.eth0.dhcp = true;
                    nodes.node01 = { };
                  };
                  nix-nos.staticRoutes = [ ];
                  imports = [ nix-nos.nixosModules.default ];
                  bgp = config.nix-nos.bgp.asn;
                }
                """),
            ("nix/test-cluster/rollout-soak.sh", """
                #!/usr/bin/env bash
                declare -A NODE_IPS=([node01]=10.0.0.1 [node02]=10.0.0.2)
                export CONTROL_PLANE_NODES="node01 node02"
                WORKER_NODES=$(jq -r '.workers[]' "$STATE")
                RETRIES=3
                """),
            ("nix/lib/cluster-schema.nix", "{ nix-nos }: nix-nos.cluster\n"));
        Assert.Equal(
        [
            ("UCG2006", "nix/test-cluster/rollout-soak.sh", 2, 12),
            ("UCG2006", "nix/test-cluster/rollout-soak.sh", 3, 8),
            ("UCG2006", "nix/test-cluster/rollout.nix", 3, 21),
            ("UCG2006", "nix/test-cluster/rollout.nix", 8, 5),
        ], tree.Findings("UCG2006"));
    }

    [Fact]
    public void A_harness_script_is_parsed_once_for_the_wording_and_the_cluster_source_rules()
    {
        using var tree = new TestTree(("nix/test-cluster/rollout-soak.sh", """
            #!/usr/bin/env bash
            # TODO: wire the soak lanes
            NODE_IPS="10.0.0.1 10.0.0.2"
            if [ -n "$X" ]; then
            """));
        // One parse: its problem is one UCG0001 whichever rule asked first; both rules still read the file.
        Assert.Equal(
        [
            ("UCG0001", "nix/test-cluster/rollout-soak.sh", 4, 21),
            ("UCG1004", "nix/test-cluster/rollout-soak.sh", 2, 3),
            ("UCG2006", "nix/test-cluster/rollout-soak.sh", 3, 1),
        ], tree.Findings("UCG1004", "UCG2006").OrderBy(f => f.Rule, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_manifest_nested_deeper_than_the_toml_reader_goes_is_a_parse_error_not_a_crash()
    {
        using var tree = new TestTree(("Cargo.toml", "[workspace]\nmembers = []\nx = " + new string('[', 10_000) + new string(']', 10_000) + "\n"));
        var result = tree.Scan("UCG1005");
        Assert.Empty(result.InternalErrors);
        Assert.Equal([("UCG0001", "Cargo.toml", 1, 1)], tree.Findings("UCG1005"));
    }
}
