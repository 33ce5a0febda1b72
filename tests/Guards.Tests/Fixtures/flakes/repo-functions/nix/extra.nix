{ mkNode }:
{
  node02 = mkNode { name = "node02"; role = "control-plane"; };
}
