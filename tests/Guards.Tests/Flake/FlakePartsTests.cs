using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>flake-parts' mkFlake and the idioms common flakes are written with, read statically.</summary>
public sealed class FlakePartsTests
{
    private static FlakeModel Read(TestTree tree) =>
        NixWorkspace.ForTree(new WorkingTree(tree.Root), TimeSpan.FromSeconds(10)).Flake("");

    private const string PartsFlake = """
        {
          inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
          inputs.flake-parts.url = "github:hercules-ci/flake-parts";
          outputs = inputs@{ self, flake-parts, ... }:
            flake-parts.lib.mkFlake { inherit inputs; } {
              systems = [ "x86_64-linux" "aarch64-linux" ];
              imports = [ ./nix/tools.nix ];
              perSystem = { pkgs, system, self', ... }: {
                packages.server = pkgs.hello;
                packages.default = self'.packages.server;
                checks = pkgs.lib.optionalAttrs pkgs.stdenv.hostPlatform.isx86_64 { vm-test = pkgs.hello; };
              };
              flake = {
                nixosConfigurations.node01 = inputs.nixpkgs.lib.nixosSystem {
                  system = "x86_64-linux";
                  modules = [ { services.chainfire.enable = true; } ];
                };
              };
            };
        }
        """;

    private const string ToolsModule = """
        { inputs, lib, ... }:
        {
          perSystem = { pkgs, ... }: {
            apps.deploy = { type = "app"; program = "${pkgs.hello}/bin/hello"; };
            devShells.default = pkgs.mkShell { };
          };
          flake.nixosModules.tools = ./tools-module.nix;
        }
        """;

    [Fact]
    public void PerSystem_outputs_are_expanded_over_the_systems_and_flake_outputs_read_as_written()
    {
        using var tree = new TestTree(("flake.nix", PartsFlake), ("nix/tools.nix", ToolsModule));
        var flake = Read(tree);
        Assert.Null(flake.Unreadable);
        var server = flake.Lookup("packages.aarch64-linux.server");
        Assert.Equal(LookupStatus.Found, server.Status);
        Assert.Equal("flake.nix:9:18", server.Location!.ToString());
        Assert.Equal(LookupStatus.Found, flake.Lookup("packages.x86_64-linux.default").Status);
        Assert.Equal(LookupStatus.Found, flake.Lookup("apps.x86_64-linux.deploy").Status);
        Assert.Equal("nix/tools.nix:4:10", flake.Lookup("apps.x86_64-linux.deploy").Location!.ToString());
        Assert.Equal(LookupStatus.Found, flake.Lookup("devShells.aarch64-linux.default").Status);
        Assert.Equal(LookupStatus.Found, flake.Lookup("nixosModules.tools").Status);
        // The platform of each system decides what optionalAttrs gives.
        Assert.Equal(LookupStatus.Found, flake.Lookup("checks.x86_64-linux.vm-test").Status);
        Assert.Equal(LookupStatus.Missing, flake.Lookup("checks.aarch64-linux.vm-test").Status);
        Assert.Equal(LookupStatus.Missing, flake.Lookup("packages.x86_64-darwin.server").Status);
        Assert.Equal(LookupStatus.Missing, flake.Lookup("packages.x86_64-linux.client").Status);
        Assert.Equal(["default", "server"], flake.List("packages.x86_64-linux").Names.Select(n => n.Name));
        var node = flake.Configuration("node01");
        Assert.Null(node.Unknown);
        Assert.Equal(ComponentState.Enabled, node.Component("chainfire").State);
    }

    [Fact]
    public void A_flake_module_from_an_input_keeps_what_it_may_add_open_at_its_import()
    {
        using var tree = new TestTree(
            ("flake.nix", PartsFlake
                .Replace("imports = [ ./nix/tools.nix ];", "imports = [ ./nix/tools.nix inputs.treefmt.flakeModule ];", StringComparison.Ordinal)
                .Replace("inputs.flake-parts.url", "inputs.treefmt.url = \"github:numtide/treefmt-nix\";\n  inputs.flake-parts.url", StringComparison.Ordinal)),
            ("nix/tools.nix", ToolsModule));
        var flake = Read(tree);
        Assert.Equal(LookupStatus.Found, flake.Lookup("packages.x86_64-linux.server").Status);
        Assert.Equal(LookupStatus.Found, flake.Lookup("nixosConfigurations.node01").Status);
        var client = flake.Lookup("packages.x86_64-linux.client");
        Assert.Equal(LookupStatus.Unknown, client.Status);
        Assert.Contains("the flake module `treefmt.flakeModule` comes from outside the repository", client.Reason);
        Assert.Equal("flake.nix:8:35", client.Location!.ToString());
        Assert.Equal(LookupStatus.Unknown, flake.Lookup("nixosConfigurations.node02").Status);
    }

    [Fact]
    public void Self_has_its_outputs_inputs_and_source_and_lib_merges_keep_the_library()
    {
        using var tree = new TestTree(
            ("flake.nix", """
                {
                  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
                  inputs.home-manager.url = "github:nix-community/home-manager";
                  outputs = { self, nixpkgs, home-manager, ... }@inputs:
                    let
                      inherit (self) outputs;
                      lib = nixpkgs.lib // home-manager.lib // { mine = x: x; };
                    in
                    {
                      inherit lib;
                      nixosModules.base = import ./base.nix;
                      nixosConfigurations.host = lib.nixosSystem {
                        system = "x86_64-linux";
                        specialArgs = { inherit inputs outputs; };
                        modules = [ ./host.nix ];
                      };
                      packages.x86_64-linux.source = lib.mine "${self}";
                      checks.x86_64-linux = lib.optionalAttrs (self.inputs ? home-manager) { hm = 1; };
                      # self.outPath is a store path string in Nix: never equal to a path literal.
                      apps.x86_64-linux = if self.outPath == ./. then { same = 1; } else { different = 1; };
                    };
                }
                """),
            ("base.nix", "{ services.iam.enable = true; }\n"),
            ("host.nix", "{ outputs, ... }: { imports = builtins.attrValues outputs.nixosModules; }\n"));
        var flake = Read(tree);
        var host = flake.Configuration("host");
        Assert.Null(host.Unknown);
        Assert.True(host.Component("iam").State == ComponentState.Enabled, host.Component("iam").Reason);
        Assert.Equal(LookupStatus.Found, flake.Lookup("packages.x86_64-linux.source").Status);
        Assert.Equal(LookupStatus.Found, flake.Lookup("checks.x86_64-linux.hm").Status);
        Assert.Equal(LookupStatus.Found, flake.Lookup("apps.x86_64-linux.different").Status);
    }
    [Fact]
    public void Nixos_unified_autoWire_gives_a_configuration_per_file_with_the_flake_as_an_argument()
    {
        using var tree = new TestTree(
            ("flake.nix", """
                {
                  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
                  inputs.flake-parts.url = "github:hercules-ci/flake-parts";
                  inputs.nixos-unified.url = "github:srid/nixos-unified";
                  outputs = inputs@{ self, ... }:
                    inputs.flake-parts.lib.mkFlake { inherit inputs; } {
                      systems = [ "x86_64-linux" ];
                      imports = [ inputs.nixos-unified.flakeModules.autoWire ];
                    };
                }
                """),
            ("configurations/nixos/web/default.nix", """
                { flake, ... }:
                {
                  imports = [ flake.inputs.self.nixosModules.server (flake.inputs.self + /modules/nixos/extra.nix) ];
                  nixpkgs.hostPlatform = "x86_64-linux";
                }
                """),
            ("configurations/nixos/db.nix", "{ services.postgresql.enable = true; }\n"),
            ("configurations/nixos/notes.txt", "not a configuration\n"),
            ("modules/nixos/server.nix", "{ services.nginx.enable = true; }\n"),
            ("modules/nixos/extra.nix", "{ lib, pkgs, ... }: { services.iam.enable = pkgs.stdenv.hostPlatform.isx86_64; }\n"));
        var flake = Read(tree);
        Assert.Equal(["db", "web"], flake.List("nixosConfigurations").Names.Select(n => n.Name));
        Assert.Equal("configurations/nixos/web/default.nix:1:1", flake.Lookup("nixosConfigurations.web").Location!.ToString());
        Assert.Equal(LookupStatus.Found, flake.Lookup("nixosModules.server").Status);
        var web = flake.Configuration("web");
        Assert.Null(web.Unknown);
        Assert.Empty(web.OpenParts);
        Assert.Equal(["iam", "nginx"], web.EnabledComponents);
        Assert.Equal(["postgresql"], flake.Configuration("db").EnabledComponents);
    }
}
