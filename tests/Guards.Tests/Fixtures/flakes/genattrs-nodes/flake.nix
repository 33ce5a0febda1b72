# lib.genAttrs for node01..node03 merged with `//`, and a forAllSystems helper over genAttrs.
{
  description = "genAttrs fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      lib = nixpkgs.lib;
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system} system);
      mkNode = name: lib.nixosSystem {
        modules = [ ./nodes/common.nix { networking.hostName = name; } ];
      };
    in
    {
      nixosConfigurations = lib.genAttrs [ "node01" "node02" "node03" ] mkNode // {
        netboot-control-plane = mkNode "netboot-control-plane";
      };

      packages = forAllSystems (pkgs: system: {
        default = pkgs.hello;
        "hello-${system}" = pkgs.hello;
      });

      checks = forAllSystems (pkgs: system: lib.genAttrs [ "node01" "node02" "node03" ] (name:
        self.nixosConfigurations.${name}.config.system.build.toplevel));
    };
}
