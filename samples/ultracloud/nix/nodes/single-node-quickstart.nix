# The single-node dev profile: the minimal VM-platform core on one machine.
{ lib, ... }:
{
  networking.hostName = "single-node-quickstart";
  services.chainfire.enable = true;
  services.flaredb.enable = true;
  services.iam = {
    enable = true;
    port = 7100;
  };
  services.plasmavmc.enable = lib.mkDefault true;
  services.prismnet.enable = true;
  services.lightningstor.enable = false;
}
