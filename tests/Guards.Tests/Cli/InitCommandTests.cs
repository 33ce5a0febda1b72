using Snapshooter.Xunit;
using UltraCloud.Guards.Engine.Policy;

using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

public class InitCommandTests
{
    private static GuardsPolicy LoadWith(string config) => PolicyLoader.Load(PolicyLoader.ShippedDocuments(), config);

    /// <summary>The sample tree copied outside the repository, without its own uc-guards.yaml.</summary>
    private static TestTree CopyOfSampleTree()
    {
        var dir = new TestTree();
        foreach (var file in Directory.EnumerateFiles(Repo.SampleTree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.SampleTree, file);
            if (relative == "uc-guards.yaml") continue;
            dir.Write(relative, File.ReadAllText(file));
        }
        return dir;
    }

    [Fact]
    public void Init_on_an_empty_folder_disables_every_rule_with_nothing_to_read()
    {
        using var dir = new TestTree();
        var run = CliRun.Run("init", dir.Root);
        Assert.Equal(0, run.Exit);
        var config = Path.Combine(dir.Root, "uc-guards.yaml");
        var text = File.ReadAllText(config);
        Snapshot.Match(text);

        var policy = LoadWith(config);
        var scoped = policy.Rules.Values.Where(r => r.Descriptor.Scopes.Count > 0 && !r.Id.StartsWith("UCG000", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scoped);
        Assert.All(scoped, r => Assert.False(r.Enabled, $"{r.Id} is enabled on an empty tree"));
        Assert.Equal(0, CliRun.Run("check", dir.Root, "--format", "json").Exit);
        Assert.Empty(Directory.EnumerateFiles(dir.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Init_on_the_sample_tree_records_its_scopes_and_keeps_its_rules()
    {
        using var dir = CopyOfSampleTree();
        var run = CliRun.Run("init", dir.Root);
        Assert.Equal(0, run.Exit);
        var config = Path.Combine(dir.Root, "uc-guards.yaml");
        var text = File.ReadAllText(config);
        Snapshot.Match(text);

        Assert.Contains("# Component workspaces (<component>/Cargo.toml): chainfire, prismnet, fiberlb", text);
        var policy = LoadWith(config);
        foreach (var id in new[] { "UCG1001", "UCG1002", "UCG1003" })
            Assert.True(policy.Rule(id)!.Enabled, $"{id} disabled on the sample tree");
    }

    [Fact]
    public void Init_never_overwrites_without_force()
    {
        using var dir = new TestTree();
        var existing = dir.WritePath("uc-guards.yaml", "# mine\nversion: 1\n");
        var refused = CliRun.Run("init", dir.Root);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("already exists; not overwritten (use --force", refused.Err);
        Assert.Equal("# mine\nversion: 1\n", File.ReadAllText(existing));

        var forced = CliRun.Run("init", dir.Root, "--force");
        Assert.Equal(0, forced.Exit);
        Assert.StartsWith("# uc-guards.yaml: how the UltraCloud guards read this repository.", File.ReadAllText(existing));
    }

    [Fact]
    public void Init_print_writes_nothing()
    {
        using var dir = new TestTree();
        var run = CliRun.Run("init", dir.Root, "--print");
        Assert.Equal(0, run.Exit);
        Assert.Contains("version: 1", run.Out);
        Assert.False(File.Exists(Path.Combine(dir.Root, "uc-guards.yaml")));
    }

    [Fact]
    public void Init_on_a_missing_folder_is_a_usage_error()
    {
        var run = CliRun.Run("init", Path.Combine(Path.GetTempPath(), "ucg-no-such-folder-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, run.Exit);
        Assert.Contains("not a folder", run.Err);
    }
}
