using System.Reflection;

namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>
/// A folder feed under a temporary work folder, with a private NuGet packages folder and a
/// nuget.config that lists the feed before the usual source. It holds the packages of
/// <c>eng/pack.sh</c> when <see cref="PackagedFeedVariable"/> names its output (as .ci/run does: the
/// tool's Native AOT package takes minutes to make); otherwise UltraCloud.Guards.Msbuild packed
/// here from the projects the test build already built, with the build machine's parser library only,
/// and no tool packages (the tests that need them are skipped, saying so).
/// </summary>
public sealed class PackagesFixture : IDisposable
{
    public string Work { get; } = Directory.CreateTempSubdirectory("ucg-e2e-").FullName;
    public string Feed => Path.Combine(Work, "feed");
    public string Packages => Path.Combine(Work, "packages");
    public string MsbuildPackageVersion { get; }
    public string RepoRoot { get; }
    public string Configuration { get; }
    public string? ToolPackageVersion { get; }

    /// <summary>The environment variable naming the folder eng/pack.sh packed into.</summary>
    public const string PackagedFeedVariable = "UCG_PACKAGE_FEED";

    public static string? PackagedFeed =>
        Environment.GetEnvironmentVariable(PackagedFeedVariable) is { Length: > 0 } feed && Directory.Exists(feed) ? Path.GetFullPath(feed) : null;

    public PackagesFixture()
    {
        var assembly = typeof(PackagesFixture).Assembly;
        string Metadata(string key) => assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        var repo = RepoRoot = Metadata("RepoRoot");
        var configuration = Configuration = Metadata("Configuration");

        Directory.CreateDirectory(Feed);
        if (PackagedFeed is { } packaged)
        {
            foreach (var package in Directory.EnumerateFiles(packaged, "UltraCloud.Guards*.nupkg"))
                File.Copy(package, Path.Combine(Feed, Path.GetFileName(package)));
        }
        else
        {
            var project = "src/Guards.Msbuild/Guards.Msbuild.csproj";
            var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
            var pack = DotnetProcess.Dotnet($"pack \"{Path.Combine(repo, project)}\" -c {configuration} --no-build -o \"{Feed}\" -p:UcgPortableNativeRids={rid}", repo);
            if (pack.ExitCode != 0) throw new InvalidOperationException($"packing {project} failed:\n{pack}");
        }

        MsbuildPackageVersion = VersionOf("UltraCloud.Guards.Msbuild")!;
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

    private string? VersionOf(string id)
    {
        var prefix = id + ".";
        var file = Directory.EnumerateFiles(Feed, "*.nupkg")
            .Select(Path.GetFileNameWithoutExtension)
            .SingleOrDefault(name => name!.StartsWith(prefix, StringComparison.Ordinal) && char.IsDigit(name[prefix.Length]));
        return file?[prefix.Length..];
    }

    /// <summary>The path of a package in the feed.</summary>
    public string PackagePath(string id, string version) => Path.Combine(Feed, $"{id}.{version}.nupkg");

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

/// <summary>A fact that needs the tool packages of eng/pack.sh: skipped, saying why, when none were named.</summary>
public sealed class PackagedToolFactAttribute : FactAttribute
{
    public PackagedToolFactAttribute()
    {
        if (PackagesFixture.PackagedFeed is null)
            Skip = $"the tool packages come from eng/pack.sh (Native AOT takes minutes): run `eng/pack.sh --rid linux-x64 --rid any` and set {PackagesFixture.PackagedFeedVariable}=artifacts/packages (.ci/run does)";
    }
}
