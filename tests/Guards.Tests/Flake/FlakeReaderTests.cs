using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>The static reader on small flakes: bounds, unknowns with their reasons, module semantics.</summary>
public sealed class FlakeReaderTests
{
    private static (FlakeModel Flake, NixWorkspace Workspace) Read(TestTree tree)
    {
        var workspace = NixWorkspace.ForTree(new WorkingTree(tree.Root), TimeSpan.FromSeconds(10));
        return (workspace.Flake(""), workspace);
    }

    private static string Flake(string outputs) => $$"""
        {
          inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
          outputs = { self, nixpkgs }: let lib = nixpkgs.lib; in {{outputs}};
        }
        """;

    [Fact]
    public void A_cycle_is_an_unknown_with_a_diagnostic_not_a_hang()
    {
        using var tree = new TestTree(("flake.nix", Flake("let a = b; b = a; in { packages.x86_64-linux = a; }")));
        var (flake, workspace) = Read(tree);
        var listing = flake.List("packages.x86_64-linux");
        Assert.Equal(LookupStatus.Unknown, listing.Status);
        Assert.Contains("infinite recursion", listing.Reason);
        Assert.Contains(workspace.EvaluationDiagnostics, d => d.Message.Contains("infinite recursion", StringComparison.Ordinal));
    }

    [Fact]
    public void Runaway_recursion_is_bounded_with_a_diagnostic()
    {
        using var tree = new TestTree(("flake.nix", Flake("let loop = n: loop (n + 1); in { packages.x86_64-linux = loop 0; }")));
        var (flake, workspace) = Read(tree);
        var listing = flake.List("packages.x86_64-linux");
        Assert.Equal(LookupStatus.Unknown, listing.Status);
        Assert.Contains("runaway recursion", listing.Reason);
        Assert.Contains(workspace.EvaluationDiagnostics, d => d.Message.Contains("runaway recursion", StringComparison.Ordinal) && d.Location!.Path == "flake.nix");
    }

    [Fact]
    public void An_unknown_condition_is_never_guessed_and_names_its_place()
    {
        using var tree = new TestTree(("flake.nix", Flake("""
            {
              nixosConfigurations = if builtins.getEnv "CI" == "" then { a = lib.nixosSystem { modules = [ ]; }; } else { };
              packages.x86_64-linux = { known = 1; } // nixpkgs.lib.somethingElse;
            }
            """)));
        var (flake, _) = Read(tree);
        var configs = flake.Lookup("nixosConfigurations.a");
        Assert.Equal(LookupStatus.Unknown, configs.Status);
        Assert.Equal("builtins.getEnv depends on the environment", configs.Reason);
        Assert.Equal("flake.nix:4:28", configs.Location!.ToString());

        Assert.Equal(LookupStatus.Found, flake.Lookup("packages.x86_64-linux.known").Status);
        var other = flake.Lookup("packages.x86_64-linux.other");
        Assert.Equal(LookupStatus.Unknown, other.Status);
        Assert.Contains("the names of `nixpkgs.lib.somethingElse` are outside the repository", other.Reason);
    }

    [Fact]
    public void Missing_attributes_point_at_where_they_belong()
    {
        using var tree = new TestTree(("flake.nix", Flake("{ nixosConfigurations.node01 = lib.nixosSystem { modules = [ ]; }; }")));
        var (flake, _) = Read(tree);
        var missing = flake.Lookup("nixosConfigurations.node02");
        Assert.Equal(LookupStatus.Missing, missing.Status);
        Assert.Equal("flake.nix:3:60", missing.Location!.ToString());
        var noApps = flake.Lookup("apps.x86_64-linux.x");
        Assert.Equal(LookupStatus.Missing, noApps.Status);
        Assert.Equal("flake.nix:3:3", noApps.Location!.ToString());
    }

    [Fact]
    public void Modules_follow_imports_priorities_conditions_and_config_references()
    {
        using var tree = new TestTree(
            ("flake.nix", Flake("{ nixosConfigurations.n = lib.nixosSystem { system = \"x86_64-linux\"; modules = [ ./nix/nodes/n.nix ./nix/modules ]; }; }")),
            ("nix/modules/default.nix", "{ imports = [ ./chainfire.nix ./flaredb.nix ]; }\n"),
            ("nix/modules/chainfire.nix", """
                { config, lib, ... }:
                let cfg = config.services.chainfire; in
                {
                  options.services.chainfire.enable = lib.mkEnableOption "chainfire";
                  # chainfire brings its storage along.
                  config = lib.mkIf cfg.enable { services.flaredb.enable = lib.mkDefault true; };
                }
                """),
            ("nix/modules/flaredb.nix", "{ lib, ... }: { options.services.flaredb.enable = lib.mkEnableOption \"flaredb\"; }\n"),
            ("nix/nodes/n.nix", """
                { lib, pkgs, modulesPath, ... }:
                {
                  imports = [ "${modulesPath}/profiles/minimal.nix" <nixpkgs/nixos/modules/misc/version.nix> ];
                  services.chainfire = { enable = true; };
                  services.iam.enable = lib.mkIf false true;
                  services.deployer.enable = lib.mkMerge [ (lib.mkIf true true) ];
                  services.nix-agent.enable = true;
                  services.node-agent.enable = lib.mkIf pkgs.stdenv.isLinux true;
                  services.fiberlb.enable = lib.mkIf (builtins.getEnv "FIBERLB" == "1") true;
                }
                """),
            ("nix/nodes/override.nix", "{ lib, ... }: { services.nix-agent.enable = lib.mkForce false; }\n"));
        var (flake, _) = Read(tree);
        var model = flake.Configuration("n");
        Assert.Null(model.Unknown);
        Assert.Empty(model.OpenParts);
        Assert.Equal(["chainfire", "deployer", "flaredb", "nix-agent", "node-agent"], model.EnabledComponents);
        Assert.Equal(ComponentState.NotSet, model.Component("iam").State);
        var fiberlb = model.Component("fiberlb");
        Assert.Equal(ComponentState.Unknown, fiberlb.State);
        Assert.Equal("nix/nodes/n.nix:9:39", fiberlb.Location!.ToString());
        Assert.Equal("nix/nodes/n.nix:4:26", model.Services["chainfire"].Location!.ToString());
        // Modules from nixpkgs are recorded as external, never followed, never unknown.
        Assert.Equal(2, model.Imports.Count(i => i.Kind == ModuleImportKind.External));
        Assert.Equal(["nix/modules/chainfire.nix", "nix/modules/default.nix", "nix/modules/flaredb.nix", "nix/nodes/n.nix"],
            model.Imports.Where(i => i.Kind == ModuleImportKind.File).Select(i => i.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MkForce_false_wins_over_a_plain_true_in_another_module()
    {
        using var tree = new TestTree(
            ("flake.nix", Flake("{ nixosConfigurations.n = lib.nixosSystem { modules = [ { services.nix-agent.enable = true; } ./off.nix ]; }; }")),
            ("off.nix", "{ lib, ... }: { services.nix-agent.enable = lib.mkForce false; }\n"));
        var (flake, _) = Read(tree);
        var state = flake.Configuration("n").Component("nix-agent");
        Assert.Equal(ComponentState.Disabled, state.State);
        Assert.Equal("off.nix:1:17", state.Location!.ToString());
    }

    [Fact]
    public void An_unreadable_module_makes_unset_components_unknown()
    {
        using var tree = new TestTree(
            ("flake.nix", Flake("{ nixosConfigurations.n = lib.nixosSystem { modules = [ ./missing.nix { services.iam.enable = true; } ]; }; }")));
        var (flake, _) = Read(tree);
        var model = flake.Configuration("n");
        Assert.Equal(ComponentState.Enabled, model.Component("iam").State);
        var deployer = model.Component("deployer");
        Assert.Equal(ComponentState.Unknown, deployer.State);
        Assert.Equal("module missing.nix does not exist", deployer.Reason);
    }
    [Fact]
    public void Conditions_on_any_option_the_modules_set_are_decided_with_priorities()
    {
        using var tree = new TestTree(
            ("flake.nix", Flake("{ nixosConfigurations.n = lib.nixosSystem { system = \"x86_64-linux\"; modules = [ ./wsl.nix ./host.nix ]; }; }")),
            ("wsl.nix", """
                { config, lib, ... }:
                {
                  options.wsl.enable = lib.mkEnableOption "wsl";
                  options.wsl.docker = lib.mkOption { default = false; };
                  config = lib.mkIf config.wsl.enable {
                    services.iam.enable = true;
                    services.flaredb.enable = lib.mkIf config.wsl.docker true;
                    services.prismnet.enable = lib.mkIf (!config.wsl.docker) true;
                  };
                }
                """),
            ("host.nix", """
                { lib, ... }:
                {
                  imports = [ ./defaults.nix ];
                  wsl = { enable = lib.mkForce true; docker = lib.mkDefault true; };
                }
                """),
            ("defaults.nix", "{ wsl.enable = false; }\n"));
        var (flake, _) = Read(tree);
        var model = flake.Configuration("n");
        Assert.True(ComponentState.Enabled == model.Component("iam").State, model.Component("iam").Reason);
        Assert.True(ComponentState.Enabled == model.Component("flaredb").State, model.Component("flaredb").Reason);
        Assert.Equal("wsl.nix:7:5", model.Component("flaredb").Location!.ToString());
        Assert.Equal(ComponentState.NotSet, model.Component("prismnet").State);
        Assert.Equal(NixBool.True, model.Option(["wsl", "enable"]).Value);
        Assert.Equal("host.nix:4:11", model.Option(["wsl", "enable"]).Location!.ToString());
    }

    [Fact]
    public void Platform_facts_come_from_the_configuration_system()
    {
        using var tree = new TestTree(
            ("flake.nix", Flake("""
                {
                  nixosConfigurations.arm = lib.nixosSystem { modules = [ { nixpkgs.hostPlatform = "aarch64-linux"; } ./node.nix ]; };
                  nixosConfigurations.x86 = lib.nixosSystem { system = "x86_64-linux"; modules = [ ./node.nix ]; };
                  nixosConfigurations.none = lib.nixosSystem { modules = [ ./node.nix ]; };
                }
                """)),
            ("node.nix", """
                { lib, pkgs, ... }:
                {
                  services.iam = lib.optionalAttrs pkgs.stdenv.hostPlatform.isx86_64 { enable = true; };
                  services.flaredb.enable = pkgs.stdenv.isLinux;
                  services.prismnet.enable = pkgs.system == "aarch64-linux";
                }
                """));
        var (flake, _) = Read(tree);
        var arm = flake.Configuration("arm");
        Assert.Equal(ComponentState.NotSet, arm.Component("iam").State);
        Assert.Equal(ComponentState.Enabled, arm.Component("flaredb").State);
        Assert.Equal(ComponentState.Enabled, arm.Component("prismnet").State);
        var x86 = flake.Configuration("x86");
        Assert.Equal(ComponentState.Enabled, x86.Component("iam").State);
        Assert.Equal(ComponentState.Disabled, x86.Component("prismnet").State);
        var none = flake.Configuration("none").Component("iam");
        Assert.Equal(ComponentState.Unknown, none.State);
        Assert.StartsWith("the configuration's system is not known", none.Reason);
        Assert.Equal("flake.nix:6:30", none.Location!.ToString());
    }
    [Fact]
    public void Module_arguments_come_from_module_args_once_every_module_is_known()
    {
        using var tree = new TestTree(
            ("flake.nix", Flake("""
                {
                  nixosConfigurations.wsl = lib.nixosSystem {
                    system = "x86_64-linux";
                    modules = [ ./machine.nix { config._module.args = { currentSystemName = "wsl"; isWSL = true; }; } ];
                  };
                }
                """)),
            ("machine.nix", """
                { lib, isWSL, currentSystemName, ... }:
                {
                  services.openssh.enable = !isWSL;
                  services.tailscale.enable = currentSystemName == "wsl";
                }
                """));
        var (flake, _) = Read(tree);
        var wsl = flake.Configuration("wsl");
        Assert.Equal(ComponentState.Disabled, wsl.Component("openssh").State);
        Assert.Equal(ComponentState.Enabled, wsl.Component("tailscale").State);
    }

    [Fact]
    public void A_read_the_tree_refuses_is_a_located_unknown_that_names_why_never_the_content()
    {
        using var tree = new TestTree(
            ("flake.nix", Flake("""
                {
                  packages.x86_64-linux = import ./work/generated.nix;
                  apps.x86_64-linux = builtins.fromJSON (builtins.readFile ./secret.json);
                }
                """)),
            ("work/generated.nix", "{ leaked = 1; }\n"));
        using var outside = new TestTree(("token.json", "{ \"outside-token-4711\": 1 }\n"));
        File.CreateSymbolicLink(Path.Combine(tree.Root, "secret.json"), Path.Combine(outside.Root, "token.json"));
        var workspace = NixWorkspace.ForTree(new WorkingTree(tree.Root), TimeSpan.FromSeconds(10), path => path.StartsWith("work/", StringComparison.Ordinal));
        var flake = workspace.Flake("");
        var packages = flake.List("packages.x86_64-linux");
        Assert.Equal(LookupStatus.Unknown, packages.Status);
        Assert.Equal("import of work/generated.nix is refused: a never-scanned path", packages.Reason);
        Assert.Equal("flake.nix:4:27", packages.Location!.ToString());
        var apps = flake.List("apps.x86_64-linux");
        Assert.Equal(LookupStatus.Unknown, apps.Status);
        Assert.StartsWith("readFile of secret.json is refused: ", apps.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("outside-token-4711", apps.Reason, StringComparison.Ordinal);
        Assert.Empty(flake.List("apps.x86_64-linux").Names);
    }
}
