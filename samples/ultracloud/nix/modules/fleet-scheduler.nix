{ config, lib, pkgs, ... }:
let
  cfg = config.services.fleet-scheduler;
in
{
  options.services.fleet-scheduler = {
    enable = lib.mkEnableOption "the fleet-scheduler service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.fleet-scheduler = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
