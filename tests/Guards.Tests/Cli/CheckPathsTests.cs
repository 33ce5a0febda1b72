using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>
/// `check PATH...`: the repository around the paths is read as a whole (root, policy, flake, the
/// docs' profile table), and only the findings under the paths are reported.
/// </summary>
public class CheckPathsTests
{
    /// <summary>A copy of the sample checkout (its uc-guards.yaml makes the copy's folder the root).</summary>
    private static TestTree SampleCopy()
    {
        var tree = new TestTree();
        foreach (var file in Directory.EnumerateFiles(Repo.SampleTree, "*", SearchOption.AllDirectories))
            tree.Write(Path.GetRelativePath(Repo.SampleTree, file), File.ReadAllText(file));
        return tree;
    }

    private static List<(string Rule, string Path, int Line)> Check(params string[] paths)
    {
        using var session = GuardsSession.Open(new SessionOptions { Paths = paths });
        return session.Check(new ScanRequest(), new CheckModes { VersionControl = false }).Active.Select(f => (f.RuleId, f.Path, f.Span.StartLine)).ToList();
    }

    [Fact]
    public void A_folder_is_judged_with_the_whole_repository_around_it()
    {
        using var sample = SampleCopy();
        var everything = Check(sample.Root);
        var docs = Check(Path.Combine(sample.Root, "docs"));

        // The docs' findings are the full scan's, no more: the profile table is found where the
        // policy expects it even though only docs/ is reported, and the flake's findings stay out.
        Assert.NotEmpty(docs);
        Assert.Equal(everything.Where(f => f.Path.StartsWith("docs/", StringComparison.Ordinal)), docs);
        Assert.DoesNotContain(docs, f => f.Rule == "UCG2004");
        Assert.Contains(everything, f => f.Path == "flake.nix");
    }

    [Fact]
    public void Several_paths_report_the_findings_under_each_and_a_file_is_a_path_too()
    {
        using var sample = SampleCopy();
        var everything = Check(sample.Root);
        var server = "chainfire/crates/chainfire-server/src/main.rs";
        var some = Check(Path.Combine(sample.Root, "docs"), Path.Combine(sample.Root, server));
        Assert.Equal(everything.Where(f => f.Path.StartsWith("docs/", StringComparison.Ordinal) || f.Path == server), some);
        Assert.Contains(some, f => f.Path == server);
    }

    [Fact]
    public void Paths_of_different_roots_are_refused()
    {
        using var sample = SampleCopy();
        using var other = new TestTree(("uc-guards.yaml", "version: 1\n"), ("README.md", "# x\n"));
        var error = Assert.Throws<Engine.Policy.PolicyException>(() => Check(sample.Root, other.Root));
        Assert.Contains("check each root on its own", error.Message);
    }

    [Fact]
    public void The_command_takes_several_paths()
    {
        using var sample = SampleCopy();
        var result = CliRunner.InProcess("check", "--format", "json", Path.Combine(sample.Root, "docs"), Path.Combine(sample.Root, "flake.nix"));
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var paths = json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Distinct().Order().ToList();
        Assert.Equal(["docs/rollout-bundle.md", "docs/testing.md", "flake.nix"], paths);
        Assert.Equal(1, result.ExitCode);
    }
}
