{ nixpkgs }:
let
  node = name: nixpkgs.lib.nixosSystem {
    modules = [ ../../modules/${name}.nix ];
  };
in
{
  node01 = node "node01";
  node02 = node "node02";
  node03 = node "node03";
  netboot-control-plane = node "netboot-control-plane";
}
