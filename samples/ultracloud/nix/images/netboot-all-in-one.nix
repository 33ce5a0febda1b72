{ modulesPath, ... }:
{
  imports = [ "${modulesPath}/installer/netboot/netboot-minimal.nix" ../nodes/single-node-quickstart.nix ];
}
