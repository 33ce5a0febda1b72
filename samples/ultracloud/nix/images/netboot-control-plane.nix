{ modulesPath, ... }:
{
  imports = [ "${modulesPath}/installer/netboot/netboot-minimal.nix" ../nodes/control-plane.nix ];
}
