{ ... }:
{
  networking.hostName = "netboot-control-plane";
}
