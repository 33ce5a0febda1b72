using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>Paths of the repository and its fixtures, and a workspace over a folder of Nix files.</summary>
internal static class FlakeTestSupport
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string FixturesRoot => Path.Combine(RepositoryRoot, "tests", "Guards.Tests", "Fixtures", "flakes");

    public static string SampleRoot => Path.Combine(RepositoryRoot, "samples", "ultracloud");

    public static string Fixture(string name) => Path.Combine(FixturesRoot, name);

    public static NixWorkspace Workspace(string folder) =>
        NixWorkspace.ForTree(new WorkingTree(folder), TimeSpan.FromSeconds(10));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UltraCloud.Guards.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
