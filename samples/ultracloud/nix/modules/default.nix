# Every UltraCloud service module; a node enables what it runs.
{
  imports = [
    ../lib/cluster-schema.nix
    ./chainfire.nix
    ./flaredb.nix
    ./iam.nix
    ./plasmavmc.nix
    ./prismnet.nix
    ./deployer.nix
    ./nix-agent.nix
    ./node-agent.nix
    ./fleet-scheduler.nix
    ./first-boot-automation.nix
    ./install-target.nix
    ./lightningstor.nix
    ./fiberlb.nix
  ];
}
