# Every canonical entrypoint, for `uc-guards eval`: node02's module list holds a module that
# throws, so exactly that entrypoint fails to evaluate.
{
  description = "eval fixture";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      lib = nixpkgs.lib;
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      node = name: lib.nixosSystem { modules = [ ./nodes/${name}.nix ]; };
    in
    {
      nixosConfigurations = lib.genAttrs [
        "single-node-quickstart" "netboot-all-in-one" "node01" "node03" "netboot-control-plane"
        "ultracloud-iso" "baremetal-qemu-control-plane" "baremetal-qemu-worker"
      ] node // {
        node02 = lib.nixosSystem { modules = [ ./nodes/node02.nix (throw "node02: this module does not evaluate") ]; };
      };

      packages.x86_64-linux.single-node-trial-vm = self.nixosConfigurations.single-node-quickstart.config.system.build.vm;

      apps.x86_64-linux = rec {
        single-node-quickstart = { type = "app"; program = "${pkgs.hello}/bin/single-node-quickstart"; };
        single-node-trial = single-node-quickstart;
      };

      checks.x86_64-linux.baremetal-iso-e2e = pkgs.writeShellScriptBin "baremetal-iso-e2e" "exec true";
    };
}
