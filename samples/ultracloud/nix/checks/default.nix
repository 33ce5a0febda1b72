# The flake's checks.x86_64-linux: the canonical guards and the portable regression lane.
{ self, nixpkgs, system }:
let
  pkgs = nixpkgs.legacyPackages.${system};
  toplevel = name: self.nixosConfigurations.${name}.config.system.build.toplevel;
  evalGuard = import ./canonical-profile-eval-guards.nix { inherit pkgs self system toplevel; };
in
rec {
  canonical-profile-eval-guards = evalGuard;
  canonical-profile-build-guards = import ./canonical-profile-build-guards.nix { inherit pkgs toplevel self system; };
  supported-surface-guard = pkgs.runCommand "supported-surface-guard" { } "touch $out";
  deployer-bootstrap-e2e = pkgs.runCommand "deployer-bootstrap-e2e" { } "touch $out";
  host-lifecycle-e2e = pkgs.runCommand "host-lifecycle-e2e" { } "touch $out";
  deployer-vm-smoke = pkgs.runCommand "deployer-vm-smoke" { } "touch $out";
  fleet-scheduler-e2e = pkgs.runCommand "fleet-scheduler-e2e" { } "touch $out";
  baremetal-iso-e2e = pkgs.writeShellScriptBin "baremetal-iso-e2e" ''
    exec ${../test-cluster/verify-baremetal-iso.sh} "$@"
  '';
  portable-control-plane-regressions = pkgs.linkFarm "portable-control-plane-regressions" [
    { name = "eval-guards"; path = canonical-profile-eval-guards; }
    { name = "deployer-bootstrap-e2e"; path = deployer-bootstrap-e2e; }
    { name = "host-lifecycle-e2e"; path = host-lifecycle-e2e; }
    { name = "deployer-vm-smoke"; path = deployer-vm-smoke; }
    { name = "fleet-scheduler-e2e"; path = fleet-scheduler-e2e; }
    { name = "supported-surface-guard"; path = supported-surface-guard; }
  ];
}
