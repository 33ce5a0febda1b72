{ outputs = { self }: rec { f = { __functor = self: self; }; packages.x86_64-linux.a = f 1; }; }
