{ outputs, ... }: { imports = [ outputs.nixosModules.common ]; services.xserver.enable = true; }
