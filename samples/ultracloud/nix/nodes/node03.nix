{ ... }:
{
  imports = [ ./control-plane.nix ];
  networking.hostName = "node03";
  ultracloud.cluster.nodes.node03 = { role = "control-plane"; address = "10.100.0.13"; };
}
