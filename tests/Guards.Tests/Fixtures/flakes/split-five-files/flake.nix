# The outputs split across five files: flake.nix imports nix/outputs.nix, which imports a folder
# (nix/configurations/default.nix), nix/packages.nix and nix/checks.nix.
{
  description = "split fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = inputs: import ./nix/outputs.nix inputs;
}
