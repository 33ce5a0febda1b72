# A stand-in for home-manager for the fixture flakes: a library of its own to merge with nixpkgs'.
{
  description = "fixture home-manager";

  outputs = { self }: {
    lib.hm.dag.entryAfter = after: data: { inherit after data; };
    nixosModules.home-manager = { };
  };
}
