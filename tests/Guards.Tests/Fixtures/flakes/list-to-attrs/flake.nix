# builtins.listToAttrs (map ...) in its common shapes: { name; value; } records, lib.nameValuePair,
# and lib.mapAttrs' over another output.
{
  description = "listToAttrs fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      lib = nixpkgs.lib;
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      nodeNames = [ "baremetal-qemu-control-plane" "baremetal-qemu-worker" ];
      mkNode = name: lib.nixosSystem { modules = [ ]; };
    in
    {
      nixosConfigurations = builtins.listToAttrs (map (name: { inherit name; value = mkNode name; }) nodeNames)
        // builtins.listToAttrs [ { name = "ultracloud-iso"; value = mkNode "iso"; } ];

      packages.x86_64-linux = builtins.listToAttrs (map (kind: lib.nameValuePair "image-${kind}" (pkgs.writeText kind kind)) [ "iso" "netboot" ]);

      checks.x86_64-linux = lib.mapAttrs' (name: drv: lib.nameValuePair "build-${name}" drv) self.packages.x86_64-linux;
    };
}
