using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace UltraCloud.Guards.Bench;

/// <summary>
/// `uc-guards-bench lsp`: the language server's latency and memory, driven as an editor drives it.
/// In a copy of the sample checkout with a 2,000-line Rust server file: time from each didChange
/// to the publishDiagnostics of that version (200 edits: p50, p95), and the server's resident
/// memory after 100 and after 1,000 edits. In the generated tree (when given): time from didSave
/// of a node module to the republished diagnostics of the flake rules.
/// </summary>
public static class LspBench
{
    public sealed record Options(string Server, string Sample, string Work, string? Tree, int Edits, int MemoryEdits, int Saves);

    public static int Run(Options options, TextWriter output)
    {
        var report = new StringBuilder();
        report.AppendLine("| measure | value | target |");
        report.AppendLine("| --- | ---: | --- |");
        var ok = Edits(options, report);
        if (options.Tree is not null) ok &= Saves(options, report);
        output.Write(report.ToString());
        return ok ? 0 : 1;
    }

    private static LspClient Start(string server, string root, out double scanMs)
    {
        var client = LspClient.Start(server, ["lsp"], root);
        var started = client.Now;
        client.Request("initialize", new JsonObject
        {
            ["rootUri"] = LspClient.FileUri(root),
            ["capabilities"] = new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } },
        }, TimeSpan.FromMinutes(2));
        client.Notify("initialized", new JsonObject());
        var end = client.WaitFor(n => n.Method == "$/progress" && (string?)n.Params!["value"]!["kind"] == "end", TimeSpan.FromMinutes(10), "the first scan");
        scanMs = end.AtMilliseconds - started;
        return client;
    }

    private static bool Edits(Options options, StringBuilder report)
    {
        var root = Path.Combine(options.Work, "sample");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        CopyDirectory(options.Sample, root);
        const string relative = "chainfire/crates/chainfire-server/src/bench_store.rs";
        var (text, _) = RustSource.Write(new Rng(20261126), new PlantRates(), "chainfire", RustRole.ServerService, 1990);
        text += "\npub fn compact_all() -> usize {\n    todo!()\n}\n";
        File.WriteAllText(Path.Combine(root, relative), text);
        var lines = text.Count(c => c == '\n');

        using var client = Start(options.Server, root, out var scanMs);
        var uri = LspClient.FileUri(Path.Combine(root, relative));
        client.DidOpen(uri, "rust", 1, text);
        var first = client.WaitForDiagnostics(uri, 1);
        var findings = first.Params!["diagnostics"]!.AsArray().Count;

        var latencies = new List<double>();
        long rss100 = 0, rssEnd = 0;
        var total = Math.Max(options.Edits, options.MemoryEdits);
        for (var i = 0; i < total; i++)
        {
            var version = i + 2;
            var line = i / 2 * 7 % (lines - 10);
            // Type a comment line in, then take it out again: the file stays the same size over the run.
            var range = i % 2 == 0 ? LspClient.Range(line, 0, line, 0) : LspClient.Range(line, 0, line + 1, 0);
            var sent = client.Now;
            client.DidChange(uri, version, range, i % 2 == 0 ? "    // edited in the benchmark\n" : "");
            var published = client.WaitForDiagnostics(uri, version);
            if (i < options.Edits) latencies.Add(published.AtMilliseconds - sent);
            if (i + 1 == 100) rss100 = client.ResidentKiB();
        }
        rssEnd = client.ResidentKiB();
        client.Stop();

        latencies.Sort();
        var p50 = Percentile(latencies, 0.50);
        var p95 = Percentile(latencies, 0.95);
        var growth = rss100 > 0 ? 100.0 * (rssEnd - rss100) / rss100 : double.NaN;
        report.AppendLine($"| first scan of the sample tree (with the file) | {scanMs:0} ms | |");
        report.AppendLine($"| didChange -> publishDiagnostics, {lines}-line Rust file ({findings} findings), {latencies.Count} edits: p50 | {p50:0.0} ms | |");
        report.AppendLine($"| same, p95 | {p95:0.0} ms | <= 30 ms: {(p95 <= 30 ? "met" : "missed")} |");
        report.AppendLine($"| same, max | {latencies[^1]:0.0} ms | |");
        report.AppendLine($"| resident memory after 100 edits | {rss100 / 1024.0:0.0} MiB | |");
        report.AppendLine($"| resident memory after {total} edits | {rssEnd / 1024.0:0.0} MiB ({growth:+0.0;-0.0} %) | within 10 %: {(Math.Abs(growth) <= 10 ? "met" : "missed")} |");
        return p95 <= 30 && Math.Abs(growth) <= 10;
    }

    private static bool Saves(Options options, StringBuilder report)
    {
        var root = options.Tree!;
        const string relative = "nix/nodes/node02.nix";
        const string disabled = "services.nix-agent.enable = lib.mkForce false;";
        const string enabled = "services.nix-agent.enable = lib.mkForce true;";
        var path = Path.Combine(root, relative);
        var original = File.ReadAllText(path);
        if (!original.Contains(disabled, StringComparison.Ordinal)) throw new ArgumentException($"{relative} in {root} does not disable nix-agent as the sample does");

        using var client = Start(options.Server, root, out var scanMs);
        var uri = LspClient.FileUri(path);
        client.DidOpen(uri, "nix", 1, original);
        client.WaitForDiagnostics(uri, 1);
        var times = new List<double>();
        try
        {
            for (var i = 0; i < options.Saves; i++)
            {
                var fixing = i % 2 == 0;
                var text = fixing ? original.Replace(disabled, enabled, StringComparison.Ordinal) : original;
                client.DidChangeFull(uri, i + 2, text);
                client.WaitForDiagnostics(uri, i + 2);
                File.WriteAllText(path, text);
                var sent = client.Now;
                client.DidSave(uri);
                // The flake rules' answer: UCG2002 gone after the fix, back after the revert.
                var published = client.WaitFor(n => n.Method == "textDocument/publishDiagnostics" && (string?)n.Params!["uri"] == uri
                    && n.Params!["diagnostics"]!.AsArray().Any(d => (string?)d!["code"] == "UCG2002") != fixing, TimeSpan.FromMinutes(2), "the flake rules' republished diagnostics");
                times.Add(published.AtMilliseconds - sent);
            }
        }
        finally
        {
            File.WriteAllText(path, original);
        }
        client.Stop();
        times.Sort();
        report.AppendLine($"| first scan of the generated tree | {scanMs:0} ms | |");
        report.AppendLine($"| didSave of {relative} -> flake rules republished, {times.Count} saves: median | {Percentile(times, 0.5):0} ms | |");
        report.AppendLine($"| same, max | {times[^1]:0} ms | <= 300 ms: {(times[^1] <= 300 ? "met" : "missed")} |");
        return times[^1] <= 300;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
