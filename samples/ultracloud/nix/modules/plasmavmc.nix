{ config, lib, pkgs, ... }:
let
  cfg = config.services.plasmavmc;
in
{
  options.services.plasmavmc = {
    enable = lib.mkEnableOption "the plasmavmc service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.plasmavmc = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
