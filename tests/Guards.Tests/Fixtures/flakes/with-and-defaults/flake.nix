# `with`, `or` defaults, `?`, removeAttrs, filter and `let` inside attribute values.
{
  description = "with fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    with nixpkgs.lib;
    let
      settings = { nodes = [ "node01" "node02" "node03" "scratch" ]; };
      nodes = builtins.filter (n: n != "scratch") (settings.nodes or [ ]);
      images = settings.images or [ "netboot-all-in-one" ];
      all = genAttrs (nodes ++ images) (name: nixosSystem { modules = [ ]; });
    in
    {
      nixosConfigurations = builtins.removeAttrs all (if settings ? drop then settings.drop else [ "node03" ]);
      apps.x86_64-linux = let pkgs = nixpkgs.legacyPackages.x86_64-linux; in {
        single-node-quickstart = { type = "app"; program = "${pkgs.hello}/bin/hello"; };
      };
    };
}
