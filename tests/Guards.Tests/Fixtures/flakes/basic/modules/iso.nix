{ ... }:
{
  services.install-target.enable = true;
}
