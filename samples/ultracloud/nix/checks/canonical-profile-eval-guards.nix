# Forces evaluation of every canonical profile entrypoint.
{ pkgs, self, system, toplevel }:
let
  configurations = [
    "single-node-quickstart"
    "netboot-all-in-one"
    "node01"
    "node02"
    "node03"
    "netboot-control-plane"
    "ultracloud-iso"
    "baremetal-qemu-control-plane"
    "baremetal-qemu-worker"
  ];
in
pkgs.writeText "canonical-profile-eval-guards" (builtins.concatStringsSep "\n" (
  map (name: (toplevel name).drvPath) configurations
  ++ [
    self.apps.${system}.single-node-quickstart.program
    self.apps.${system}.single-node-trial.program
    self.packages.${system}.single-node-trial-vm.drvPath
    self.checks.${system}.baremetal-iso-e2e.drvPath
  ]
))
