# Nodes discovered from a folder: builtins.readDir, filterAttrs on the suffix, mapAttrs' to strip it.
{
  description = "readDir fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      lib = nixpkgs.lib;
      nodeFiles = lib.filterAttrs (name: type: type == "regular" && lib.hasSuffix ".nix" name) (builtins.readDir ./nix/nodes);
    in
    {
      nixosConfigurations = lib.mapAttrs' (file: _: lib.nameValuePair (lib.removeSuffix ".nix" file) (lib.nixosSystem {
        modules = [ (./nix/nodes + "/${file}") ];
      })) nodeFiles;
    };
}
