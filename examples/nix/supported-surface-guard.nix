# `uc-guards check` as a flake check: checks.<system>.supported-surface-guard.
#
# In the UltraCloud flake, add the guards as an input and merge this into `outputs`:
#
#   inputs.ultracloud-guards.url = "git+https://example.invalid/ultracloud-guards";  # your copy
#
#   outputs = { self, nixpkgs, ultracloud-guards, ... }@inputs:
#     let guard = import ./nix/checks/supported-surface-guard.nix inputs;
#     in {
#       checks = nixpkgs.lib.recursiveUpdate existingChecks guard.checks;
#     };
#
# `nix flake check` (or `nix build .#checks.x86_64-linux.supported-surface-guard`) then fails
# when the tree has findings at or above `fail-on`. The check reads the flake's source from the
# store: no network and no evaluation of UltraCloud itself are needed. Its output keeps the
# reports (text, SARIF, JSON) for inspection under ./result.
{ self, nixpkgs, ultracloud-guards, ... }:
let
  systems = [ "x86_64-linux" ];
  forAllSystems = nixpkgs.lib.genAttrs systems;
in
{
  checks = forAllSystems (system:
    let
      pkgs = nixpkgs.legacyPackages.${system};
      uc-guards = ultracloud-guards.packages.${system}.default;
    in
    {
      supported-surface-guard = pkgs.runCommand "supported-surface-guard"
        {
          nativeBuildInputs = [ uc-guards ];
          src = self;
        }
        ''
          set -o pipefail
          mkdir -p "$out"
          uc-guards check "$src" --quiet --color never \
            --report sarif="$out/uc-guards.sarif" \
            --report json="$out/uc-guards.json" \
            | tee "$out/uc-guards.txt"
        '';
    });
}
