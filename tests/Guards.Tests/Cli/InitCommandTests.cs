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
    public void Init_on_an_empty_folder_switches_no_rule_off_and_says_what_it_left_out()
    {
        using var dir = new TestTree();
        var run = CliRun.Run("init", dir.Root);
        Assert.Equal(0, run.Exit);
        var config = Path.Combine(dir.Root, "uc-guards.yaml");
        var text = File.ReadAllText(config);
        Snapshot.Match(text);
        Assert.DoesNotContain("\ndisable:", text);

        var policy = LoadWith(config);
        Assert.All(policy.Rules.Values, r => Assert.True(r.Enabled, $"{r.Id} is switched off"));
        Assert.Contains("left out:", run.Out);
        Assert.Contains("shipped-server-code: no server crate found", run.Out);
        Assert.Empty(Directory.EnumerateFiles(dir.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Init_on_the_sample_tree_finds_its_servers_in_the_shipped_scopes_and_adds_nothing()
    {
        using var dir = CopyOfSampleTree();
        var run = CliRun.Run("init", dir.Root);
        Assert.Equal(0, run.Exit);
        var config = Path.Combine(dir.Root, "uc-guards.yaml");
        var text = File.ReadAllText(config);
        Snapshot.Match(text);

        Assert.Contains("shipped-server-code: no Cargo package here declares a server, but the shipped scope (the UltraCloud layout) reads 7 files here", run.Out);
        Assert.Contains("provider-server-code (UCG1003): the shipped scope (UltraCloud's supported provider servers) reads 5 files here", run.Out);
        Assert.DoesNotContain("\nscopes:", text);
        Assert.DoesNotContain("profiles: []", text);
        var policy = LoadWith(config);
        Assert.All(policy.Rules.Values, r => Assert.True(r.Enabled, $"{r.Id} is switched off"));
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
        Assert.Contains("\n# uc-guards.yaml: how the UltraCloud guards read this repository.\n", File.ReadAllText(existing));
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
