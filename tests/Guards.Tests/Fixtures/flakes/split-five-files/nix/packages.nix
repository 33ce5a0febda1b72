{ self, pkgs, system }:
{
  single-node-trial-vm = pkgs.writeText "single-node-trial-vm" "vm";
  control-plane-image = self.nixosConfigurations.netboot-control-plane.config.system.build.toplevel;
}
