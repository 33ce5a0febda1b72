{ ... }:
{
  networking.hostName = "node01";
}
