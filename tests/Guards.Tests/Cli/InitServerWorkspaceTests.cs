using System.Text.Json;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>
/// `init` configures rather than disables: on Rust server workspaces laid out as real ones are (a
/// gRPC workspace with a dev-shell flake, an HTTP framework workspace whose README is a link, a
/// nested workspace with docs), the configuration it writes makes `check` report the stubs of the
/// shipped servers, and only those.
/// </summary>
public sealed class InitServerWorkspaceTests
{
    private static List<(string Rule, string Path, int Line)> InitThenCheck(TestTree tree, out CliRun.Outcome init)
    {
        init = CliRun.Run("init", tree.Root);
        Assert.True(init.Exit == 0, init.ToString());
        var config = File.ReadAllText(Path.Combine(tree.Root, "uc-guards.yaml"));
        Assert.DoesNotContain("\ndisable:", config);
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), Path.Combine(tree.Root, "uc-guards.yaml"));
        Assert.All(policy.Rules.Values, r => Assert.True(r.Enabled, $"{r.Id} is switched off"));

        var check = CliRun.Run("check", tree.Root, "--format", "json");
        Assert.True(check.Exit is 0 or 1, check.ToString());
        using var json = JsonDocument.Parse(check.Out);
        return json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("path").GetString()!, f.GetProperty("startLine").GetInt32()))
            .ToList();
    }

    [Fact]
    public void A_grpc_workspace_with_a_dev_shell_flake_gets_its_server_crates_and_no_canonical_profiles()
    {
        using var tree = new TestTree(
            ("Cargo.toml", "[workspace]\nmembers = [\"channel\", \"health\", \"codegen\", \"examples\", \"tests/web\"]\n"),
            ("flake.nix", "{\n  outputs = { self, nixpkgs }: {\n    devShells.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.mkShell { };\n  };\n}\n"),
            ("README.md", "# rpc\n\nA gRPC stack.\n"),
            ("channel/Cargo.toml", "[package]\nname = \"channel\"\n\n[dependencies]\nhyper = { version = \"1\", features = [\"http2\"] }\n"),
            ("channel/src/lib.rs", "pub fn pick() -> u8 {\n    todo!(\"pick a subchannel\")\n}\n\n#[cfg(test)]\nmod tests {\n    fn f() { todo!() }\n}\n"),
            ("health/Cargo.toml", "[package]\nname = \"health\"\n\n[dependencies]\ntonic = { workspace = true }\n"),
            ("health/src/server.rs", "pub async fn watch() -> Result<(), tonic::Status> {\n    Err(tonic::Status::unimplemented(\"watch\"))\n}\n"),
            ("codegen/Cargo.toml", "[package]\nname = \"codegen\"\n\n[dependencies]\nprost = \"0.13\"\n"),
            ("codegen/src/main.rs", "fn main() {\n    todo!()\n}\n"),
            ("examples/Cargo.toml", "[package]\nname = \"examples\"\n\n[dependencies]\ntonic = \"0.14\"\n"),
            ("examples/src/server.rs", "fn main() {\n    unimplemented!()\n}\n"),
            ("tests/web/Cargo.toml", "[package]\nname = \"test-web\"\n\n[dependencies]\nhyper = \"1\"\n"),
            ("tests/web/src/lib.rs", "pub fn f() {\n    todo!()\n}\n"));

        var findings = InitThenCheck(tree, out var init);

        Assert.Equal([("UCG1001", "channel/src/lib.rs", 2), ("UCG1002", "health/src/server.rs", 2)], findings);
        Assert.Contains("server crate channel (channel/Cargo.toml): depends on hyper ([dependencies])", init.Out);
        Assert.Contains("server crate health (health/Cargo.toml): depends on tonic ([dependencies])", init.Out);
        Assert.Contains("crate codegen (codegen/Cargo.toml): not a server", init.Out);
        Assert.Contains("crate examples (examples/Cargo.toml): under examples/, which is not shipped code", init.Out);
        Assert.Contains("flake.nix: defines no NixOS configurations", init.Out);
        var config = File.ReadAllText(Path.Combine(tree.Root, "uc-guards.yaml"));
        Assert.Contains("profiles: []\ncanonical-checks: {}\n", config);
        Assert.Contains("  shipped-server-code:\n    add:\n      - \"channel/src/**/*.rs\"\n      - \"health/src/**/*.rs\"\n", config);
    }

    [Fact]
    public void An_http_framework_workspace_with_a_linked_readme_reports_only_shipped_stubs()
    {
        using var tree = new TestTree(
            ("Cargo.toml", "[workspace]\nmembers = [\"web\", \"web-extra\", \"web-core\"]\n"),
            ("web/Cargo.toml", "[package]\nname = \"web\"\n\n[dependencies.hyper]\nversion = \"1\"\n"),
            ("web/README.md", "# web\n\nRouting is coming soon.\n"),
            ("web/src/routing.rs", "/// ```\n/// # todo!()\n/// ```\npub fn route() {\n    unimplemented!()\n}\n"),
            ("web-extra/Cargo.toml", "[package]\nname = \"web-extra\"\n\n[target.'cfg(unix)'.dependencies]\nserver = { package = \"actix-web\", version = \"4\" }\n"),
            ("web-extra/src/lib.rs", "pub fn typed() -> StatusCode {\n    StatusCode::NOT_IMPLEMENTED\n}\n"),
            ("web-core/Cargo.toml", "[package]\nname = \"web-core\"\n\n[dev-dependencies]\nhyper = \"1\"\n"),
            ("web-core/src/lib.rs", "pub fn body() {\n    todo!()\n}\n"));
        File.CreateSymbolicLink(Path.Combine(tree.Root, "README.md"), "web/README.md");

        var findings = InitThenCheck(tree, out var init);

        Assert.Equal([("UCG1002", "web-extra/src/lib.rs", 2), ("UCG1004", "web/README.md", 3), ("UCG1001", "web/src/routing.rs", 5)],
            findings.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
        Assert.Contains("server crate web-extra (web-extra/Cargo.toml): depends on actix-web ([target.cfg(unix).dependencies])", init.Out);
        Assert.Contains("crate web-core (web-core/Cargo.toml): not a server", init.Out);
        Assert.Contains("README.md: a symbolic link: its target is read where it lies", init.Out);
    }

    [Fact]
    public void A_nested_workspace_gets_its_servers_by_framework_and_by_name_and_its_docs()
    {
        using var tree = new TestTree(
            ("Cargo.toml", "[workspace]\nmembers = [\"engine/*\"]\n\n[workspace.dependencies]\ntonic = \"0.14\"\n"),
            ("engine/scheduler/Cargo.toml", "[package]\nname = \"engine-scheduler\"\n\n[dependencies]\naxum = \"0.8\"\ntonic = { workspace = true, features = [\"router\"] }\n"),
            ("engine/scheduler/src/grpc.rs", "pub fn cancel() -> Result<(), Status> {\n    Err(Status::new(Code::Unimplemented, \"cancel\"))\n}\n"),
            ("engine/gateway/Cargo.toml", "[package]\nname = \"gateway-server\"\n\n[dependencies]\nserde = \"1\"\n"),
            ("engine/gateway/src/main.rs", "fn main() {\n    todo!()\n}\n"),
            ("engine/client/Cargo.toml", "[package]\nname = \"engine-client\"\n\n[dev-dependencies]\ntonic = { workspace = true }\n"),
            ("engine/client/src/lib.rs", "pub fn connect() {\n    todo!()\n}\n"),
            ("broken/Cargo.toml", "[package\nname = \"broken\"\n"),
            ("docs/guide.md", "# Guide\n\nTBD\n"),
            ("book/src/intro.md", "# Intro\n\nThis chapter is a work in progress.\n"));

        var findings = InitThenCheck(tree, out var init);

        Assert.Equal([("UCG1004", "book/src/intro.md", 3), ("UCG1004", "docs/guide.md", 3), ("UCG1001", "engine/gateway/src/main.rs", 2), ("UCG1002", "engine/scheduler/src/grpc.rs", 2)],
            findings.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
        Assert.Contains("server crate gateway-server (engine/gateway/Cargo.toml): its name ends in -server", init.Out);
        Assert.Contains("server crate engine-scheduler (engine/scheduler/Cargo.toml): depends on axum ([dependencies])", init.Out);
        Assert.Contains("crate engine-client (engine/client/Cargo.toml): not a server", init.Out);
        Assert.Contains("broken/Cargo.toml: could not be read (not readable as TOML (FormatException))", init.Out);
        Assert.Contains("book/ (1 Markdown file): added to published-docs", init.Out);
        Assert.Contains("flake.nix: none at the root", init.Out);
    }

    [Fact]
    public void Init_print_writes_the_configuration_to_standard_output_and_its_decisions_to_standard_error()
    {
        using var tree = new TestTree(
            ("api/Cargo.toml", "[package]\nname = \"api\"\n\n[dependencies]\npoem = \"3\"\n"),
            ("api/src/main.rs", "fn main() {}\n"));
        var run = CliRun.Run("init", tree.Root, "--print");
        Assert.Equal(0, run.Exit);
        Assert.Contains("      - \"api/src/**/*.rs\"\n", run.Out);
        Assert.Contains("server crate api (api/Cargo.toml): depends on poem ([dependencies])", run.Err);
        Assert.False(File.Exists(Path.Combine(tree.Root, "uc-guards.yaml")));
        Assert.Empty(SchemaErrors(run.Out));
    }

    private static List<string> SchemaErrors(string yaml)
    {
        var schema = Json.Schema.JsonSchema.Build(JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "schemas/uc-guards.schema.json"))).RootElement,
            new Json.Schema.BuildOptions { SchemaRegistry = new Json.Schema.SchemaRegistry() }, new Uri(Path.Combine(Repo.Root, "schemas/uc-guards.schema.json")));
        var results = schema.Evaluate(JsonDocument.Parse(UltraCloud.Guards.Tests.Policy.SchemaTests.YamlToJson(yaml)!.ToJsonString()).RootElement);
        return results.IsValid ? [] : ["invalid"];
    }
}
