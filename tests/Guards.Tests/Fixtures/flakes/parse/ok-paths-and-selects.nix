{ pkgs ? { }, lib ? { } }:
let
  dir = ./nodes;
  file = name: dir + "/${name}.nix";
  set = { a.b.c = 1; a = { d = 2; }; };
in
{
  node = file "node01";
  deep = set.a.b.c or 0;
  has = set ? a.b;
  search = <nixpkgs/nixos/modules/installer/cd-dvd/installation-cd-minimal.nix>;
  home = ~/config.nix;
  fn = { x, y ? x, ... }@args: x + y;
  lambda = x: y: x // y;
  assertion = assert true; 1;
  neg = -1 + 2 * 3 / 4;
  cmp = 1 < 2 && 2 <= 3 || !(4 > 5) -> 6 >= 6;
  list = [ 1 "two" ./three { four = 4; } (x: x) ];
}
