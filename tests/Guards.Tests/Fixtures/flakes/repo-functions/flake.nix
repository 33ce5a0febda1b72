# Functions defined in the repository called with literal arguments (including a recursive one),
# `if` on literal conditions and pathExists, inherit (x) a b, `//` chains.
{
  description = "repository functions fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      helpers = import ./nix/helpers.nix { inherit nixpkgs; };
      inherit (helpers) mkNode mkChecks;
      withIso = true;
      withWorker = false;
    in
    {
      nixosConfigurations =
        { node01 = mkNode { name = "node01"; role = "control-plane"; }; }
        // (if withIso then { ultracloud-iso = mkNode { name = "ultracloud-iso"; }; } else { })
        // (if withWorker then { netboot-worker = mkNode { name = "netboot-worker"; }; } else { })
        // (if builtins.pathExists ./nix/extra.nix then import ./nix/extra.nix { inherit mkNode; } else { });

      checks.x86_64-linux = mkChecks [ "deployer-vm-smoke" "host-lifecycle-e2e" "fleet-scheduler-e2e" ];
    };
}
