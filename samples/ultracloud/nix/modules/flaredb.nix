{ config, lib, pkgs, ... }:
let
  cfg = config.services.flaredb;
in
{
  options.services.flaredb = {
    enable = lib.mkEnableOption "the flaredb service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.flaredb = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
