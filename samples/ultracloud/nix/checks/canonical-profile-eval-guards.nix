# Forces evaluation of every canonical profile entrypoint.
{ pkgs, toplevel }:
let
  entrypoints = [
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
pkgs.writeText "canonical-profile-eval-guards" (builtins.concatStringsSep "\n" (map (name: (toplevel name).drvPath) entrypoints))
