using System.Reflection;

namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>
/// Packs UltraCloud.Guards.Msbuild and the UltraCloud.Guards tool once (from the projects the test
/// build already built) into a folder feed under a temporary work folder, with a private NuGet
/// packages folder and a nuget.config that lists the feed before the usual source.
/// </summary>
public sealed class PackagesFixture : IDisposable
{
    public string Work { get; } = Directory.CreateTempSubdirectory("ucg-e2e-").FullName;
    public string Feed => Path.Combine(Work, "feed");
    public string Packages => Path.Combine(Work, "packages");
    public string MsbuildPackageVersion { get; }
    public string ToolPackageVersion { get; }

    public PackagesFixture()
    {
        var assembly = typeof(PackagesFixture).Assembly;
        string Metadata(string key) => assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        var repo = Metadata("RepoRoot");
        var configuration = Metadata("Configuration");

        Directory.CreateDirectory(Feed);
        foreach (var project in new[] { "src/Guards.Msbuild/Guards.Msbuild.csproj", "src/Guards.Cli/Guards.Cli.csproj" })
        {
            var pack = DotnetProcess.Dotnet($"pack \"{Path.Combine(repo, project)}\" -c {configuration} --no-build -o \"{Feed}\"", repo);
            if (pack.ExitCode != 0) throw new InvalidOperationException($"packing {project} failed:\n{pack}");
        }

        MsbuildPackageVersion = VersionOf("UltraCloud.Guards.Msbuild");
        ToolPackageVersion = VersionOf("UltraCloud.Guards");

        File.WriteAllText(Path.Combine(Work, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="ultracloud-guards-test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
    }

    private string VersionOf(string id)
    {
        var prefix = id + ".";
        var file = Directory.EnumerateFiles(Feed, "*.nupkg")
            .Select(Path.GetFileNameWithoutExtension)
            .Single(name => name!.StartsWith(prefix, StringComparison.Ordinal) && char.IsDigit(name[prefix.Length]));
        return file![prefix.Length..];
    }

    /// <summary>A fresh folder under the work folder (so the work folder's nuget.config applies).</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Work, name);
        Directory.CreateDirectory(path);
        return path;
    }

    internal ProcessResult Dotnet(string arguments, string workingDirectory) =>
        DotnetProcess.Dotnet(arguments, workingDirectory, Packages);

    public void Dispose()
    {
        try { Directory.Delete(Work, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
