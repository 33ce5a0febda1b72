# node01 is the bootstrap node of the HA control plane.
{ ... }:
{
  imports = [ ./control-plane.nix ];
  networking.hostName = "node01";
  ultracloud.cluster.nodes.node01 = { role = "control-plane"; address = "10.100.0.11"; };
  services.deployer.enable = true;
}
