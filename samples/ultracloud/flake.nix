{
  description = "UltraCloud: NixOS-based cloud platform (sample checkout)";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  };

  outputs = { self, nixpkgs, ... }:
    let
      system = "x86_64-linux";
      lib = nixpkgs.lib;
      mkNode = name: lib.nixosSystem {
        inherit system;
        modules = [ ./nix/modules ./nix/nodes/${name}.nix ];
      };
      controlPlane = [ "node01" "node02" "node03" ];
    in
    {
      nixosConfigurations = lib.genAttrs controlPlane mkNode // {
        single-node-quickstart = mkNode "single-node-quickstart";
        baremetal-qemu-control-plane = mkNode "baremetal-qemu-control-plane";
        baremetal-qemu-worker = mkNode "baremetal-qemu-worker";
        netboot-all-in-one = lib.nixosSystem {
          inherit system;
          modules = [ ./nix/modules ./nix/images/netboot-all-in-one.nix ];
        };
        netboot-control-plane = lib.nixosSystem {
          inherit system;
          modules = [ ./nix/modules ./nix/images/netboot-control-plane.nix ];
        };
        ultracloud-iso = lib.nixosSystem {
          inherit system;
          modules = [ ./nix/modules ./nix/images/ultracloud-iso.nix ];
        };
        netboot-worker = lib.nixosSystem {
          inherit system;
          modules = [ ./nix/modules ./nix/images/netboot-worker.nix ];
        };
      };

      packages.${system} = {
        single-node-trial-vm = self.nixosConfigurations.single-node-quickstart.config.system.build.vm;
        default = self.packages.${system}.single-node-trial-vm;
      };

      apps.${system} = rec {
        single-node-quickstart = {
          type = "app";
          program = "${self.packages.${system}.single-node-trial-vm}/bin/run-single-node-quickstart";
        };
        single-node-trial = single-node-quickstart;
      };

      checks.${system} = import ./nix/checks { inherit self nixpkgs system; };
    };
}
