using System.Text;
using System.Text.Json.Nodes;
using UltraCloud.Guards.Bench;

namespace UltraCloud.Guards.Tests.Lsp;

/// <summary>
/// The real <c>uc-guards lsp</c> process on a copy of the sample checkout, driven by a scripted
/// editor: every published diagnostic is asserted exactly.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LanguageServerProcessTests
{
    private const string MainRs = "chainfire/crates/chainfire-server/src/main.rs";

    private static readonly string[] SampleFindings =
    [
        "chainfire/crates/chainfire-server/src/main.rs:24:9 UCG1001 1",
        "chainfire/crates/chainfire-server/src/membership.rs:18:47 UCG1001 1",
        "docs/rollout-bundle.md:16:28 UCG1004 1",
        "docs/testing.md:38:3 UCG2005 1",
        "docs/testing.md:40:11 UCG2008 1",
        "fiberlb/crates/fiberlb-server/src/listener.rs:18:24 UCG1002 1",
        "fiberlb/crates/fiberlb-server/src/listener.rs:24:12 UCG1003 1",
        "fiberlb/crates/fiberlb-server/src/listener.rs:46:8 UCG1003 1",
        "flake.nix:35:9 UCG1005 1",
        "nix/nodes/node02.nix:8:3 UCG2002 1",
        "nix/test-cluster/work-root-budget.sh:13:7 UCG1004 1",
        "prismnet/crates/prismnet-server/src/acl.rs:9:8 UCG1003 1",
    ];

    [Fact]
    public void The_first_scan_publishes_what_check_finds_with_codes_links_and_related_places()
    {
        using var tree = new LspTree();
        var capabilities = tree.Initialize["result"]!["capabilities"]!;
        Assert.Equal(2, (int)capabilities["textDocumentSync"]!["change"]!);
        Assert.True((bool)capabilities["hoverProvider"]!);

        var published = tree.FirstScan();
        Assert.Equal(SampleFindings, published.Values.SelectMany(v => v).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(tree.Client.Notifications, n => n.Method == "window/workDoneProgress/create");
        Assert.Contains(tree.Client.Notifications, n => n.Method == "$/progress" && (string?)n.Params!["value"]!["kind"] == "begin" && (bool?)n.Params!["value"]!["cancellable"] == true);

        var node02 = tree.Client.Notifications.Last(n => n.Method == "textDocument/publishDiagnostics" && tree.Relative((string)n.Params!["uri"]!) == "nix/nodes/node02.nix");
        var diagnostic = node02.Params!["diagnostics"]![0]!;
        Assert.Equal("uc-guards", (string?)diagnostic["source"]);
        Assert.Equal("https://github.com/ultracloud/ultracloud-guards#ucg2002", (string?)diagnostic["codeDescription"]!["href"]);
        var related = Assert.Single(diagnostic["relatedInformation"]!.AsArray())!;
        Assert.Equal(tree.Uri("flake.nix"), (string?)related["location"]!["uri"]);
        Assert.Equal("15:32-15:40", RangeText(related["location"]!["range"]!));
        Assert.Equal("nixosConfigurations.node02 is defined here", (string?)related["message"]);
        Assert.Equal(0, tree.Client.Stop());
    }

    [Fact]
    public void Buffers_are_checked_as_they_change_and_the_quick_fix_writes_a_suppression_with_its_reason_to_fill_in()
    {
        using var tree = new LspTree();
        tree.FirstScan();
        var client = tree.Client;
        var uri = tree.Uri(MainRs);
        var text = tree.Read(MainRs);

        client.DidOpen(uri, "rust", 1, text);
        Assert.Equal([$"{MainRs}:24:9 UCG1001 1"], tree.Lines(client.WaitForDiagnostics(uri, 1)));

        client.DidChange(uri, 2, LspClient.Range(0, 0, 0, 0), "// Store of the chainfire server.\n");
        Assert.Equal([$"{MainRs}:25:9 UCG1001 1"], tree.Lines(client.WaitForDiagnostics(uri, 2)));

        var hover = client.Request("textDocument/hover", new JsonObject { ["textDocument"] = LspClient.Document(uri), ["position"] = LspClient.Position(24, 10) })!["result"]!;
        Assert.Equal("markdown", (string?)hover["contents"]!["kind"]);
        var explanation = (string)hover["contents"]!["value"]!;
        Assert.StartsWith("**UCG1001** `todo!` left in shipped server code", explanation);
        Assert.Contains("UCG1001 stub-macro: ", explanation);
        Assert.Contains("How to suppress", explanation);
        Assert.Equal("24:8-24:15", RangeText(hover["range"]!));
        Assert.Null(client.Request("textDocument/hover", new JsonObject { ["textDocument"] = LspClient.Document(uri), ["position"] = LspClient.Position(20, 0) })!["result"]);

        var actions = client.Request("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = LspClient.Document(uri),
            ["range"] = LspClient.Range(24, 10, 24, 10),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        })!["result"]!.AsArray();
        var action = Assert.Single(actions)!;
        Assert.Equal("Allow UCG1001 here, with a reason", (string?)action["title"]);
        Assert.Equal("quickfix", (string?)action["kind"]);
        var edit = Assert.Single(action["edit"]!["changes"]![uri]!.AsArray())!;
        Assert.Equal("24:0-24:0", RangeText(edit["range"]!));
        Assert.Equal("        // uc-guards: allow(UCG1001) <reason>\n", (string?)edit["newText"]);
        Assert.Equal("uc-guards.selectReason", (string?)action["command"]!["command"]);
        Assert.Equal("24:37-24:45", RangeText(action["command"]!["arguments"]![1]!));

        // The edit applied: the placeholder is no reason (UCG0002), so nothing is suppressed until it is replaced.
        client.DidChange(uri, 3, LspClient.Range(24, 0, 24, 0), (string)edit["newText"]!);
        Assert.Equal([$"{MainRs}:25:12 UCG0002 1", $"{MainRs}:26:9 UCG1001 1"], tree.Lines(client.WaitForDiagnostics(uri, 3)));
        client.DidChange(uri, 4, LspClient.Range(24, 37, 24, 45), "compaction lands with the log format change");
        Assert.Empty(tree.Lines(client.WaitForDiagnostics(uri, 4)));

        client.Request("workspace/executeCommand", new JsonObject { ["command"] = "uc-guards.selectReason", ["arguments"] = action["command"]!["arguments"]!.DeepClone() });
        var show = client.WaitFor(n => n.Method == "window/showDocument");
        Assert.Equal(uri, (string?)show.Params!["uri"]);
        Assert.Equal("24:37-24:45", RangeText(show.Params!["selection"]!));

        // A full-text change back to the file on disk.
        client.DidChangeFull(uri, 5, text);
        Assert.Equal([$"{MainRs}:24:9 UCG1001 1"], tree.Lines(client.WaitForDiagnostics(uri, 5)));

        // Closing an edited buffer: the file on disk counts again.
        client.DidChange(uri, 6, LspClient.Range(23, 8, 23, 15), "0");
        Assert.Empty(tree.Lines(client.WaitForDiagnostics(uri, 6)));
        client.DidClose(uri);
        Assert.Equal([$"{MainRs}:24:9 UCG1001 1"], tree.Lines(client.WaitForDiagnostics(uri)));
        Assert.Equal(0, client.Stop());
    }

    [Fact]
    public void Saving_a_file_reruns_the_repository_rules_that_read_it_and_republishes_the_other_files_they_report_in()
    {
        using var tree = new LspTree();
        tree.FirstScan();
        var client = tree.Client;
        var flake = tree.Uri("flake.nix");
        var node02 = tree.Uri("nix/nodes/node02.nix");
        var text = tree.Read("flake.nix");
        client.DidOpen(flake, "nix", 1, text);
        client.WaitForDiagnostics(flake, 1);

        // Until it is saved, the flake's edit changes no repository rule's findings.
        const string before = "controlPlane = [ \"node01\" \"node02\" \"node03\" ];";
        var at = Position(text, before);
        client.DidChange(flake, 2, LspClient.Range(at.Line, at.Character, at.Line, at.Character + before.Length), "controlPlane = [ \"node01\" \"node03\" ];");
        Assert.Equal(["flake.nix:35:9 UCG1005 1"], tree.Lines(client.WaitForDiagnostics(flake, 2)));

        var mark = client.Notifications.Count;
        tree.Write("flake.nix", text.Replace(before, "controlPlane = [ \"node01\" \"node03\" ];", StringComparison.Ordinal));
        client.DidSave(flake);
        // node02 is no configuration any more: its finding goes, and the flake misses the entrypoint.
        Assert.Empty(tree.Lines(client.WaitForDiagnostics(node02)));
        Eventually(() => LastPublished(tree, mark, flake) is { } lines && lines.SequenceEqual(["flake.nix:19:7 UCG2001 1", "flake.nix:35:9 UCG1005 1"]));

        // Saving the original back restores both.
        mark = client.Notifications.Count;
        client.DidChangeFull(flake, 3, text);
        tree.Write("flake.nix", text);
        client.DidSave(flake);
        Eventually(() => LastPublished(tree, mark, node02) is { } lines && lines.SequenceEqual(["nix/nodes/node02.nix:8:3 UCG2002 1"]));
        Eventually(() => LastPublished(tree, mark, flake) is { } lines && lines.SequenceEqual(["flake.nix:35:9 UCG1005 1"]));
        Assert.Equal(0, client.Stop());
    }

    [Fact]
    public void A_changed_configuration_is_reloaded_and_a_broken_one_is_one_diagnostic_at_its_line()
    {
        using var tree = new LspTree();
        tree.FirstScan();
        var client = tree.Client;
        var main = tree.Uri(MainRs);
        var config = tree.Uri("uc-guards.yaml");
        var original = tree.Read("uc-guards.yaml");

        tree.Write("uc-guards.yaml", original + "  UCG1001:\n    severity: warning\n");
        client.Notify("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = config, ["type"] = 2 }) });
        Assert.Equal([$"{MainRs}:24:9 UCG1001 2"], tree.Lines(client.WaitForDiagnostics(main)));

        tree.Write("uc-guards.yaml", original + "  UCG1001:\n    severity: loud\n");
        client.Notify("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = config, ["type"] = 2 }) });
        var broken = client.WaitForDiagnostics(config);
        var problem = Assert.Single(broken.Params!["diagnostics"]!.AsArray())!;
        Assert.Equal(6, (int)problem["range"]!["start"]!["line"]! + 1);
        Assert.StartsWith("configuration error: ", (string?)problem["message"]);
        // The server lives on with the last configuration that loaded.
        Assert.NotNull(client.Request("textDocument/hover", new JsonObject { ["textDocument"] = LspClient.Document(main), ["position"] = LspClient.Position(23, 10) })!["result"]);

        tree.Write("uc-guards.yaml", original);
        client.Notify("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = config, ["type"] = 2 }) });
        Assert.Empty(tree.Lines(client.WaitForDiagnostics(config)));
        Assert.Equal([$"{MainRs}:24:9 UCG1001 1"], tree.Lines(client.WaitForDiagnostics(main)));
        Assert.Equal(0, client.Stop());
    }

    [Fact]
    public void Malformed_messages_unknown_methods_and_a_huge_buffer_leave_the_server_answering()
    {
        using var tree = new LspTree(progress: false);
        var client = tree.Client;
        var main = tree.Uri(MainRs);

        client.SendRaw(Encoding.ASCII.GetBytes("Content-Length: 5\r\n\r\n{bad}"));
        var parseError = client.WaitFor(n => n.Message["error"] is not null);
        Assert.Equal(-32700, (int)parseError.Message["error"]!["code"]!);
        client.SendRaw(Encoding.ASCII.GetBytes("Garbage header line\r\n\r\n{\"jsonrpc\":\"2.0\"}"));
        client.SendRaw(Encoding.ASCII.GetBytes("Content-Length: 3\r\n\r\n[1]"));

        Assert.Equal(-32601, (int)client.Request("workspace/symbol", new JsonObject { ["query"] = "x" })!["error"]!["code"]!);
        client.Notify("$/setTrace", new JsonObject { ["value"] = "verbose" });
        Assert.Equal(-32602, (int)client.Request("textDocument/hover", JsonValue.Create("not an object"))!["error"]!["code"]!);

        // Three megabytes in one buffer: over the size limit, so not analysed, and said so.
        var big = "chainfire/crates/chainfire-server/src/generated.rs";
        var text = new StringBuilder();
        while (text.Length < 3 * 1024 * 1024) text.Append("fn f() { todo!() }\n");
        client.DidOpen(tree.Uri(big), "rust", 1, text.ToString());
        Assert.Empty(tree.Lines(client.WaitForDiagnostics(tree.Uri(big), 1)));
        // The log message comes before the (empty) diagnostics.
        Assert.Contains(client.Notifications, n => n.Method == "window/logMessage" && ((string?)n.Params!["message"])!.Contains($"{big} is not analysed: over the size limit", StringComparison.Ordinal));

        client.DidOpen(main, "rust", 1, tree.Read(MainRs));
        Assert.Equal([$"{MainRs}:24:9 UCG1001 1"], tree.Lines(client.WaitForDiagnostics(main, 1)));

        // exit without shutdown: exit code 1, as the protocol says.
        client.Notify("exit", null);
        Assert.True(client.Process!.WaitForExit(30_000));
        Assert.Equal(1, client.Process.ExitCode);
    }

    private static List<string>? LastPublished(LspTree tree, int after, string uri) =>
        tree.Client.Notifications.Skip(after).LastOrDefault(n => n.Method == "textDocument/publishDiagnostics" && (string?)n.Params!["uri"] == uri) is { } n ? tree.Lines(n) : null;

    private static void Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the expected diagnostics were not published within 60 s");
            Thread.Sleep(20);
        }
    }

    private static (int Line, int Character) Position(string text, string what)
    {
        var offset = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"'{what}' not found");
        var line = text[..offset].Count(c => c == '\n');
        return (line, offset - (text.LastIndexOf('\n', offset - 1) + 1));
    }

    private static string RangeText(JsonNode range) =>
        $"{(int)range["start"]!["line"]!}:{(int)range["start"]!["character"]!}-{(int)range["end"]!["line"]!}:{(int)range["end"]!["character"]!}";
}
