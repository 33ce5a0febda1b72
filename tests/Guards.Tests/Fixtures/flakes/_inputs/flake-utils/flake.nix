# A stand-in for flake-utils: eachSystem and friends, written the way flake-utils writes them.
{
  description = "fixture flake-utils";

  outputs = { self }: {
    lib = rec {
      defaultSystems = [ "aarch64-darwin" "aarch64-linux" "x86_64-darwin" "x86_64-linux" ];
      system = builtins.listToAttrs (map (s: { name = s; value = s; }) defaultSystems);
      eachSystem = systems: f:
        builtins.foldl'
          (attrs: system:
            let ret = f system; in
            builtins.foldl' (attrs: key: attrs // { ${key} = (attrs.${key} or { }) // { ${system} = ret.${key}; }; }) attrs (builtins.attrNames ret))
          { }
          systems;
      eachDefaultSystem = eachSystem defaultSystems;
      eachSystemMap = systems: f: builtins.listToAttrs (map (s: { name = s; value = f s; }) systems);
      eachDefaultSystemMap = eachSystemMap defaultSystems;
      mkApp = { drv, name ? drv.name, exePath ? "/bin/${name}" }: { type = "app"; program = "${drv}${exePath}"; };
    };
  };
}
