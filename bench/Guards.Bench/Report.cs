using System.Globalization;
using System.Text.Json;

namespace UltraCloud.Guards.Bench;

/// <summary>
/// Turns the files bench/run.sh leaves in its results folder into Markdown: one table per tree
/// (median wall time, peak RSS, findings per tool, ratios), the growth with scale, and the targets.
/// Layout: results/run.tsv (date, machine, load, command) and one folder per tree holding
/// tree.tsv, hyperfine-*.json (hyperfine --export-json), rss.tsv, uc.json, sg.jsonl, rg.txt and, where compared, compare.tsv.
/// </summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const string UcGuards = "uc-guards check";
    public const string UcGuardsStaged = "uc-guards check --staged";
    public const string AstGrep = "ast-grep";
    public const string Ripgrep = "ripgrep";

    public sealed class Tree
    {
        public required string Name { get; init; }
        public required Dictionary<string, string> Info { get; init; }
        public Dictionary<string, double> Median { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, (double Min, double Max, int Runs)> Spread { get; } = new(StringComparer.Ordinal);
        /// <summary>Mean user + system CPU seconds per run: steadier than wall time on a shared machine.</summary>
        public Dictionary<string, double> Cpu { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> RssKb { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> FindingsText { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Compare { get; } = new(StringComparer.Ordinal);
        public string Get(string key) => Info.GetValueOrDefault(key, "");
        public double? Ratio(string a, string b) =>
            Median.TryGetValue(a, out var x) && Median.TryGetValue(b, out var y) && y > 0 ? x / y : null;
        public double? CpuRatio(string a, string b) =>
            Cpu.TryGetValue(a, out var x) && Cpu.TryGetValue(b, out var y) && y > 0 ? x / y : null;
    }

    public static int Write(string results, TextWriter output)
    {
        if (!Directory.Exists(results)) throw new DirectoryNotFoundException($"results folder not found: {results}");
        var run = ReadTsv(Path.Combine(results, "run.tsv"));
        var trees = Directory.GetDirectories(results).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "tree.tsv"))).Select(Load).ToList();

        output.WriteLine($"Run of {run.GetValueOrDefault("date", "?")} on {run.GetValueOrDefault("machine", "?")}; " +
                         $"load average {run.GetValueOrDefault("load-before", "?")} before, {run.GetValueOrDefault("load-after", "?")} after.");
        output.WriteLine($"Command: `{run.GetValueOrDefault("command", "?")}`; uc-guards build: {run.GetValueOrDefault("build", "?")}; " +
                         $"hyperfine {run.GetValueOrDefault("runs", "?")} runs after {run.GetValueOrDefault("warmup", "?")} warm-up, medians.");
        output.WriteLine();

        foreach (var tree in trees)
        {
            output.WriteLine($"### {tree.Get("title")}");
            output.WriteLine();
            output.WriteLine($"{Num(tree.Get("files"))} files, {Num(tree.Get("lines"))} lines; Rust: {Num(tree.Get("rust-files"))} files, {Num(tree.Get("rust-lines"))} lines.");
            output.WriteLine();
            output.WriteLine("| tool | scans | median wall | min – max | CPU (user+sys) | peak RSS | findings |");
            output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | --- |");
            foreach (var tool in new[] { UcGuards, UcGuardsStaged, AstGrep, Ripgrep })
            {
                var scans = tree.Get("scans-" + tool.Replace(' ', '-'));
                if (!tree.Median.ContainsKey(tool) && scans.Length == 0) continue;
                var median = tree.Median.TryGetValue(tool, out var m) ? Time(m) : "not measured";
                var spread = tree.Spread.TryGetValue(tool, out var s) ? $"{Time(s.Min)} – {Time(s.Max)} ({s.Runs} runs)" : "";
                var rss = tree.RssKb.TryGetValue(tool, out var kb) ? $"{kb / 1024.0:0} MB" : "";
                var cpu = tree.Cpu.TryGetValue(tool, out var c) ? Time(c) : "";
                output.WriteLine($"| {tool} | {scans} | {median} | {spread} | {cpu} | {rss} | {tree.FindingsText.GetValueOrDefault(tool, "")} |");
            }
            output.WriteLine();
            var ratios = new List<string>();
            if (tree.Ratio(UcGuards, AstGrep) is { } ra) ratios.Add($"uc-guards / ast-grep = **{ra:0.000}** (CPU {tree.CpuRatio(UcGuards, AstGrep):0.000})");
            if (tree.Ratio(UcGuards, Ripgrep) is { } rr) ratios.Add($"uc-guards / ripgrep = **{rr:0.0}** (CPU {tree.CpuRatio(UcGuards, Ripgrep):0.0})");
            if (ratios.Count > 0) output.WriteLine(string.Join("; ", ratios) + ".");
            if (tree.Compare.Count > 0)
            {
                output.WriteLine();
                output.WriteLine($"{tree.Compare.GetValueOrDefault("rules", "Findings")} against ast-grep: {(tree.Compare.GetValueOrDefault("identical") == "true" ? "identical" : "different")} " +
                                 $"({tree.Compare.GetValueOrDefault("only-uc-guards", "?")} only in uc-guards, {tree.Compare.GetValueOrDefault("only-ast-grep", "?")} only in ast-grep).");
            }
            output.WriteLine();
        }

        var scaled = trees.Where(t => t.Get("scale").Length > 0 && t.Median.ContainsKey(UcGuards))
            .OrderBy(t => double.Parse(t.Get("scale"), Inv)).ToList();
        double? growth = null, cpuGrowth = null;
        if (scaled.Count > 1)
        {
            output.WriteLine("### Growth with input size (full check of the generated tree)");
            output.WriteLine();
            output.WriteLine("| scale | lines | uc-guards check | × previous | uc-guards CPU | × previous | ast-grep | × previous |");
            output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Tree? previous = null;
            foreach (var t in scaled)
            {
                string Factor(Dictionary<string, double> of, Dictionary<string, double>? before, string tool) =>
                    before is not null && before.TryGetValue(tool, out var p) && of.TryGetValue(tool, out var c) && p > 0 ? $"{c / p:0.00}" : "";
                var sg = t.Median.TryGetValue(AstGrep, out var sgm) ? Time(sgm) : "";
                var ucCpu = t.Cpu.TryGetValue(UcGuards, out var ucc) ? Time(ucc) : "";
                output.WriteLine($"| {t.Get("scale")} | {Num(t.Get("lines"))} | {Time(t.Median[UcGuards])} | {Factor(t.Median, previous?.Median, UcGuards)} | {ucCpu} | {Factor(t.Cpu, previous?.Cpu, UcGuards)} | {sg} | {Factor(t.Median, previous?.Median, AstGrep)} |");
                if (previous is not null && t.Get("scale") == "2.0" && previous.Get("scale") == "1.0")
                {
                    growth = t.Median[UcGuards] / previous.Median[UcGuards];
                    if (t.Cpu.TryGetValue(UcGuards, out var c2) && previous.Cpu.TryGetValue(UcGuards, out var c1) && c1 > 0) cpuGrowth = c2 / c1;
                }
                previous = t;
            }
            output.WriteLine();
        }

        output.WriteLine("### Targets");
        output.WriteLine();
        output.WriteLine("| target | measured | met |");
        output.WriteLine("| --- | --- | --- |");
        var real = trees.FirstOrDefault(t => t.Name == "real");
        var full = trees.FirstOrDefault(t => t.Get("scale") == "1.0");
        if (real?.Ratio(UcGuards, AstGrep) is { } realRatio)
        {
            var identical = real.Compare.GetValueOrDefault("identical") == "true";
            output.WriteLine($"| real Rust corpus ≤ 0.15 × ast-grep, identical UCG1001/UCG1002 findings | {realRatio:0.000} × (CPU {real.CpuRatio(UcGuards, AstGrep):0.000} ×), findings {(identical ? "identical" : "different")} | {Verdict(realRatio <= 0.15 && identical)} |");
        }
        if (full?.Ratio(UcGuards, AstGrep) is { } fullRatio)
            output.WriteLine($"| 1M-line tree, all rules ≤ 0.25 × ast-grep on its Rust files | {fullRatio:0.000} × (CPU {full.CpuRatio(UcGuards, AstGrep):0.000} ×) | {Verdict(fullRatio <= 0.25)} |");
        if (full is not null)
        {
            output.WriteLine(full.Median.TryGetValue(UcGuardsStaged, out var staged)
                ? $"| check --staged, five files ≤ 150 ms | {Time(staged)} | {Verdict(staged <= 0.150)} |"
                : $"| check --staged, five files ≤ 150 ms | {full.Get("staged-note")} | not measured |");
            if (full.RssKb.TryGetValue(UcGuards, out var kb))
                output.WriteLine($"| peak RSS ≤ 300 MB at 1M lines | {kb / 1024.0:0} MB | {Verdict(kb <= 300 * 1024)} |");
        }
        if (growth is { } g) output.WriteLine($"| doubling the input multiplies time by ≤ 2.1 | {g:0.00} × wall (CPU {cpuGrowth:0.00} ×) | {Verdict(g <= 2.1)} |");
        return 0;
    }

    private static string Verdict(bool met) => met ? "yes" : "**no**";

    private static string Time(double seconds) => seconds >= 1 ? $"{seconds:0.00} s" : $"{seconds * 1000:0} ms";

    private static string Num(string value) => long.TryParse(value, out var n) ? n.ToString("N0", Inv) : value;

    private static Tree Load(string dir)
    {
        var tree = new Tree { Name = Path.GetFileName(dir), Info = ReadTsv(Path.Combine(dir, "tree.tsv")) };
        foreach (var hyperfine in Directory.GetFiles(dir, "hyperfine*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(hyperfine));
            foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray())
            {
                var name = r.GetProperty("command").GetString()!;
                tree.Median[name] = r.GetProperty("median").GetDouble();
                var times = r.GetProperty("times").EnumerateArray().Select(t => t.GetDouble()).ToList();
                if (times.Count > 0) tree.Spread[name] = (times.Min(), times.Max(), times.Count);
                if (r.TryGetProperty("user", out var user) && r.TryGetProperty("system", out var system))
                    tree.Cpu[name] = user.GetDouble() + system.GetDouble();
            }
        }
        foreach (var (tool, kb) in ReadTsv(Path.Combine(dir, "rss.tsv")))
            if (long.TryParse(kb, out var n)) tree.RssKb[tool] = n;

        var uc = Path.Combine(dir, "uc.json");
        if (File.Exists(uc)) tree.FindingsText[UcGuards] = Counts(Findings.ByRule(Findings.ReadUcGuards(uc)));
        var staged = Path.Combine(dir, "uc-staged.json");
        if (File.Exists(staged)) tree.FindingsText[UcGuardsStaged] = Counts(Findings.ByRule(Findings.ReadUcGuards(staged)));
        var sg = Path.Combine(dir, "sg.jsonl");
        if (File.Exists(sg)) tree.FindingsText[AstGrep] = Counts(Findings.ByRule(Findings.ReadAstGrep(sg)));
        var rg = Path.Combine(dir, "rg.txt");
        if (File.Exists(rg))
        {
            var lines = File.ReadLines(rg).Count(l => l.Length > 0);
            tree.FindingsText[Ripgrep] = $"{lines} matching lines";
        }
        foreach (var (k, v) in ReadTsv(Path.Combine(dir, "compare.tsv"))) tree.Compare[k] = v;
        return tree;
    }

    private static string Counts(SortedDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"));

    private static Dictionary<string, string> ReadTsv(string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(file)) return values;
        foreach (var line in File.ReadLines(file))
        {
            var tab = line.IndexOf('\t');
            if (tab > 0) values[line[..tab]] = line[(tab + 1)..];
        }
        return values;
    }
}
