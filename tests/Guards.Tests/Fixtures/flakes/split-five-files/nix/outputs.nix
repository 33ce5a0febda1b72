{ self, nixpkgs, ... }:
let
  system = "x86_64-linux";
  pkgs = nixpkgs.legacyPackages.${system};
in
{
  nixosConfigurations = import ./configurations { inherit nixpkgs; };
  packages.${system} = import ./packages.nix { inherit self pkgs system; };
  checks.${system} = import ./checks.nix { inherit self pkgs system; };
}
