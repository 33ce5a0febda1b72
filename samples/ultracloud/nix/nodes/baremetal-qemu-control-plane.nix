{ lib, ... }:
{
  networking.hostName = "baremetal-qemu-control-plane";
  services.deployer.enable = true;
  services.nix-agent.enable = lib.mkForce true;
  services.chainfire.enable = true;
}
