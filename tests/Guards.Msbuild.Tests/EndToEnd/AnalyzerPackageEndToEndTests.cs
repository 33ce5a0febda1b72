namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>
/// The PackageReference integration as a user runs it, in child processes against the packed
/// package: the analyzer in a new console project.
/// </summary>
[Trait("Category", "E2E")]
[Collection(PackagesCollection.Name)]
public sealed class AnalyzerPackageEndToEndTests
{
    private const string Build = "build --disable-build-servers -nologo";

    private readonly PackagesFixture _fixture;

    public AnalyzerPackageEndToEndTests(PackagesFixture fixture) => _fixture = fixture;

    [Fact]
    public void PackageReference_fails_the_build_on_a_CSharp_stub_and_passes_without_it()
    {
        var app = _fixture.NewFolder("consumer");
        AssertExit(0, _fixture.Dotnet("new console --no-restore --force", app));
        AssertExit(0, _fixture.Dotnet($"add package UltraCloud.Guards.Msbuild --version {_fixture.MsbuildPackageVersion} --source \"{_fixture.Feed}\"", app));

        var stub = Path.Combine(app, "Stub.cs");
        File.WriteAllText(stub, """
            namespace Consumer;

            public static class Stub
            {
                public static int Answer() => throw new System.NotImplementedException();
            }
            """);
        var failed = _fixture.Dotnet(Build, app);
        AssertExit(1, failed);
        Assert.Contains(
            $"{stub}(5,35): error UCG1006: 'throw new NotImplementedException' is a stub left in shipped code",
            failed.Output);

        File.Delete(stub);
        var passed = _fixture.Dotnet(Build, app);
        AssertExit(0, passed);
        Assert.DoesNotContain("UCG1006", passed.Output);

        // A project that references Microsoft.NET.Test.Sdk is test code for the analyzer.
        var project = Path.Combine(app, "consumer.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</Project>",
            "  <ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"18.11.0\" /></ItemGroup>\n</Project>"));
        var detected = _fixture.Dotnet("msbuild -nologo -t:UltraCloudGuardsDetectTestProject -getProperty:UltraCloudGuardsIsTestProject", app);
        AssertExit(0, detected);
        Assert.Equal("true", detected.Output.Trim());
    }

    private static void AssertExit(int expected, ProcessResult result) => ProcessAssert.Exit(expected, result);
}
