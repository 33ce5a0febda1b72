# A stand-in for flake-parts for the fixture flakes: mkFlake with imports (paths, sets,
# functions), systems, perSystem transposed over the systems and flake merged on top. No
# option types, no module arguments beyond the ones the fixtures use.
{
  description = "fixture flake-parts";

  outputs = { self }: {
    lib.mkFlake = { inputs }: top:
      let
        args = { inherit inputs; self = inputs.self; lib = inputs.nixpkgs.lib; };
        load = m: let v = if builtins.isPath m then import m else m; in if builtins.isFunction v then v args else v;
        collect = ms: builtins.concatMap (m: let v = load m; in [ v ] ++ collect (v.imports or [ ])) ms;
        modules = collect [ top ];
        systems = builtins.head (builtins.concatMap (m: if m ? systems then [ m.systems ] else [ ]) modules);
        perSystems = builtins.concatMap (m: if m ? perSystem then [ m.perSystem ] else [ ]) modules;
        update = a: b: a // builtins.mapAttrs (n: v: if builtins.isAttrs v && a ? ${n} && builtins.isAttrs a.${n} then update a.${n} v else v) b;
        forSystem = system:
          let
            pkgs = inputs.nixpkgs.legacyPackages.${system};
            perArgs = { inherit system pkgs; lib = inputs.nixpkgs.lib; self' = builtins.mapAttrs (_: v: v.${system}) (builtins.intersectAttrs { packages = 0; apps = 0; } inputs.self); };
          in
          builtins.foldl' update { } (map (p: if builtins.isFunction p then p perArgs else p) perSystems);
        categories = [ "packages" "apps" "checks" "devShells" ];
        transposed = builtins.listToAttrs (map (c: {
          name = c;
          value = builtins.listToAttrs (map (s: { name = s; value = (forSystem s).${c} or { }; }) systems);
        }) categories);
      in
      builtins.foldl' update transposed (builtins.concatMap (m: if m ? flake then [ m.flake ] else [ ]) modules);
  };
}
