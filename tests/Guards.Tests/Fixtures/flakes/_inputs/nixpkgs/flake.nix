# A stand-in for nixpkgs for the fixture flakes: the library functions and packages they use,
# small enough to evaluate offline. nixosSystem forces its module list (so a module that throws
# fails the configuration) and yields derivations at config.system.build.{toplevel,vm}.
{
  description = "fixture nixpkgs";

  outputs = { self }:
    let
      system = "x86_64-linux";
      # Nix's built-in builder: builds in any store, even a local one without a shell in it.
      drv = name: derivation {
        inherit name system;
        builder = "builtin:buildenv";
        derivations = [ ];
        manifest = "/dev/null";
      };
      lib = rec {
        genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
        nameValuePair = name: value: { inherit name value; };
        mapAttrs = builtins.mapAttrs;
        mapAttrs' = f: set: builtins.listToAttrs (map (n: f n set.${n}) (builtins.attrNames set));
        filterAttrs = pred: set: builtins.listToAttrs (builtins.concatMap (n: if pred n set.${n} then [ (nameValuePair n set.${n}) ] else [ ]) (builtins.attrNames set));
        optionalAttrs = cond: set: if cond then set else { };
        optional = cond: x: if cond then [ x ] else [ ];
        hasSuffix = suffix: s: let ls = builtins.stringLength s; lx = builtins.stringLength suffix; in ls >= lx && builtins.substring (ls - lx) lx s == suffix;
        removeSuffix = suffix: s: if hasSuffix suffix s then builtins.substring 0 (builtins.stringLength s - builtins.stringLength suffix) s else s;
        attrNames = builtins.attrNames;
        foldl' = builtins.foldl';
        mkIf = condition: content: { _type = "if"; inherit condition content; };
        mkDefault = content: { _type = "override"; priority = 1000; inherit content; };
        mkForce = content: { _type = "override"; priority = 50; inherit content; };
        mkMerge = contents: { _type = "merge"; inherit contents; };
        mkEnableOption = name: { _type = "option"; default = false; };
        mkOption = args: { _type = "option"; } // args;
        types = { bool = "bool"; str = "str"; port = "port"; };
        # Names this stand-in computes but the static reader cannot see into (an external function).
        extraConfigurations = { external-node = nixosSystem { modules = [ ]; }; };
        mkPackageSet = args: { alpha = drv "alpha"; beta = drv "beta"; };
        nixosSystem = { modules, system ? "x86_64-linux", specialArgs ? { }, ... }:
          let forced = builtins.deepSeq modules true; in {
            inherit modules;
            config.system.build.toplevel = if forced then drv "nixos-system" else null;
            config.system.build.vm = drv "nixos-vm";
          };
      };
    in
    {
      inherit lib;
      legacyPackages.${system} = {
        hello = drv "hello";
        writeText = name: text: drv name;
        writeShellScript = name: text: drv name;
        writeShellScriptBin = name: text: drv name;
        runCommand = name: env: script: drv name;
        linkFarm = name: entries: drv name;
        linkFarmFromDrvs = name: drvs: drv name;
      };
    };
}
