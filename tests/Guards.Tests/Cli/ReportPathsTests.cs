using System.Text.Json;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>
/// People read paths relative to where they stand (as rustc prints them); code scanning,
/// annotations and CI test reports resolve them from the repository root, whatever folder holds
/// uc-guards.yaml.
/// </summary>
public sealed class ReportPathsTests
{
    [Fact]
    public void From_a_folder_inside_the_root_paths_are_relative_to_it_and_from_outside_to_the_root()
    {
        var show = ReportPaths.Display("/repo/product", "/repo/product/docs");
        Assert.Equal(["a.md", "../src/x.rs", "../README.md"], new[] { "docs/a.md", "src/x.rs", "README.md" }.Select(show));
        Assert.Equal("src/x.rs", ReportPaths.Display("/repo/product", "/repo/product")("src/x.rs"));
        Assert.Equal("src/x.rs", ReportPaths.Display("/repo/product", "/elsewhere")("src/x.rs"));
        Assert.Equal("src/x.rs", ReportPaths.Display("/repo/product", "/repo/product-two")("src/x.rs"));
        Assert.Equal("src/x.rs", ReportPaths.Display("/repo/product", null)("src/x.rs"));
    }

    [Fact]
    public void A_root_in_a_subfolder_of_the_repository_prefixes_sarif_github_and_junit_paths()
    {
        using var repo = new GitSandbox();
        const string server = "product/chainfire/crates/chainfire-server/src/main.rs";
        repo.Write("product/uc-guards.yaml", "version: 1\n").Write(server, "fn main() {\n    todo!()\n}\n");
        var root = repo.FullPath("product");
        Assert.Equal("product/", ReportPaths.RepositoryPrefix(root));
        Assert.Equal("", ReportPaths.RepositoryPrefix(repo.Root));

        var sarif = JsonDocument.Parse(CliRunner.InProcess("check", root, "--format", "sarif").Stdout).RootElement;
        var location = sarif.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal(server, location.GetProperty("uri").GetString());

        Assert.StartsWith($"::error file={server},line=2,", CliRunner.InProcess("check", root, "--format", "github").Stdout);
        Assert.Contains($"message=\"{server}:2:5:", CliRunner.InProcess("check", root, "--format", "junit").Stdout);
        // The JSON report keeps root-relative paths: baselines and fingerprints are the root's.
        var json = JsonDocument.Parse(CliRunner.InProcess("check", root, "--format", "json").Stdout).RootElement;
        Assert.Equal("chainfire/crates/chainfire-server/src/main.rs", json.GetProperty("findings")[0].GetProperty("path").GetString());
    }

    [Fact]
    public void An_unknown_paths_value_is_a_usage_error()
    {
        var run = CliRunner.InProcess("check", ".", "--paths", "absolute");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--paths: unknown value 'absolute' (cwd or root)", run.Stderr);
    }
}
