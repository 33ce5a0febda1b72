using System.CommandLine;
using System.Text.Json;

namespace UltraCloud.Guards.Bench;

/// <summary>`uc-guards-bench generate | compare | report`: the helper bench/run.sh drives.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("uc-guards benchmark helper (see bench/README.md)");
        root.Subcommands.Add(GenerateCommand());
        root.Subcommands.Add(CompareCommand());
        root.Subcommands.Add(ReportCommand());
        root.Subcommands.Add(LspCommand());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"uc-guards-bench: error: {error.Message}");
            return 2;
        }
        try
        {
            return parse.Invoke();
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or JsonException or KeyNotFoundException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"uc-guards-bench: error: {ex.Message}");
            return 2;
        }
    }

    private static Command GenerateCommand()
    {
        var output = new Option<string>("--out") { Description = "Empty or missing folder to write the tree into", Required = true };
        var scale = new Option<double>("--scale") { Description = "1.0 is about one million lines", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong>("--seed") { Description = "Same seed, same tree", DefaultValueFactory = _ => 20261126UL };
        var skeleton = new Option<string?>("--skeleton") { Description = "A small checkout copied first (samples/ultracloud)" };
        var manifest = new Option<string?>("--manifest") { Description = "Write what was generated (sizes, planted findings, files to stage) as JSON" };
        var command = new Command("generate", "Generate an UltraCloud-shaped tree") { output, scale, seed, skeleton, manifest };
        command.SetAction(parse =>
        {
            var tree = TreeGenerator.Generate(new GeneratorOptions
            {
                Output = parse.GetValue(output)!,
                Scale = parse.GetValue(scale),
                Seed = parse.GetValue(seed),
                Skeleton = parse.GetValue(skeleton),
            });
            if (parse.GetValue(manifest) is { } path)
                File.WriteAllText(path, JsonSerializer.Serialize(tree, ManifestJson));
            Console.WriteLine($"generated {tree.Files} files, {tree.Lines} lines in {tree.Root} ({string.Join(", ", tree.Kinds.Select(k => $"{k.Key} {k.Value.Files} files / {k.Value.Lines} lines"))}); sha256 {tree.Hash}");
            return 0;
        });
        return command;
    }

    public static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, IncludeFields = true };

    private static Command CompareCommand()
    {
        var uc = new Option<string>("--uc-guards") { Description = "uc-guards --format json report", Required = true };
        var sg = new Option<string>("--ast-grep") { Description = "ast-grep scan --json=stream output", Required = true };
        var rules = new Option<string[]>("--rule") { Description = "Compare only these rule ids (repeatable)", AllowMultipleArgumentsPerToken = true };
        var root = new Option<string?>("--root") { Description = "Scanned root, to print each differing source line" };
        var command = new Command("compare", "Compare uc-guards and ast-grep findings by rule, path and line") { uc, sg, rules, root };
        command.SetAction(parse =>
        {
            var only = (parse.GetValue(rules) ?? []).ToHashSet(StringComparer.Ordinal);
            bool Keep(Place p) => only.Count == 0 || only.Contains(p.Rule);
            var left = Findings.ReadUcGuards(parse.GetValue(uc)!).Where(Keep).ToList();
            var right = Findings.ReadAstGrep(parse.GetValue(sg)!).Where(Keep).ToList();
            return Compare(left, right, parse.GetValue(root), Console.Out);
        });
        return command;
    }

    /// <summary>Prints counts by rule and every difference; returns 0 when the sets are identical, 1 otherwise.</summary>
    public static int Compare(List<Place> ucGuards, List<Place> astGrep, string? root, TextWriter output)
    {
        var a = Findings.ByRule(ucGuards);
        var b = Findings.ByRule(astGrep);
        output.WriteLine("| rule | uc-guards | ast-grep |");
        output.WriteLine("| --- | ---: | ---: |");
        foreach (var rule in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
            output.WriteLine($"| {rule} | {a.GetValueOrDefault(rule)} | {b.GetValueOrDefault(rule)} |");
        var (onlyUc, onlySg) = Findings.Difference(ucGuards, astGrep);
        output.WriteLine();
        output.WriteLine(onlyUc.Count == 0 && onlySg.Count == 0
            ? "identical: every finding at the same rule, path and line"
            : $"differences: {onlyUc.Count} only in uc-guards, {onlySg.Count} only in ast-grep");
        void List(string title, List<Place> places)
        {
            if (places.Count == 0) return;
            output.WriteLine();
            output.WriteLine(title);
            foreach (var p in places) output.WriteLine($"  {p}{SourceLine(root, p)}");
        }
        List("only uc-guards:", onlyUc);
        List("only ast-grep:", onlySg);
        return onlyUc.Count == 0 && onlySg.Count == 0 ? 0 : 1;
    }

    private static string SourceLine(string? root, Place p)
    {
        if (root is null) return "";
        try
        {
            var line = File.ReadLines(Path.Combine(root, p.Path)).Skip(p.Line - 1).FirstOrDefault() ?? "";
            line = line.Trim();
            return "    " + (line.Length > 100 ? line[..100] + "..." : line);
        }
        catch (IOException) { return ""; }
    }

    private static Command LspCommand()
    {
        var server = new Option<string>("--server") { Description = "The uc-guards executable to start as `uc-guards lsp`", Required = true };
        var sample = new Option<string>("--sample") { Description = "The sample checkout (samples/ultracloud)", Required = true };
        var work = new Option<string>("--work") { Description = "Folder for the sample's copy", Required = true };
        var tree = new Option<string?>("--tree") { Description = "A generated tree (git repository) for the save latency" };
        var edits = new Option<int>("--edits") { Description = "Edits timed", DefaultValueFactory = _ => 200 };
        var memoryEdits = new Option<int>("--memory-edits") { Description = "Edits before the last memory reading", DefaultValueFactory = _ => 1000 };
        var saves = new Option<int>("--saves") { Description = "Saves timed in the generated tree", DefaultValueFactory = _ => 10 };
        var command = new Command("lsp", "Time the language server: edits, saves, memory") { server, sample, work, tree, edits, memoryEdits, saves };
        command.SetAction(parse => LspBench.Run(new LspBench.Options(
            parse.GetValue(server)!, parse.GetValue(sample)!, parse.GetValue(work)!, parse.GetValue(tree),
            parse.GetValue(edits), parse.GetValue(memoryEdits), parse.GetValue(saves)), Console.Out));
        return command;
    }

    private static Command ReportCommand()
    {
        var results = new Option<string>("--results") { Description = "The results folder bench/run.sh wrote", Required = true };
        var command = new Command("report", "Print the Markdown tables of a benchmark run") { results };
        command.SetAction(parse => Report.Write(parse.GetValue(results)!, Console.Out));
        return command;
    }
}
