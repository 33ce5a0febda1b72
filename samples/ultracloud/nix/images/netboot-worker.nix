# Archived worker netboot image: kept for reference, outside the canonical profiles.
{ modulesPath, ... }:
{
  imports = [ "${modulesPath}/installer/netboot/netboot-minimal.nix" ];
  services.node-agent.enable = true;
}
