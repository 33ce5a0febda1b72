{
  description = "eval fixture harness";
  outputs = { self }: {
    apps.x86_64-linux.cluster = { type = "app"; program = "${./run-cluster.sh}"; };
  };
}
