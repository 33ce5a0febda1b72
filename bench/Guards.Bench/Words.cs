namespace UltraCloud.Guards.Bench;

/// <summary>The vocabulary generated code and docs are made of.</summary>
internal static class Words
{
    public static readonly string[] Nouns =
    [
        "volume", "node", "lease", "member", "tenant", "port", "listener", "backend", "route", "bucket",
        "object", "snapshot", "quota", "wallet", "zone", "record", "policy", "token", "session", "cluster",
        "shard", "replica", "region", "pool", "image", "instance", "network", "subnet", "acl", "certificate",
        "peer", "ledger", "reservation", "metric", "series", "segment", "chunk", "manifest", "plan", "rollout",
    ];

    public static readonly string[] Verbs =
    [
        "get", "put", "list", "delete", "create", "update", "watch", "sync", "apply", "resolve", "reconcile",
        "validate", "allocate", "release", "drain", "restore", "publish", "fetch", "compute", "encode", "decode",
        "refresh", "rotate", "attach", "detach", "migrate", "schedule", "register", "renew", "compact",
    ];

    public static readonly string[] Adjectives =
    [
        "pending", "active", "stale", "local", "remote", "desired", "observed", "primary", "standby", "cached",
        "leased", "sealed", "healthy", "degraded", "draining", "current", "previous", "next", "default", "shared",
    ];

    public static readonly string[] Types =
    [
        "u64", "u32", "i64", "bool", "String", "Vec<String>", "Option<u64>", "Duration", "SocketAddr",
        "HashMap<String, u64>", "Arc<RwLock<State>>", "Uuid", "Bytes", "Option<String>", "BTreeMap<u64, Entry>",
    ];

    public static readonly string[] Sentences =
    [
        "The {0} is written once and read by every {1} of the cluster.",
        "Each {0} keeps its {2} state until the next {1} reconciles it.",
        "A {0} that misses three heartbeats is marked {2} and its {1} is released.",
        "Requests for an unknown {0} are answered with a typed not-found error.",
        "The {1} loop runs on every node and converges the {2} {0} to the desired one.",
        "Writes go through the leader; followers serve {2} reads of the {0} table.",
        "Quota is charged when the {0} is created and refunded when it is deleted.",
        "The {0} index is rebuilt from the log after a restart, then compacted.",
        "Operators inspect the {0} through the admin API or the CLI.",
        "Metrics for every {1} are exported with the {0} id as a label.",
        "A {2} {0} is never handed to a second {1}.",
        "Timeouts are configured per {0} and default to thirty seconds.",
    ];

    public static string Sentence(Rng rng) =>
        string.Format(rng.Pick(Sentences), rng.Pick(Nouns), rng.Pick(Nouns), rng.Pick(Adjectives));

    public static string Pascal(string word) =>
        string.Concat(word.Split('-', '_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    public static string Snake(string word) => word.Replace('-', '_');
}
