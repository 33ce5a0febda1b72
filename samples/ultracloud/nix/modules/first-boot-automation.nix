{ config, lib, pkgs, ... }:
let
  cfg = config.services.first-boot-automation;
in
{
  options.services.first-boot-automation = {
    enable = lib.mkEnableOption "the first-boot-automation service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.first-boot-automation = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
