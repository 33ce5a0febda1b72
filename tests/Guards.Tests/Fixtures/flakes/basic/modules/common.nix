{ lib, ... }:
{
  services.chainfire.enable = true;
  services.iam.enable = lib.mkDefault true;
}
