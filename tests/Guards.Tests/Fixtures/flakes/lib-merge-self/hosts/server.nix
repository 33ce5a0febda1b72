{ outputs, ... }: { imports = [ outputs.nixosModules.common ]; }
