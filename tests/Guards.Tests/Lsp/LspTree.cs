using System.Text.Json.Nodes;
using UltraCloud.Guards.Bench;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Lsp;

/// <summary>A copy of the sample checkout and a started <c>uc-guards lsp</c> on it, initialized, its first scan done.</summary>
public sealed class LspTree : IDisposable
{
    private readonly TempFolder _folder = new("ultracloud");

    public LspTree(bool progress = true)
    {
        CopyDirectory(Repo.SampleTree, Root);
        // UCG0003 (what the static reader cannot decide) is not what these tests look at.
        File.WriteAllText(Path.Combine(Root, "uc-guards.yaml"), "version: 1\nrules:\n  UCG0003:\n    severity: none\n");
        var dll = Path.Combine(AppContext.BaseDirectory, "uc-guards.dll");
        Client = LspClient.Start("dotnet", [dll, "lsp", "--stdio"], Root);
        Initialize = Client.Request("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = LspClient.FileUri(Root),
            ["capabilities"] = new JsonObject
            {
                ["window"] = new JsonObject { ["workDoneProgress"] = progress, ["showDocument"] = new JsonObject { ["support"] = true } },
                ["workspace"] = new JsonObject { ["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = true } },
                ["textDocument"] = new JsonObject { ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown", "plaintext") } },
            },
        })!;
        Client.Notify("initialized", new JsonObject());
    }

    public string Root => _folder.Root;

    public LspClient Client { get; }

    public JsonObject Initialize { get; }

    public string Uri(string relative) => LspClient.FileUri(Path.Combine(Root, relative));

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public void Write(string relative, string text) => File.WriteAllText(Path.Combine(Root, relative), text);

    /// <summary>A publishDiagnostics as "path:line:column RULE severity" lines (1-based, as the CLI prints).</summary>
    public List<string> Lines(LspClient.Received published) =>
        published.Params!["diagnostics"]!.AsArray().Select(d =>
            $"{Relative((string)published.Params!["uri"]!)}:{(int)d!["range"]!["start"]!["line"]! + 1}:{(int)d["range"]!["start"]!["character"]! + 1} {(string?)d["code"]} {(int)d["severity"]!}").ToList();

    public string Relative(string uri) => Path.GetRelativePath(Root, new Uri(uri).LocalPath).Replace('\\', '/');

    /// <summary>What the server published for each file up to the end of the first scan's progress (the last publish per file).</summary>
    public SortedDictionary<string, List<string>> FirstScan()
    {
        Client.WaitFor(n => n.Method == "$/progress" && (string?)n.Params!["value"]!["kind"] == "end", TimeSpan.FromMinutes(2), "the end of the first scan");
        var byFile = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var n in Client.Notifications.Where(n => n.Method == "textDocument/publishDiagnostics"))
            byFile[Relative((string)n.Params!["uri"]!)] = Lines(n);
        return byFile;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _folder.Dispose();
    }
}
