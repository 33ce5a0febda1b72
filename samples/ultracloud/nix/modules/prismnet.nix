{ config, lib, pkgs, ... }:
let
  cfg = config.services.prismnet;
in
{
  options.services.prismnet = {
    enable = lib.mkEnableOption "the prismnet service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.prismnet = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
