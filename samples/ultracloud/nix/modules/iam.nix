{ config, lib, pkgs, ... }:
let
  cfg = config.services.iam;
in
{
  options.services.iam = {
    enable = lib.mkEnableOption "the iam service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.iam = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
