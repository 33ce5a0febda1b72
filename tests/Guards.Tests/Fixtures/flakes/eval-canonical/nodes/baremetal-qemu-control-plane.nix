{ ... }:
{
  networking.hostName = "baremetal-qemu-control-plane";
}
