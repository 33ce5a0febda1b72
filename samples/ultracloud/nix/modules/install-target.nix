{ config, lib, pkgs, ... }:
let
  cfg = config.services.install-target;
in
{
  options.services.install-target = {
    enable = lib.mkEnableOption "the install-target service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.install-target = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
