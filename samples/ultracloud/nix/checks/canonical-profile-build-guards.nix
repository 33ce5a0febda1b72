# Realises the single-node VM, the HA control-plane configs and companion image, and the ISO.
{ pkgs, toplevel, self, system }:
pkgs.linkFarm "canonical-profile-build-guards" [
  { name = "single-node-trial-vm"; path = self.packages.${system}.single-node-trial-vm; }
  { name = "node01"; path = toplevel "node01"; }
  { name = "node02"; path = toplevel "node02"; }
  { name = "node03"; path = toplevel "node03"; }
  { name = "netboot-control-plane"; path = toplevel "netboot-control-plane"; }
  { name = "ultracloud-iso"; path = toplevel "ultracloud-iso"; }
  { name = "baremetal-qemu-control-plane"; path = toplevel "baremetal-qemu-control-plane"; }
  { name = "baremetal-qemu-worker"; path = toplevel "baremetal-qemu-worker"; }
]
