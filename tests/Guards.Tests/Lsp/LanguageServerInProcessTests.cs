using System.IO.Pipelines;
using System.Text.Json.Nodes;
using UltraCloud.Guards.Bench;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Lsp.Server;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Lsp;

/// <summary>The server in this process, on pipes, with a rule that crashes: the crash is logged and everything else goes on.</summary>
public sealed class LanguageServerInProcessTests
{
    /// <summary>UCG9991, a test-only rule that throws on every Rust file holding the word CRASH.</summary>
    public sealed class CrashingRule : FileRule
    {
        public const string Yaml = """
            id: UCG9991
            name: test-crash
            title: "Test rule: throws"
            severity: error
            message: "{0}"
            summary: A test-only rule that throws.
            scopes: []
            """;

        public override string Id => "UCG9991";

        public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".rs", StringComparison.Ordinal);

        public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => utf8.IndexOf("CRASH"u8) >= 0;

        public override void Analyze(FileContext context) => throw new InvalidOperationException("the rule broke");
    }

    [Fact]
    public void A_rule_that_throws_is_logged_and_the_other_rules_still_publish()
    {
        using var folder = new TempFolder();
        var policy = Path.Combine(folder.Root, "policy");
        Directory.CreateDirectory(policy);
        foreach (var (name, text) in PolicyLoader.ShippedDocuments()) File.WriteAllText(Path.Combine(policy, Path.GetFileName(name)), text);
        File.WriteAllText(Path.Combine(policy, "UCG9991-test-crash.yaml"), CrashingRule.Yaml);
        var tree = Path.Combine(folder.Root, "repo");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "uc-guards.yaml"), "version: 1\nscopes:\n  shipped-server-code:\n    include: [\"**/*.rs\"]\n");

        var toServer = new Pipe();
        var fromServer = new Pipe();
        var catalog = new RuleCatalog(RuleCatalog.Default.CreateRules().Select(r => r.GetType()).Append(typeof(CrashingRule)));
        var exitCode = -1;
        var server = new Thread(() => exitCode = GuardsLanguageServer.Run(toServer.Reader.AsStream(), fromServer.Writer.AsStream(), new LanguageServerOptions { PolicyDirectory = policy, Catalog = catalog }));
        server.Start();
        var client = LspClient.Connect(toServer.Writer.AsStream(), fromServer.Reader.AsStream());

        client.Request("initialize", new JsonObject { ["rootUri"] = LspClient.FileUri(tree), ["capabilities"] = new JsonObject() });
        client.Notify("initialized", new JsonObject());
        var uri = LspClient.FileUri(Path.Combine(tree, "src/main.rs"));
        client.DidOpen(uri, "rust", 1, "// CRASH\nfn main() {\n    todo!()\n}\n");
        var published = client.WaitForDiagnostics(uri, 1);
        var diagnostic = Assert.Single(published.Params!["diagnostics"]!.AsArray())!;
        Assert.Equal("UCG1001", (string?)diagnostic["code"]);
        Assert.Equal(2, (int)diagnostic["range"]!["start"]!["line"]!);
        Assert.Contains(client.Notifications, n => n.Method == "window/logMessage" && ((string?)n.Params!["message"])!.Contains("UCG9991 failed on src/main.rs: InvalidOperationException: the rule broke", StringComparison.Ordinal));

        client.DidChange(uri, 2, LspClient.Range(2, 4, 2, 11), "run()");
        Assert.Empty(client.WaitForDiagnostics(uri, 2).Params!["diagnostics"]!.AsArray());

        client.Stop();
        toServer.Writer.Complete();
        Assert.True(server.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, exitCode);
    }
}
