{ lib, ... }:
{
  imports = [ ./control-plane.nix ];
  networking.hostName = "node02";
  ultracloud.cluster.nodes.node02 = { role = "control-plane"; address = "10.100.0.12"; };
  services.fleet-scheduler.enable = true;
  # Rolled out by hand while the agent's rollback path is reworked.
  services.nix-agent.enable = lib.mkForce false;
}
