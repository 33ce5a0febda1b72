using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>Paths of the repository and its fixtures, and a workspace over a folder of Nix files.</summary>
internal static class FlakeTestSupport
{
    public static string RepositoryRoot => Repo.Root;

    public static string FixturesRoot => Path.Combine(RepositoryRoot, "tests", "Guards.Tests", "Fixtures", "flakes");

    public static string SampleRoot => Repo.SampleTree;

    public static string Fixture(string name) => Path.Combine(FixturesRoot, name);

    public static NixWorkspace Workspace(string folder) =>
        NixWorkspace.ForTree(new WorkingTree(folder), TimeSpan.FromSeconds(10));
}
