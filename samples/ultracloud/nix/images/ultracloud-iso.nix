# The live installer: phones home to deployer, installs with Disko, reboots into the target.
{ modulesPath, ... }:
{
  imports = [ "${modulesPath}/installer/cd-dvd/installation-cd-minimal.nix" ];
  services.first-boot-automation.enable = true;
  services.install-target.enable = true;
}
