using System.Text;
using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Every read through a tree stays inside its root: a path is resolved component by component,
/// links that stay inside are read as their targets, links and paths that leave are refused with
/// their reason and never opened. Each resolver (openat2, the per-component walk, the portable
/// one) and each tree (working tree, index, commit) answers the same.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ContainmentTests
{
    internal static readonly RootDirectory.ResolverKind[] Resolvers =
        [RootDirectory.ResolverKind.Best, RootDirectory.ResolverKind.ComponentWalk, RootDirectory.ResolverKind.Portable];

    public static TheoryData<int> ResolverIndexes => new() { 0, 1, 2 };

    /// <summary>A tree with links of every kind, and a secret outside it.</summary>
    private static (TempFolder Tree, TempFolder Outside) LinkedTree()
    {
        var outside = new TempFolder("outside");
        outside.Write("token", "SECRET-TOKEN-4242\n");
        outside.Write("x.nix", "\"SECRET-TOKEN-4242\"\n");
        var tree = new TempFolder();
        tree.Write("flake-real.nix", "{ outputs = _: { }; }\n");
        tree.Write("nix/a.nix", "{ a = 1; }\n");
        tree.Write("nix/deep/b.nix", "{ b = 2; }\n");
        File.CreateSymbolicLink(tree["flake.nix"], "flake-real.nix");
        Directory.CreateSymbolicLink(tree["lnk"], outside.Root);
        Directory.CreateSymbolicLink(tree["rel"], Path.GetRelativePath(tree.Root, outside.Root));
        Directory.CreateSymbolicLink(tree["inner"], "nix");
        Directory.CreateSymbolicLink(tree["nix/deep/up"], "../..");
        Directory.CreateSymbolicLink(tree["nix/deep/above"], "../../..");
        File.CreateSymbolicLink(tree["hop1"], "hop2");
        File.CreateSymbolicLink(tree["hop2"], "rel/token");
        File.CreateSymbolicLink(tree["ping"], "pong");
        File.CreateSymbolicLink(tree["pong"], "ping");
        File.CreateSymbolicLink(tree["dangling"], "nothing-here");
        File.CreateSymbolicLink(tree["abs-inside"], tree["nix/a.nix"]);
        return (tree, outside);
    }

    private static readonly (string Path, string? Content, string? Reason)[] s_expectedReads =
    [
        ("flake.nix", "{ outputs = _: { }; }\n", null),
        ("inner/a.nix", "{ a = 1; }\n", null),
        ("inner/deep/up/nix/a.nix", "{ a = 1; }\n", null),
        ("nix/deep/../a.nix", "{ a = 1; }\n", null),
        ("lnk/token", null, SkipReasons.LinkLeavesTree),
        ("lnk/x.nix", null, SkipReasons.LinkLeavesTree),
        ("rel/token", null, SkipReasons.LinkLeavesTree),
        ("hop1", null, SkipReasons.LinkLeavesTree),
        ("nix/deep/above/outside/token", null, SkipReasons.LinkLeavesTree),
        // An absolute target is refused even when it points inside the tree, as RESOLVE_BENEATH does.
        ("abs-inside", null, SkipReasons.LinkLeavesTree),
        ("../outside/token", null, SkipReasons.OutsideRoot),
        ("nix/../../outside/token", null, SkipReasons.OutsideRoot),
        ("/etc/passwd", null, SkipReasons.OutsideRoot),
        ("ping", null, SkipReasons.BrokenLink),
        ("dangling", null, SkipReasons.BrokenLink),
        ("nix/none.nix", null, SkipReasons.Vanished),
        ("nix", null, SkipReasons.Unreadable + ": a folder, not a file"),
    ];

    [Theory]
    [MemberData(nameof(ResolverIndexes))]
    public void Reads_follow_links_inside_the_root_and_refuse_every_way_out(int resolver)
    {
        var (tree, outside) = LinkedTree();
        using var _ = tree;
        using var __ = outside;
        var working = new WorkingTree(tree.Root) { Resolver = Resolvers[resolver] };
        Assert.Equal(Resolvers[resolver] == RootDirectory.ResolverKind.Best && LinuxCalls.Supported ? RootDirectory.ResolverKind.Best : Resolvers[resolver], working.Disk.Kind);

        foreach (var (path, content, reason) in s_expectedReads)
        {
            var bytes = working.Read(path, out var error);
            Assert.True(content == (bytes is null ? null : Encoding.UTF8.GetString(bytes)), $"{path}: read {(bytes is null ? "nothing" : Encoding.UTF8.GetString(bytes))}");
            Assert.True(reason == error, $"{path}: {error} instead of {reason}");
            var scratch = new byte[4];
            var transient = working.ReadTransient(path, ref scratch, out var transientError);
            Assert.Equal(content, transient is { } t ? Encoding.UTF8.GetString(t.Span) : null);
            Assert.Equal(reason, transientError);
        }

        Assert.True(working.FileExists("inner/deep/b.nix"));
        Assert.True(working.DirectoryExists("inner/deep"));
        Assert.False(working.FileExists("lnk/token"));
        Assert.False(working.DirectoryExists("lnk"));
        Assert.False(working.DirectoryExists("rel"));
        Assert.Equal(PathProbe.Refused(SkipReasons.LinkLeavesTree), working.Probe("lnk/token"));
        Assert.Equal(PathProbe.Refused(SkipReasons.OutsideRoot), working.Probe("../x"));
        Assert.Equal(PathProbe.Missing, working.Probe("nix/none.nix"));
        Assert.True(SkipReasons.IsContainmentRefusal(working.Probe("lnk").Reason));
    }

    [Theory]
    [MemberData(nameof(ResolverIndexes))]
    public void The_listing_tells_links_inside_from_links_leaving_and_broken_ones(int resolver)
    {
        var (tree, outside) = LinkedTree();
        using var _ = tree;
        using var __ = outside;

        var entries = new WorkingTree(tree.Root) { Resolver = Resolvers[resolver] }.Enumerate().ToList();

        Assert.Equal(
            [
                ("abs-inside", SkipReasons.LinkLeavesTree), ("dangling", SkipReasons.BrokenLink), ("flake-real.nix", null),
                ("flake.nix", SkipReasons.Symlink), ("hop1", SkipReasons.LinkLeavesTree), ("hop2", SkipReasons.LinkLeavesTree),
                ("inner", SkipReasons.Symlink), ("lnk", SkipReasons.LinkLeavesTree), ("nix/a.nix", null), ("nix/deep/above", SkipReasons.LinkLeavesTree),
                ("nix/deep/b.nix", null), ("nix/deep/up", SkipReasons.Symlink), ("ping", SkipReasons.BrokenLink), ("pong", SkipReasons.BrokenLink),
                ("rel", SkipReasons.LinkLeavesTree),
            ],
            entries.Select(e => (e.Path, e.SkipReason)));
    }

    [Fact]
    public void Staged_and_committed_trees_resolve_links_as_the_checkout_would()
    {
        var (tree, outside) = LinkedTree();
        using var _ = tree;
        using var __ = outside;
        tree.Git("init", "-q");
        tree.Git("add", "-A");
        tree.Git("commit", "-qm", "links");

        using var index = GitIndexTree.Open(tree.Root);
        using var repo = new Repository(tree.Root);
        using var head = new GitCommitTree(repo, repo.Head.Tip, GitLocation.For(repo));
        foreach (var source in new ISourceTree[] { index, head })
        {
            foreach (var (path, content, reason) in s_expectedReads)
            {
                var bytes = source.Read(path, out var error);
                Assert.True(content == (bytes is null ? null : Encoding.UTF8.GetString(bytes)), $"{source.Description} {path}");
                // A file missing from a tree of git objects is not in it rather than deleted during the scan.
                var expected = reason == SkipReasons.Vanished ? $"not in {source.Description}" : reason;
                Assert.True(expected == error, $"{source.Description} {path}: {error} instead of {expected}");
            }
            Assert.True(source.FileExists("inner/deep/b.nix"));
            Assert.True(source.DirectoryExists("inner/deep"));
            Assert.False(source.FileExists("lnk/token"));
            Assert.False(source.DirectoryExists("lnk"));
            Assert.Equal(PathProbe.Refused(SkipReasons.LinkLeavesTree), source.Probe("lnk/token"));
            Assert.Equal(
                ["abs-inside", "dangling", "flake.nix", "hop1", "hop2", "inner", "lnk", "nix/deep/above", "nix/deep/up", "ping", "pong", "rel"],
                source.Enumerate().Where(e => e.SkipReason is not null).Select(e => e.Path));
            var reasons = source.Enumerate().Where(e => e.SkipReason is not null).ToDictionary(e => e.Path, e => e.SkipReason);
            Assert.Equal(SkipReasons.Symlink, reasons["flake.nix"]);
            Assert.Equal(SkipReasons.LinkLeavesTree, reasons["lnk"]);
            Assert.Equal(SkipReasons.BrokenLink, reasons["ping"]);
        }
    }

    [Fact]
    public void A_root_below_the_work_tree_is_the_limit_of_reads()
    {
        using var tree = new TempFolder();
        tree.Write("repo-secret.md", "SECRET-TOKEN-4242\n");
        tree.Write("sub/uc-guards.yaml", "version: 1\n");
        tree.Write("sub/a.md", "text\n");
        File.CreateSymbolicLink(tree["sub/up.md"], "../repo-secret.md");
        tree.Git("init", "-q");
        tree.Git("add", "-A");
        tree.Git("commit", "-qm", "one");

        var working = new WorkingTree(tree["sub"]);

        Assert.Null(working.Read("up.md", out var error));
        Assert.Equal(SkipReasons.LinkLeavesTree, error);
        Assert.Equal([("a.md", null), ("uc-guards.yaml", null), ("up.md", SkipReasons.LinkLeavesTree)], working.Enumerate().Select(e => (e.Path, e.SkipReason)));
    }

    [Fact]
    public void User_files_named_explicitly_are_read_anywhere_but_only_when_regular()
    {
        using var folder = new TempFolder();
        folder.Write("config.yaml", "version: 1\n");
        File.CreateSymbolicLink(folder["linked.yaml"], folder["config.yaml"]);
        Hostile.MakeFifo(folder["fifo.yaml"]);

        Assert.Equal("version: 1\n", Encoding.UTF8.GetString(RootDirectory.ReadUserFile(folder["linked.yaml"], 100, out _)!));
        Assert.Null(RootDirectory.ReadUserFile(folder["fifo.yaml"], 100, out var fifo));
        Assert.Equal(SkipReasons.Fifo, fifo);
        Assert.Null(RootDirectory.ReadUserFile(folder["config.yaml"], 4, out var large));
        Assert.Equal(SkipReasons.TooLarge, large);
        Assert.Null(RootDirectory.ReadUserFile(folder.Root, 100, out var directory));
        Assert.StartsWith(SkipReasons.Unreadable, directory);
    }

    private static TempFolder CopyOfTheSample()
    {
        var copy = new TempFolder("checkout");
        foreach (var file in Directory.EnumerateFiles(Repo.SampleTree, "*", SearchOption.AllDirectories))
            copy.WriteBytes(Path.GetRelativePath(Repo.SampleTree, file), File.ReadAllBytes(file));
        return copy;
    }

    private sealed record ScanResultLike(int ExitCode, (string Rule, string Path, int Line)[] Findings, string Output);

    private static ScanResultLike Check(string root, params string[] args)
    {
        var run = Hostile.Cli(["check", root, "--format", "json", .. args]);
        using var json = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("path").GetString()!, f.GetProperty("startLine").GetInt32()))
            .ToArray();
        return new ScanResultLike(run.ExitCode, findings, run.Stdout + run.Stderr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_flake_nix_that_links_inside_the_tree_is_read_as_its_target(bool git)
    {
        using var plain = CopyOfTheSample();
        using var linked = CopyOfTheSample();
        File.Move(linked["flake.nix"], linked["flake-real.nix"]);
        File.CreateSymbolicLink(linked["flake.nix"], "flake-real.nix");
        if (git) { linked.Git("init", "-q"); linked.Git("add", "-A"); linked.Git("commit", "-qm", "linked flake"); }

        var expected = Check(plain.Root, "--rule", "UCG1005", "--rule", "UCG2002");
        var actual = Check(linked.Root, "--rule", "UCG1005", "--rule", "UCG2002");

        Assert.Equal(1, expected.ExitCode);
        Assert.Contains(expected.Findings, f => f.Rule == "UCG1005" && f.Path == "flake.nix");
        Assert.Contains(expected.Findings, f => f.Rule == "UCG2002");
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Findings, actual.Findings);
    }

    [Theory]
    [InlineData("leaving")]
    [InlineData("dangling")]
    [InlineData("fifo")]
    public void A_root_flake_that_cannot_be_read_is_reported_at_the_flake_never_passed_over(string kind)
    {
        using var outside = new TempFolder("outside");
        using var tree = CopyOfTheSample();
        File.Move(tree["flake.nix"], outside["flake.nix"]);
        switch (kind)
        {
            case "leaving": File.CreateSymbolicLink(tree["flake.nix"], outside["flake.nix"]); break;
            case "dangling": File.CreateSymbolicLink(tree["flake.nix"], "nowhere.nix"); break;
            default: Hostile.MakeFifo(tree["flake.nix"]); break;
        }
        var reason = kind switch { "leaving" => SkipReasons.LinkLeavesTree, "dangling" => SkipReasons.BrokenLink, _ => SkipReasons.Fifo };

        var run = Hostile.Within(60, () => Check(tree.Root, "--rule", "UCG2001", "--rule", "UCG2002"));

        var atFlake = run.Findings.Where(f => f.Path == "flake.nix").ToList();
        Assert.NotEmpty(atFlake);
        Assert.All(atFlake, f => Assert.Equal(("UCG0003", 1), (f.Rule, f.Line)));
        Assert.Contains($"flake.nix cannot be read: {reason}", run.Output);
    }

    [Fact]
    public void Content_behind_a_link_out_of_the_tree_never_reaches_a_report()
    {
        using var outside = new TempFolder("outside");
        outside.Write("token", "SECRET-TOKEN-4242");
        outside.Write("x.nix", "{ SECRET-TOKEN-4343 = 1; }");
        using var tree = CopyOfTheSample();
        Directory.CreateSymbolicLink(tree["lnk"], outside.Root);
        const string Packages = "packages.${system} = {";
        var flake = File.ReadAllText(tree["flake.nix"]);
        Assert.Contains(Packages, flake);
        // Output names are what the reports list: read through the link, they would carry the secret.
        tree.Write("flake.nix", flake.Replace(Packages, "packages.${system} = import ./lnk/x.nix // { ${builtins.readFile ./lnk/token} = 2; } // {"));
        tree.Write("nix/leak.nix", "{ a = builtins.readFile ../lnk/token; b = import ../lnk/x.nix; }\n");

        foreach (var format in new[] { "text", "json", "sarif", "markdown", "github", "junit" })
        {
            var run = Hostile.Cli("check", tree.Root, "--format", format);
            Assert.DoesNotContain("SECRET-TOKEN", run.Stdout + run.Stderr);
        }
        foreach (var format in new[] { "json", "markdown" })
        {
            var surface = Hostile.Cli("surface", tree.Root, "--format", format);
            Assert.Contains("packages", surface.Stdout);
            Assert.DoesNotContain("SECRET-TOKEN", surface.Stdout + surface.Stderr);
        }
    }
}
