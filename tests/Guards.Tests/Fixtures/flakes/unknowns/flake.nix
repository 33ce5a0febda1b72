# Values the static reader cannot decide: names computed by a function of an input, and a
# condition on builtins.tryEval. Real Nix decides them; the reader says unknown, and why.
{
  description = "unknowns fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
    in
    {
      nixosConfigurations = { node01 = nixpkgs.lib.nixosSystem { modules = [ ]; }; } // nixpkgs.lib.extraConfigurations;
      packages.x86_64-linux = nixpkgs.lib.mkPackageSet { };
      checks.x86_64-linux = if (builtins.tryEval true).success then { smoke = pkgs.hello; } else { };
    };
}
