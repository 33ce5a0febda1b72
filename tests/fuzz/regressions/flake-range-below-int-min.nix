{ outputs = { self, nixpkgs }: { packages.x86_64-linux = builtins.listToAttrs (map (i: { name = "p${toString i}"; value = i; }) (nixpkgs.lib.range 0 (-2147483650))); }; }
