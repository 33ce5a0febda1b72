{ lib, ... }:
{
  services.chainfire.enable = true;
  services.nix-agent = { enable = lib.mkDefault true; };
}
