{ ... }:
{
  networking.hostName = "node03";
}
