{ ... }:
{
  networking.hostName = "ultracloud-iso";
}
