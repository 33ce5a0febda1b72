{ config, lib, pkgs, ... }:
let
  cfg = config.services.nix-agent;
in
{
  options.services.nix-agent = {
    enable = lib.mkEnableOption "the nix-agent service";
    port = lib.mkOption { type = lib.types.port; default = 7000; };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.nix-agent = {
      wantedBy = [ "multi-user.target" ];
      serviceConfig.ExecStart = "${pkgs.hello}/bin/hello";
    };
  };
}
