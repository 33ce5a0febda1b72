{ config, lib, pkgs, ... }:
let
  cfg = config.services.chainfire;
in
{
  options.services.chainfire = {
    enable = lib.mkEnableOption "the chainfire service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.chainfire = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
