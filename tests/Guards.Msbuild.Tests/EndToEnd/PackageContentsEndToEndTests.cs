using System.IO.Compression;
using System.Xml.Linq;

namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>
/// What the packages of eng/pack.sh hold and how the portable fallback behaves: each platform's
/// parser library, the one sentence and exit code 2 where a platform has none, NuGet metadata, and
/// an MSBuild package without MSBuild's own or translated resource assemblies.
/// </summary>
[Trait("Category", "E2E")]
[Collection(PackagesCollection.Name)]
public sealed class PackageContentsEndToEndTests
{
    private static readonly string[] PortablePlatforms = ["linux-arm64", "linux-musl-x64", "linux-x64", "win-x64"];

    private readonly PackagesFixture _fixture;

    public PackageContentsEndToEndTests(PackagesFixture fixture) => _fixture = fixture;

    [PackagedToolFact]
    public void The_portable_package_carries_each_platforms_parser_library_and_says_in_one_sentence_where_it_has_none()
    {
        var extracted = _fixture.NewFolder("portable");
        ZipFile.ExtractToDirectory(_fixture.PackagePath("UltraCloud.Guards.any", _fixture.ToolPackageVersion!), extracted);
        var app = Path.Combine(extracted, "tools", "net10.0", "any");

        var libraries = Directory.EnumerateFiles(Path.Combine(app, "runtimes"), "*ucg_treesitter*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(app, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            [
                "runtimes/linux-arm64/native/libucg_treesitter.so",
                "runtimes/linux-musl-x64/native/libucg_treesitter.so",
                "runtimes/linux-x64/native/libucg_treesitter.so",
                "runtimes/win-x64/native/ucg_treesitter.dll",
            ],
            libraries);
        Assert.Empty(Directory.EnumerateFiles(app, "*ucg_treesitter*", SearchOption.TopDirectoryOnly));

        var root = UltraCloudTree.Create(_fixture.NewFolder("portable-checkout"));
        var dll = Path.Combine(app, "uc-guards.dll");
        var check = DotnetProcess.Run("dotnet", $"\"{dll}\" check --color never .", root);
        ProcessAssert.Exit(1, check);
        Assert.Contains($"{UltraCloudTree.StubFile}:3:5", check.Output);

        // This machine's library gone: the platform has none, and the command says so.
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Directory.Delete(Path.Combine(app, "runtimes", rid, "native"), recursive: true);
        var others = string.Join(", ", PortablePlatforms.Where(p => p != rid));
        var missing = DotnetProcess.Run("dotnet", $"\"{dll}\" check --color never .", root);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(
            $"uc-guards: error: the parser library for Rust, Nix and shell files (libucg_treesitter.so) is not built for {rid}; "
            + $"this build carries it for {others}: build uc-guards from source on this machine (README, Install: from source)",
            missing.Output.Trim());
    }

    [PackagedToolFact]
    public void The_tool_packages_carry_NuGet_metadata_and_name_every_platform()
    {
        var version = _fixture.ToolPackageVersion!;
        var tool = Nuspec(_fixture.PackagePath("UltraCloud.Guards", version));
        AssertCommonMetadata(tool);
        Assert.Equal("DotnetTool", tool.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value);

        using (var pointer = ZipFile.OpenRead(_fixture.PackagePath("UltraCloud.Guards", version)))
        {
            var settings = XDocument.Load(pointer.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal)).Open());
            var rids = settings.Descendants("RuntimeIdentifierPackage").Select(e => e.Attribute("RuntimeIdentifier")!.Value).Order(StringComparer.Ordinal);
            Assert.Equal(["any", "linux-arm64", "linux-musl-x64", "linux-x64", "win-x64"], rids);
            Assert.DoesNotContain(pointer.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
        }

        var native = Nuspec(_fixture.PackagePath("UltraCloud.Guards.linux-x64", version));
        AssertCommonMetadata(native);
        Assert.Equal("DotnetToolRidPackage", native.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value);
        using var linux = ZipFile.OpenRead(_fixture.PackagePath("UltraCloud.Guards.linux-x64", version));
        Assert.Contains(linux.Entries, e => e.FullName == "tools/any/linux-x64/uc-guards");
        Assert.Contains(linux.Entries, e => e.FullName == "tools/any/linux-x64/libucg_treesitter.so");
    }

    /// <summary>
    /// Every file of the MSBuild package: the analyzer, the wiring, the task with the engine, the rules
    /// and their four libraries, and one parser library per platform (eng/pack.sh packs the four
    /// portable platforms; the fixture's own pack only this machine's). Nothing MSBuild or the
    /// compiler already has: no MSBuild or Roslyn assembly, no translated resources, no libgit2.
    /// </summary>
    [Fact]
    public void The_MSBuild_package_holds_the_analyzer_the_task_and_one_parser_library_per_platform_and_nothing_else()
    {
        var path = _fixture.PackagePath("UltraCloud.Guards.Msbuild", _fixture.MsbuildPackageVersion);
        AssertCommonMetadata(Nuspec(path));
        using var package = ZipFile.OpenRead(path);
        var names = package.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();

        var platforms = PackagesFixture.PackagedFeed is null ? [System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier] : PortablePlatforms;
        string[] expected =
        [
            "README.md",
            "UltraCloud.Guards.Msbuild.nuspec",
            "analyzers/dotnet/cs/UltraCloud.Guards.Analyzers.dll",
            "build/UltraCloud.Guards.Msbuild.ScanOnly.targets",
            "build/UltraCloud.Guards.Msbuild.props",
            "build/UltraCloud.Guards.Msbuild.targets",
            $"{TaskFolder}/LibGit2Sharp.dll",
            $"{TaskFolder}/Markdig.dll",
            $"{TaskFolder}/Tomlyn.dll",
            $"{TaskFolder}/UltraCloud.Guards.Engine.dll",
            $"{TaskFolder}/UltraCloud.Guards.Msbuild.dll",
            $"{TaskFolder}/UltraCloud.Guards.Rules.dll",
            $"{TaskFolder}/YamlDotNet.dll",
            .. platforms.Select(rid => $"{TaskFolder}/runtimes/{rid}/native/{(rid.StartsWith("win-", StringComparison.Ordinal) ? "ucg_treesitter.dll" : "libucg_treesitter.so")}"),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), names);
    }

    private const string TaskFolder = "tasks/net8.0";

    /// <summary>
    /// The task folder loads under the .NET 8 SDK's MSBuild: no .NET 8 SDK runs here, so each of its
    /// assemblies is checked against .NET 8's and MSBuild 17.8's reference assemblies (every assembly,
    /// type and member it references exists there or in the folder). The same check rejects the
    /// net10.0 build of the engine, so it can tell the two apart.
    /// </summary>
    [Fact]
    public void The_task_folder_references_nothing_that_the_NET_8_SDKs_MSBuild_lacks()
    {
        var extracted = _fixture.NewFolder("msbuild-package");
        ZipFile.ExtractToDirectory(_fixture.PackagePath("UltraCloud.Guards.Msbuild", _fixture.MsbuildPackageVersion), extracted);
        var taskFolder = Path.Combine(extracted, "tasks", "net8.0");
        var (netCoreRef, msbuildRefs) = Net8ReferenceCheck.ReferenceFolders(_fixture.RepoRoot);

        using (var check = new Net8ReferenceCheck(netCoreRef, msbuildRefs, taskFolder))
            Assert.Empty(check.Check(taskFolder));
        foreach (var own in new[] { "UltraCloud.Guards.Msbuild.dll", "UltraCloud.Guards.Engine.dll", "UltraCloud.Guards.Rules.dll" })
            Assert.Equal(".NETCoreApp,Version=v8.0", TargetFrameworkOf(Path.Combine(taskFolder, own)));

        var net10 = _fixture.NewFolder("engine-net10");
        File.Copy(Path.Combine(_fixture.RepoRoot, "src", "Guards.Engine", "bin", _fixture.Configuration, "net10.0", "UltraCloud.Guards.Engine.dll"), Path.Combine(net10, "UltraCloud.Guards.Engine.dll"));
        using (var check = new Net8ReferenceCheck(netCoreRef, msbuildRefs, net10))
        {
            var problems = check.Check(net10);
            Assert.Contains("UltraCloud.Guards.Engine.dll: references System.Runtime 10.0.0.0, .NET 8 has 8.0.0.0", problems);
            Assert.Contains("UltraCloud.Guards.Engine.dll: uses System.Threading.Lock, which .NET 8 does not define", problems);
            Assert.Contains("UltraCloud.Guards.Engine.dll: uses System.Convert.ToHexStringLower (method`0(1)), which .NET 8 does not have", problems);
        }
    }

    private static string? TargetFrameworkOf(string assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != System.Reflection.Metadata.HandleKind.MemberReference) continue;
            var type = reader.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)reader.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor).Parent);
            if (reader.GetString(type.Name) != "TargetFrameworkAttribute") continue;
            var value = reader.GetBlobReader(attribute.Value);
            value.ReadUInt16();
            return value.ReadSerializedString();
        }
        return null;
    }

    private static XDocument Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }

    private static void AssertCommonMetadata(XDocument nuspec)
    {
        string Value(string name) => nuspec.Descendants().Single(e => e.Name.LocalName == name).Value;
        var license = nuspec.Descendants().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), (license.Attribute("type")!.Value, license.Value));
        Assert.Equal("README.md", Value("readme"));
        Assert.NotEqual("Package Description", Value("description"));
        Assert.NotEmpty(Value("tags"));
        Assert.NotEmpty(Value("releaseNotes"));
        Assert.NotEmpty(nuspec.Descendants().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value);
    }
}
