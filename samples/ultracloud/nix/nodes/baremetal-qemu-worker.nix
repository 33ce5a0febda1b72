{ ... }:
{
  networking.hostName = "baremetal-qemu-worker";
  services.nix-agent.enable = true;
  services.node-agent.enable = true;
}
