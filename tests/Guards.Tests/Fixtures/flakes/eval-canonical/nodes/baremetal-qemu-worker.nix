{ ... }:
{
  networking.hostName = "baremetal-qemu-worker";
}
