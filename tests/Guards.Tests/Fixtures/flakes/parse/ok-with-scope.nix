# A variable only a `with` can bind is accepted by the parser.
{ lib }:
with lib;
{
  nodes = genAttrs [ "node01" ] (name: name);
  inherit (lib) mkIf;
}
