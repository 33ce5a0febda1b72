let
  inherit nixpkgs;
in
nixpkgs
