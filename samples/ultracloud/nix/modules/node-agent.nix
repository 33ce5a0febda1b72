{ config, lib, pkgs, ... }:
let
  cfg = config.services.node-agent;
in
{
  options.services.node-agent = {
    enable = lib.mkEnableOption "the node-agent service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.node-agent = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
