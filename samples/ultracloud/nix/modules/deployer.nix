{ config, lib, pkgs, ... }:
let
  cfg = config.services.deployer;
in
{
  options.services.deployer = {
    enable = lib.mkEnableOption "the deployer service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.deployer = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
