using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>
/// A repository's own profiles (uc-guards.yaml) over a flake written the way public flakes are:
/// flake-parts, a library merged from two inputs, `self`'s outputs handed to modules, conditions
/// on options the node's modules set, platform facts. The exact findings, firing and not.
/// </summary>
public sealed class RealWorldProfileTests
{
    private static readonly string[] FlakeRules = ["UCG2001", "UCG2002", "UCG2003"];

    private const string Config = """
        version: 1
        profiles:
          - name: hosts
            entrypoints:
              - attr: nixosConfigurations.desktop
              - attr: nixosConfigurations.server
              - build: ".#tool"
            nodes:
              all: [desktop, server]
            required: [openssh]
            optional: [pipewire]
            excluded: [telnet]
        canonical-checks: {}
        archived-helpers: []
        """;

    private const string RootFlake = """
        {
          inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
          inputs.home-manager.url = "github:nix-community/home-manager";
          inputs.flake-parts.url = "github:hercules-ci/flake-parts";
          outputs = inputs@{ self, nixpkgs, home-manager, flake-parts, ... }:
            flake-parts.lib.mkFlake { inherit inputs; } {
              systems = [ "x86_64-linux" "aarch64-linux" ];
              perSystem = { pkgs, ... }: { packages.tool = pkgs.hello; };
              flake =
                let
                  inherit (self) outputs;
                  lib = nixpkgs.lib // home-manager.lib;
                  host = name: system: lib.nixosSystem {
                    inherit system;
                    specialArgs = { inherit inputs outputs; };
                    modules = [ ./hosts/${name}.nix ];
                  };
                in
                {
                  nixosModules.common = ./modules/common.nix;
                  nixosConfigurations.desktop = host "desktop" "x86_64-linux";
                  nixosConfigurations.server = host "server" "aarch64-linux";
                };
            };
        }
        """;

    private static TestTree Tree(params (string Path, string Content)[] changes)
    {
        var tree = new TestTree(
            ("uc-guards.yaml", Config),
            ("flake.nix", RootFlake),
            ("modules/common.nix", """
                { config, lib, pkgs, ... }:
                {
                  options.site.headless = lib.mkEnableOption "no desktop";
                  config = {
                    services.openssh.enable = lib.mkDefault true;
                    services.pipewire.enable = lib.mkIf (!config.site.headless) true;
                    services.telnet = lib.optionalAttrs pkgs.stdenv.hostPlatform.isAarch64 { enable = false; };
                  };
                }
                """),
            ("hosts/desktop.nix", "{ outputs, ... }: { imports = [ outputs.nixosModules.common ]; }\n"),
            ("hosts/server.nix", "{ outputs, lib, ... }: { imports = [ outputs.nixosModules.common ]; site.headless = true; }\n"));
        foreach (var (path, content) in changes) tree.Write(path, content);
        return tree;
    }

    [Fact]
    public void Every_question_is_decided_and_the_tree_passes()
    {
        using var tree = Tree();
        Assert.Empty(tree.Scan([.. FlakeRules, "UCG0003"]).Active);
    }

    [Fact]
    public void A_forced_openssh_off_on_one_host_is_reported_at_its_definition()
    {
        using var tree = Tree(("hosts/server.nix", "{ outputs, lib, ... }:\n{\n  imports = [ outputs.nixosModules.common ];\n  services.openssh.enable = lib.mkForce false;\n}\n"));
        Assert.Equal([("UCG2002", "hosts/server.nix", 4, 3)], tree.Findings([.. FlakeRules, "UCG0003"]));
    }

    [Fact]
    public void An_excluded_service_enabled_only_on_x86_is_reported_where_it_is_enabled()
    {
        using var tree = Tree(("hosts/desktop.nix", "{ outputs, lib, pkgs, ... }:\n{\n  imports = [ outputs.nixosModules.common ];\n  services.telnet.enable = pkgs.stdenv.hostPlatform.isx86_64;\n}\n"));
        Assert.Equal([("UCG2003", "hosts/desktop.nix", 4, 3)], tree.Findings([.. FlakeRules, "UCG0003"]));
    }
}
