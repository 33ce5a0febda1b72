let
  a = b + 1;
  b = 1;
  inherit (builtins) map;
in
rec {
  x = a;
  y = x + b;
  z = map (v: v) [ y ];
  nested.deeper = x;
  nested.other = y;
}
