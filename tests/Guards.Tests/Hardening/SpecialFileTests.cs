using System.Text;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Only regular files are opened for reading: FIFOs, devices and sockets anywhere in the tree, an
/// ignore file that is one of them or a link to /dev/zero, are counted by reason and never opened;
/// a scan of such a tree finishes at once, in or out of git.
/// </summary>
public sealed class SpecialFileTests
{
    private static IReadOnlyList<string> Skipped(ScanResult result, string reason) =>
        result.Statistics.Skipped.TryGetValue(reason, out var paths) ? paths : [];

    private static (string Rule, string Path, int Line)[] Probes(ScanResult result) =>
        result.Findings.Where(f => f.RuleId == ProbeRule.RuleId).Select(f => (f.RuleId, f.Path, f.Span.StartLine)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fifos_and_sockets_are_counted_by_reason_and_a_waiting_writer_is_never_released(bool git)
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "PROBE\n");
        tree.Write("nix/b.nix", "# PROBE\n");
        if (git) { tree.Git("init", "-q"); tree.Git("add", "-A"); tree.Git("commit", "-qm", "one"); }
        Hostile.MakeFifo(tree["pipe.md"]);
        Hostile.MakeFifo(tree["nix/pipe.nix"]);
        File.CreateSymbolicLink(tree["to-pipe.md"], "pipe.md");
        using var socket = Hostile.MakeSocket(tree["nix/control.sock"]);
        // A writer blocks until someone opens the FIFO for reading: if the scan did, it would return.
        var writer = Task.Factory.StartNew(() => { using var w = new FileStream(tree["pipe.md"], FileMode.Open, FileAccess.Write); }, TaskCreationOptions.LongRunning);

        var result = Hostile.Within(30, () => Probe.Scan(tree.Root));
        var read = new WorkingTree(tree.Root).Read("to-pipe.md", out var error);

        Assert.False(writer.IsCompleted, "the scan opened the FIFO for reading");
        using (new FileStream(tree["pipe.md"], FileMode.Open, FileAccess.Read)) ((IAsyncResult)writer).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10));
        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "a.md", 1), (ProbeRule.RuleId, "nix/b.nix", 1)], Probes(result));
        Assert.Equal(["nix/pipe.nix", "pipe.md"], Skipped(result, SkipReasons.Fifo));
        Assert.Equal(["nix/control.sock"], Skipped(result, SkipReasons.UnixSocket));
        Assert.Equal(["to-pipe.md"], Skipped(result, SkipReasons.Symlink));
        Assert.Null(read);
        Assert.Equal(SkipReasons.Fifo, error);
    }

    [RootFact("creating a device node needs CAP_MKNOD")]
    public void A_device_node_is_counted_and_never_opened()
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "PROBE\n");
        Hostile.MakeCharacterDevice(tree["null.md"]);

        var result = Hostile.Within(30, () => Probe.Scan(tree.Root));

        Assert.Equal([(ProbeRule.RuleId, "a.md", 1)], Probes(result));
        Assert.Equal(["null.md"], Skipped(result, SkipReasons.Device));
        Assert.Null(new WorkingTree(tree.Root).Read("null.md", out var error));
        Assert.Equal(SkipReasons.Device, error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_gitignore_that_is_a_fifo_or_a_link_to_dev_zero_is_not_read_and_the_walk_goes_on(bool git)
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "PROBE\n");
        tree.Write("docs/b.md", "PROBE\n");
        tree.Write("zero/c.md", "PROBE\n");
        if (git) tree.Git("init", "-q");
        Hostile.MakeFifo(tree[".gitignore"]);
        File.CreateSymbolicLink(tree["zero/.gitignore"], "/dev/zero");
        File.CreateSymbolicLink(tree["docs/.gitignore"], "../.gitignore");

        var result = Hostile.Within(30, () => Probe.Scan(tree.Root));

        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "a.md", 1), (ProbeRule.RuleId, "docs/b.md", 1), (ProbeRule.RuleId, "zero/c.md", 1)], Probes(result));
        Assert.Equal([".gitignore"], Skipped(result, SkipReasons.Fifo));
        Assert.Equal(["zero/.gitignore"], Skipped(result, SkipReasons.LinkLeavesTree));
        Assert.Equal(["docs/.gitignore"], Skipped(result, SkipReasons.Symlink));
        Assert.True(Environment.WorkingSet < 2L * 1024 * 1024 * 1024, $"working set {Environment.WorkingSet}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_ignore_file_over_its_size_limit_is_counted_and_not_applied(bool git)
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "PROBE\n");
        tree.Write("generated/b.md", "PROBE\n");
        var ignore = new StringBuilder("generated/\n");
        while (ignore.Length <= WorkTreeWalk.MaxIgnoreFileSize) ignore.Append("# padding padding padding padding padding padding padding\n");
        tree.Write(".gitignore", ignore.ToString());
        if (git) tree.Git("init", "-q");

        var entries = new WorkingTree(tree.Root).Enumerate().ToDictionary(e => e.Path, e => e.SkipReason);

        Assert.Equal(SkipReasons.TooLarge, entries[".gitignore"]);
        Assert.True(entries.ContainsKey("generated/b.md"), "the ignore file's patterns were applied");
    }

    [Fact]
    public void Every_read_has_a_size_limit()
    {
        using var tree = new TempFolder();
        tree.Write("small.md", "PROBE\n");
        using (var big = new FileStream(tree["big.md"], FileMode.Create)) big.SetLength(5L * 1024 * 1024 * 1024);
        var working = new WorkingTree(tree.Root) { MaxFileSize = 1024 };

        Assert.NotNull(working.Read("small.md", out _));
        Assert.Null(working.Read("big.md", out var error));
        Assert.Equal(SkipReasons.TooLarge, error);
        Assert.Null(new WorkingTree(tree.Root).Read("big.md", out var byDefault));
        Assert.Equal(SkipReasons.TooLarge, byDefault);
    }
}
