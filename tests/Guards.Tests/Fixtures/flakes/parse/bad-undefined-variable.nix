{ lib, ... }:
{
  services.chainfire.enable = enableChainfire;
}
