using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>
/// The repository scan as a user runs it, in child processes against the packed packages: a
/// guards.proj over an UltraCloud-shaped checkout, and the dotnet tool.
/// </summary>
[Trait("Category", "E2E")]
[Collection(PackagesCollection.Name)]
public sealed class ScanPackagesEndToEndTests
{
    private const string Build = "build --disable-build-servers -nologo";

    private readonly PackagesFixture _fixture;

    public ScanPackagesEndToEndTests(PackagesFixture fixture) => _fixture = fixture;

    /// <summary>
    /// The checkout is a git repository and the package has no libgit2: the scan reads the files on
    /// disk, less what its .gitignore ignores. A Rust stub and unfinished wording in the docs fail
    /// the build at file(line,col); the same wording in an ignored draft does not.
    /// </summary>
    [Fact]
    public void Guards_proj_fails_on_a_Rust_stub_and_a_docs_finding_then_skips_an_unchanged_tree()
    {
        var root = UltraCloudTree.Create(_fixture.NewFolder("checkout"));
        var git = DotnetProcess.Run("git", "init --quiet", root);
        AssertExit(0, git);
        UltraCloudTree.Write(root, "docs/install.md", "# Install\n\nThe HA profile is coming soon.\n");
        UltraCloudTree.Write(root, ".gitignore", "/docs/draft.md\nobj/\nbin/\n");
        UltraCloudTree.Write(root, "docs/draft.md", "# Draft\n\nThe HA profile is coming soon.\n");
        UltraCloudTree.Write(root, "guards.proj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <UltraCloudGuardsRoot>$(MSBuildThisFileDirectory)</UltraCloudGuardsRoot>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="UltraCloud.Guards.Msbuild" Version="{_fixture.MsbuildPackageVersion}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);

        var failed = _fixture.Dotnet($"{Build} guards.proj", root);
        AssertExit(1, failed);
        var stubPath = Path.Combine(root, UltraCloudTree.StubFile);
        // MSBuild's canonical form with the end position: file(line,col,endLine,endCol): error CODE: message
        Assert.Matches($@"(?m)^\s*{Regex.Escape(stubPath)}\(3,5,3,\d+\): error UCG1001: `todo!` left in shipped server code", failed.Output);
        var docsPath = Path.Combine(root, "docs", "install.md");
        Assert.Matches($@"(?m)^\s*{Regex.Escape(docsPath)}\(3,19,3,30\): error UCG1004: unfinished wording `coming soon` in a paragraph", failed.Output);
        Assert.DoesNotContain("draft.md", failed.Output);
        Assert.Contains("UltraCloud.Guards: scanned", failed.Output);

        UltraCloudTree.Write(root, UltraCloudTree.StubFile, UltraCloudTree.FixedSource + "\n");
        UltraCloudTree.Write(root, "docs/install.md", "# Install\n\nThe HA profile runs three control-plane nodes.\n");
        var passed = _fixture.Dotnet($"{Build} guards.proj", root);
        AssertExit(0, passed);
        Assert.Contains("UltraCloud.Guards: scanned", passed.Output);
        Assert.DoesNotContain("UCG1001", passed.Output);

        var unchanged = _fixture.Dotnet($"{Build} guards.proj", root);
        AssertExit(0, unchanged);
        Assert.Contains("UltraCloud.Guards: scan skipped, no input changed", unchanged.Output);
        Assert.DoesNotContain("UltraCloud.Guards: scanned", unchanged.Output);
    }

    [PackagedToolFact]
    public void Dotnet_tool_installs_the_native_executable_from_the_feed_and_checks_a_tree()
    {
        var tools = _fixture.NewFolder("tools");
        AssertExit(0, _fixture.Dotnet(
            $"tool install --tool-path \"{tools}\" --add-source \"{_fixture.Feed}\" --version {_fixture.ToolPackageVersion} UltraCloud.Guards",
            _fixture.Work));

        // On linux-x64 the platform package is installed: a Native AOT executable beside its parser library.
        if (System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            var installed = Directory.EnumerateFiles(Path.Combine(tools, ".store"), "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToHashSet();
            Assert.Contains("uc-guards", installed);
            Assert.Contains("libucg_treesitter.so", installed);
            Assert.DoesNotContain("uc-guards.dll", installed);
        }

        var version = DotnetProcess.Run(Path.Combine(tools, "uc-guards"), "--version", _fixture.Work);
        AssertExit(0, version);
        Assert.StartsWith(_fixture.ToolPackageVersion, version.Output.Trim());

        var root = UltraCloudTree.Create(_fixture.NewFolder("tool-checkout"));
        var check = DotnetProcess.Run(Path.Combine(tools, "uc-guards"), "check --color never .", root);
        AssertExit(1, check);
        Assert.Contains("error[UCG1001]", check.Output);
        Assert.Contains($"{UltraCloudTree.StubFile}:3:5", check.Output);
    }

    private static void AssertExit(int expected, ProcessResult result) => ProcessAssert.Exit(expected, result);
}
