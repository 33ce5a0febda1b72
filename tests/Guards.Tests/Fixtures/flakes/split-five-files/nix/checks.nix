{ self, pkgs, system }:
let
  toplevel = name: self.nixosConfigurations.${name}.config.system.build.toplevel;
in
rec {
  canonical-profile-eval-guards = pkgs.writeText "eval-guards" (builtins.concatStringsSep "\n" (map (n: (toplevel n).drvPath) [ "node01" "node02" "node03" ]));
  canonical-profile-build-guards = pkgs.linkFarmFromDrvs "build-guards" [ self.packages.${system}.single-node-trial-vm ];
  portable-control-plane-regressions = pkgs.linkFarmFromDrvs "portable" [ canonical-profile-eval-guards ];
}
