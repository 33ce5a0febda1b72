{
  description = "UltraCloud VM-cluster harness";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      system = "x86_64-linux";
      pkgs = nixpkgs.legacyPackages.${system};
    in
    {
      apps.${system} = {
        cluster = {
          type = "app";
          program = "${pkgs.writeShellScript "cluster" (builtins.readFile ./run-cluster.sh)}";
        };
        hardware-smoke = {
          type = "app";
          program = "${pkgs.writeShellScript "hardware-smoke" (builtins.readFile ./hardware-smoke.sh)}";
        };
      };

      # The harness shell, for debugging one lane by hand.
      devShells.${system}.default = pkgs.mkShell { packages = [ pkgs.qemu pkgs.jq ]; };
    };
}
