{ inputs, lib, ... }:
{
  perSystem = { pkgs, ... }: {
    apps.deploy = { type = "app"; program = "${pkgs.hello}/bin/hello"; };
    checks.deploy = pkgs.writeText "deploy" "ok";
  };
  flake.nixosConfigurations.node02 = inputs.nixpkgs.lib.nixosSystem { modules = [ ]; };
}
