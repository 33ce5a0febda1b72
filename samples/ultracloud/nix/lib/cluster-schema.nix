# The ultracloud.cluster option schema: the one supported cluster authoring source.
{ lib, ... }:
{
  options.ultracloud.cluster = {
    name = lib.mkOption { type = lib.types.str; default = "ultracloud"; };
    nodes = lib.mkOption {
      type = lib.types.attrsOf (lib.types.submodule {
        options = {
          role = lib.mkOption { type = lib.types.enum [ "control-plane" "worker" ]; };
          address = lib.mkOption { type = lib.types.str; };
        };
      });
      default = { };
    };
  };
}
