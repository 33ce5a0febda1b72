{ ... }:
{
  networking.hostName = "netboot-all-in-one";
}
