{ nixpkgs }:
let
  pkgs = nixpkgs.legacyPackages.x86_64-linux;
in
rec {
  mkNode = { name, role ? "worker" }: nixpkgs.lib.nixosSystem {
    modules = [ { networking.hostName = name; } ];
    specialArgs = { inherit role; };
  };
  # One check per name, built recursively.
  mkChecks = names:
    if names == [ ] then { }
    else { ${builtins.head names} = pkgs.runCommand (builtins.head names) { } "touch $out"; } // mkChecks (builtins.tail names);
}
