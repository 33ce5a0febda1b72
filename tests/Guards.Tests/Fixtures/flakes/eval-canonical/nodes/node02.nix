{ ... }:
{
  networking.hostName = "node02";
}
