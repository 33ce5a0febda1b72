using System.Security.Cryptography;
using System.Text;

namespace UltraCloud.Guards.Bench;

public sealed record GeneratorOptions
{
    public required string Output { get; init; }
    /// <summary>1.0 is about one million lines.</summary>
    public double Scale { get; init; } = 1.0;
    public ulong Seed { get; init; } = 20261126;
    /// <summary>A small real checkout copied first (the repository's samples/ultracloud): flake, nodes, docs table.</summary>
    public string? Skeleton { get; init; }
    public PlantRates Rates { get; init; } = new();
}

/// <summary>What was generated: sizes by kind, what was planted where, and the files to stage.</summary>
public sealed class GeneratedTree
{
    public required string Root { get; init; }
    public ulong Seed { get; init; }
    public double Scale { get; init; }
    public SortedDictionary<string, KindStats> Kinds { get; } = new(StringComparer.Ordinal);
    /// <summary>Stubs and markers planted in bulk files where the default policy looks (the skeleton adds its own).</summary>
    public SortedDictionary<string, int> PlantedInScope { get; } = new(StringComparer.Ordinal);
    /// <summary>Stubs and markers planted where the policy must not report them (other crates, test code, decoys).</summary>
    public SortedDictionary<string, int> PlantedOutOfScope { get; } = new(StringComparer.Ordinal);
    public List<string> StageCandidates { get; } = [];
    /// <summary>SHA-256 over every path and content, in ordinal path order.</summary>
    public string Hash { get; set; } = "";
    public int Files => Kinds.Values.Sum(k => k.Files);
    public long Lines => Kinds.Values.Sum(k => k.Lines);
}

public sealed class KindStats
{
    public int Files { get; set; }
    public long Lines { get; set; }
}

/// <summary>
/// Generates an UltraCloud-shaped tree deterministically from a seed: ~70 % Rust in the component
/// workspaces (server crates with gRPC handlers, api/client/types crates, tests), ~20 % Nix
/// (modules, packages, VM-cluster harness scenarios) and ~10 % Markdown docs, with stubs and
/// completeness markers at a low density (most files have none).
/// </summary>
public static class TreeGenerator
{
    public static readonly string[] Workspaces =
    [
        "chainfire", "flaredb", "iam", "plasmavmc", "prismnet", "lightningstor", "coronafs", "flashdns", "fiberlb",
        "apigateway", "nightlight", "creditservice", "k8shost", "deployer", "nix-agent", "node-agent", "fleet-scheduler",
    ];

    public static readonly string[] Providers = ["fiberlb", "prismnet", "plasmavmc", "k8shost"];

    private static readonly string[] ServerAreas = ["storage", "state", "raft", "config", "metrics", "auth", "watch"];
    private static readonly string[] OtherCrates = ["api", "client", "types", "proto", "storage"];

    public static GeneratedTree Generate(GeneratorOptions options)
    {
        if (options.Scale <= 0) throw new ArgumentException("scale must be positive");
        var root = Path.GetFullPath(options.Output);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new IOException($"output folder is not empty: {root}");
        Directory.CreateDirectory(root);

        var result = new GeneratedTree { Root = root, Seed = options.Seed, Scale = options.Scale };
        foreach (var rule in new[] { "UCG1001", "UCG1002", "UCG1003", "UCG1004" })
        {
            result.PlantedInScope[rule] = 0;
            result.PlantedOutOfScope[rule] = 0;
        }
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        if (options.Skeleton is not null) CopySkeleton(options.Skeleton, files);

        var rng = new Rng(options.Seed);
        var total = (long)(1_000_000 * options.Scale);
        var rust = new Dictionary<string, List<string>>(StringComparer.Ordinal); // crate dir -> module paths under src/
        var serverService = new List<string>();
        var serverLibrary = new List<string>();
        var nixModules = new List<string>();
        var docs = new List<string>();

        void Add(string path, string text)
        {
            if (files.ContainsKey(path)) return;
            files[path] = text;
        }

        // Rust: 70 %.
        var rustRng = rng.Fork("rust");
        long rustBudget = total * 70 / 100, rustLines = 0;
        var counter = 0;
        while (rustLines < rustBudget)
        {
            var component = rustRng.Pick(Workspaces);
            var lines = FileLength(rustRng, 40, 230, 1600);
            var roll = rustRng.NextDouble();
            string path;
            RustRole role;
            var scope = "other";
            var name = $"{Words.Snake(rustRng.Pick(Words.Nouns))}_{++counter}";
            if (roll < 0.25)
            {
                role = RustRole.ServerService;
                path = $"{component}/crates/{component}-server/src/service/{name}.rs";
                scope = "server";
                serverService.Add(path);
            }
            else if (roll < 0.45)
            {
                role = RustRole.Library;
                path = $"{component}/crates/{component}-server/src/{rustRng.Pick(ServerAreas)}/{name}.rs";
                scope = "server";
                serverLibrary.Add(path);
            }
            else if (roll < 0.80)
            {
                role = RustRole.Library;
                var crate = rustRng.Pick(OtherCrates);
                path = $"{component}/crates/{component}-{crate}/src/{name}.rs";
            }
            else
            {
                role = RustRole.Test;
                var where = rustRng.Next(10);
                path = where < 5 ? $"{component}/crates/{component}-server/tests/{name}.rs"
                    : where < 9 ? $"{component}/tests/{name}.rs"
                    : $"{component}/crates/{component}-server/benches/{name}.rs";
            }
            var (text, planted) = RustSource.Write(rustRng.Fork(path), options.Rates, component, role, lines);
            Add(path, text);
            rustLines += CountLines(text);
            var srcAt = path.IndexOf("/src/", StringComparison.Ordinal);
            if (srcAt >= 0)
            {
                var crateDir = path[..srcAt];
                if (!rust.TryGetValue(crateDir, out var modules)) rust[crateDir] = modules = [];
                modules.Add(path[(crateDir.Length + "/src/".Length)..]);
            }

            var inServer = scope == "server";
            var provider = inServer && Providers.Contains(component);
            Count(result, "UCG1001", planted.StubMacros, inServer);
            Count(result, "UCG1002", planted.StubStatuses, inServer);
            Count(result, "UCG1003", planted.Markers, provider);
            result.PlantedOutOfScope["UCG1001"] += planted.TestStubs;
        }

        // Crate roots and module files, so every module is declared the way cargo would load it.
        foreach (var (crateDir, modules) in rust.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var crateName = crateDir[(crateDir.LastIndexOf('/') + 1)..];
            var top = new SortedSet<string>(StringComparer.Ordinal);
            var nested = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var module in modules)
            {
                var slash = module.IndexOf('/');
                if (slash < 0) { top.Add(module[..^3]); continue; }
                var dir = module[..slash];
                top.Add(dir);
                if (!nested.TryGetValue(dir, out var set)) nested[dir] = set = new SortedSet<string>(StringComparer.Ordinal);
                set.Add(module[(slash + 1)..^3]);
            }
            var isServer = crateName.EndsWith("-server", StringComparison.Ordinal);
            var lib = new StringBuilder();
            lib.Append($"//! The {crateName} crate.\n\n");
            foreach (var m in top) lib.Append($"pub mod {m};\n");
            if (isServer)
            {
                lib.Append("\npub async fn run(config: config::Config) -> Result<(), Box<dyn std::error::Error>> {\n");
                lib.Append("    tracing::info!(?config, \"starting\");\n    Ok(())\n}\n");
            }
            Add($"{crateDir}/src/lib.rs", lib.ToString());
            foreach (var (dir, set) in nested)
                Add($"{crateDir}/src/{dir}/mod.rs", string.Concat(set.Select(m => $"pub mod {m};\n")));
            Add($"{crateDir}/Cargo.toml",
                $"[package]\nname = \"{crateName}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntokio = {{ version = \"1\", features = [\"full\"] }}\ntonic = \"0.12\"\ntracing = \"0.1\"\nthiserror = \"1\"\n");
        }
        foreach (var component in Workspaces)
        {
            var members = rust.Keys.Where(k => k.StartsWith(component + "/", StringComparison.Ordinal))
                .Select(k => k[(component.Length + 1)..]).Order(StringComparer.Ordinal).ToList();
            if (members.Count == 0) continue;
            Add($"{component}/Cargo.toml",
                "[workspace]\nresolver = \"2\"\nmembers = [\n" + string.Concat(members.Select(m => $"    \"{m}\",\n")) + "]\n");
        }

        // Nix: 20 %.
        var nixRng = rng.Fork("nix");
        long nixBudget = total * 20 / 100, nixLines = CountKind(files, ".nix");
        counter = 0;
        while (nixLines < nixBudget)
        {
            var lines = FileLength(nixRng, 30, 150, 900);
            var roll = nixRng.NextDouble();
            var part = $"{nixRng.Pick(Words.Nouns)}-{++counter}";
            string path, text;
            int wording;
            if (roll < 0.55)
            {
                var component = nixRng.Pick(Workspaces);
                path = $"nix/modules/{component}/{part}.nix";
                (text, wording) = NixSource.Module(nixRng.Fork(path), component, part, lines, 0.01);
                nixModules.Add(path);
                result.PlantedOutOfScope["UCG1004"] += wording;
            }
            else if (roll < 0.85)
            {
                path = $"nix/test-cluster/scenarios/{part}.nix";
                (text, wording) = NixSource.Scenario(nixRng.Fork(path), part, lines, 0.01);
                result.PlantedInScope["UCG1004"] += wording;
            }
            else
            {
                var component = nixRng.Pick(Workspaces);
                path = $"nix/pkgs/{component}/{part}.nix";
                (text, wording) = NixSource.Module(nixRng.Fork(path), component, part, lines, 0.01);
                result.PlantedOutOfScope["UCG1004"] += wording;
            }
            Add(path, text);
            nixLines += CountLines(text);
        }

        // Markdown: 10 %.
        var mdRng = rng.Fork("markdown");
        long mdBudget = total * 10 / 100, mdLines = CountKind(files, ".md");
        counter = 0;
        foreach (var component in Workspaces)
        {
            var (text, _) = MarkdownSource.Doc(mdRng.Fork(component), Words.Pascal(component), 60, 0.0);
            var readme = $"{component}/README.md";
            if (files.ContainsKey(readme)) continue;
            Add(readme, text);
            mdLines += CountLines(text);
        }
        while (mdLines < mdBudget || docs.Count < 3)
        {
            var lines = FileLength(mdRng, 20, 120, 700);
            var topic = $"{mdRng.Pick(Words.Nouns)}-{mdRng.Pick(Words.Verbs)}-{++counter}";
            var published = mdRng.Chance(0.4);
            var component = mdRng.Pick(Workspaces);
            var path = published ? $"docs/{topic}.md" : $"{component}/docs/{topic}.md";
            var (text, wording) = MarkdownSource.Doc(mdRng.Fork(path), Words.Pascal(topic), lines, 0.02);
            Add(path, text);
            if (published) docs.Add(path);
            var addOnDoc = !published && !new[] { "chainfire", "flaredb", "iam", "plasmavmc", "prismnet", "deployer", "nix-agent", "node-agent", "fleet-scheduler" }.Contains(component);
            if (published || addOnDoc) result.PlantedInScope["UCG1004"] += wording;
            else result.PlantedOutOfScope["UCG1004"] += wording;
            mdLines += CountLines(text);
        }

        Add(".gitignore", "target/\nresult\nresult-*\nwork/\n");

        // Write, count, hash.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var bytes = Encoding.UTF8.GetBytes(text);
            File.WriteAllBytes(full, bytes);
            sha.AppendData(Encoding.UTF8.GetBytes(path + "\0"));
            sha.AppendData(bytes);
            sha.AppendData([0]);
            var kind = Path.GetExtension(path) switch { ".rs" => "rust", ".nix" => "nix", ".md" => "markdown", _ => "other" };
            if (!result.Kinds.TryGetValue(kind, out var stats)) result.Kinds[kind] = stats = new KindStats();
            stats.Files++;
            stats.Lines += CountLines(text);
        }
        result.Hash = Convert.ToHexStringLower(sha.GetHashAndReset());

        // Five files a developer might stage together: two handlers, a server module, a Nix module, a doc.
        var pick = rng.Fork("stage");
        string Choose(List<string> from) => from.Count == 0 ? "" : from[pick.Next(from.Count)];
        foreach (var candidate in new[] { Choose(serverService), Choose(serverService), Choose(serverLibrary), Choose(nixModules), Choose(docs) })
        {
            if (candidate.Length > 0 && !result.StageCandidates.Contains(candidate)) result.StageCandidates.Add(candidate);
        }
        return result;
    }

    private static void Count(GeneratedTree result, string rule, int count, bool inScope)
    {
        if (inScope) result.PlantedInScope[rule] += count;
        else result.PlantedOutOfScope[rule] += count;
    }

    /// <summary>A file length with a long tail: most files are short, a few are long.</summary>
    private static int FileLength(Rng rng, int min, int mean, int max)
    {
        var u = Math.Max(1e-9, rng.NextDouble());
        var length = min + (int)(-Math.Log(u) * (mean - min));
        return Math.Min(length, max);
    }

    private static long CountLines(string text)
    {
        long n = 0;
        foreach (var c in text) if (c == '\n') n++;
        return n;
    }

    private static long CountKind(SortedDictionary<string, string> files, string extension) =>
        files.Where(kv => kv.Key.EndsWith(extension, StringComparison.Ordinal)).Sum(kv => CountLines(kv.Value));

    private static void CopySkeleton(string skeleton, SortedDictionary<string, string> files)
    {
        var root = Path.GetFullPath(skeleton);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"skeleton folder not found: {root}");
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Split('/').Any(s => s is ".git" or "bin" or "obj")) continue;
            files[relative] = File.ReadAllText(file);
        }
    }
}
