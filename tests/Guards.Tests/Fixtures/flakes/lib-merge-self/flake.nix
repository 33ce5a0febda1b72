{
  description = "lib merged from two inputs, the outputs taken from self and handed to modules";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.home-manager.url = "github:nix-community/home-manager";

  outputs = { self, nixpkgs, home-manager, ... }@inputs:
    let
      inherit (self) outputs;
      lib = nixpkgs.lib // home-manager.lib;
      host = name: lib.nixosSystem {
        modules = [ ./hosts/${name}.nix ];
        specialArgs = { inherit inputs outputs; };
      };
    in
    {
      inherit lib;
      nixosModules.common = { services.openssh.enable = true; };
      nixosConfigurations = lib.genAttrs [ "desktop" "server" ] host;
      packages.x86_64-linux.hosts = nixpkgs.legacyPackages.x86_64-linux.linkFarm "hosts"
        (lib.mapAttrs (_: c: c.config.system.build.toplevel) outputs.nixosConfigurations);
      # self.outPath is a store path string, never equal to the path literal ./.
      checks.x86_64-linux = lib.optionalAttrs (self.outPath != ./. && self.inputs ? home-manager) {
        hosts = self.packages.x86_64-linux.hosts;
      };
    };
}
