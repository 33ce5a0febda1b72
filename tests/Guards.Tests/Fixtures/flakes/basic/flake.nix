# Nested and dotted sets, let, rec, inherit and inherit (x), string attribute names.
{
  description = "basic fixture";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      system = "x86_64-linux";
      pkgs = nixpkgs.legacyPackages.${system};
      inherit (nixpkgs.lib) nixosSystem;
      common = [ ./modules/common.nix ];
    in
    {
      nixosConfigurations.single-node-quickstart = nixosSystem { inherit system; modules = common; };
      nixosConfigurations."netboot-all-in-one" = nixosSystem { modules = common ++ [ ./modules/netboot.nix ]; };
      nixosConfigurations = {
        ultracloud-iso = nixosSystem { modules = [ ./modules/iso.nix ]; };
      };

      packages.${system} = rec {
        single-node-trial-vm = self.nixosConfigurations.single-node-quickstart.config.system.build.vm;
        default = single-node-trial-vm;
        inherit (pkgs) hello;
      };

      apps.x86_64-linux = {
        single-node-quickstart = { type = "app"; program = "${self.packages.${system}.default}/bin/run"; };
        single-node-trial = self.apps.${system}.single-node-quickstart;
      };

      checks = {
        ${system} = {
          inherit (self.packages.${system}) hello;
          "trial-vm" = self.packages.${system}.single-node-trial-vm;
        };
      };
    };
}
