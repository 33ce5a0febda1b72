# flake-utils' eachDefaultSystem for the per-system outputs, `//` the system-independent ones.
{
  description = "eachDefaultSystem fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.flake-utils.url = "github:numtide/flake-utils";

  outputs = { self, nixpkgs, flake-utils }:
    flake-utils.lib.eachDefaultSystem (system:
      let pkgs = nixpkgs.legacyPackages.${system}; in
      {
        packages.single-node-trial-vm = pkgs.hello;
        packages.default = pkgs.hello;
        apps.cluster = flake-utils.lib.mkApp { drv = pkgs.hello; name = "cluster"; };
        apps.hardware-smoke = { type = "app"; program = "${pkgs.hello}/bin/hardware-smoke"; };
        checks.fmt = pkgs.runCommand "fmt" { } "touch $out";
      })
    // {
      nixosConfigurations.ultracloud-iso = nixpkgs.lib.nixosSystem { modules = [ ]; };
    };
}
