{ config, lib, pkgs, ... }:
let
  cfg = config.services.lightningstor;
in
{
  options.services.lightningstor = {
    enable = lib.mkEnableOption "the lightningstor service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.lightningstor = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
