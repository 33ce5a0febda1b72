{ config, lib, pkgs, ... }:
let
  cfg = config.services.fiberlb;
in
{
  options.services.fiberlb = {
    enable = lib.mkEnableOption "the fiberlb service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.fiberlb = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
