{ ... }:
{
  networking.hostName = "single-node-quickstart";
}
