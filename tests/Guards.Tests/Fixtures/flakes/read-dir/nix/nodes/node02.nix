{ ... }:
{
  services.chainfire.enable = true;
}
