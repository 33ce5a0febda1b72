# What every node of the 3-node HA control plane runs.
{ lib, ... }:
{
  services.chainfire.enable = true;
  services.flaredb.enable = true;
  services.iam.enable = true;
  services.nix-agent.enable = true;
}
