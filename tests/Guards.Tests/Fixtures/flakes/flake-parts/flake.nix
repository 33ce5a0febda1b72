{
  description = "flake-parts: systems, perSystem over them, flake outputs, a module file";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  inputs.flake-parts.url = "github:hercules-ci/flake-parts";

  outputs = inputs@{ self, flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [ ./nix/services.nix ];
      perSystem = { pkgs, self', ... }: {
        packages.server = pkgs.hello;
        packages.default = self'.packages.server;
        checks.smoke = pkgs.writeText "smoke" "ok";
      };
      flake.nixosConfigurations.node01 = inputs.nixpkgs.lib.nixosSystem {
        modules = [ { services.chainfire.enable = true; } ];
      };
    };
}
