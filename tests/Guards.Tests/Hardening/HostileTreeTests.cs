using System.Text.Json;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Bad trees: links that loop or lead out of the root, special files, files that vanish, shrink or
/// turn into folders during the scan, and the odd kinds of git checkout. Each scan finishes, says
/// what it skipped and why, and reports only what it read inside the root.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HostileTreeTests
{
    private static (string Rule, string Path, int Line, int Column)[] Probes(ScanResult result) =>
        result.Findings.Where(f => f.RuleId == ProbeRule.RuleId).Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToArray();

    private static IReadOnlyList<string> Skipped(ScanResult result, string reasonPrefix) =>
        result.Statistics.Skipped.Where(kv => kv.Key.StartsWith(reasonPrefix, StringComparison.Ordinal)).SelectMany(kv => kv.Value).Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Symbolic_link_loops_and_links_out_of_the_root_are_counted_never_followed(bool git)
    {
        using var outside = new TempFolder("outside");
        outside.Write("secret.md", "PROBE outside the root\n");
        using var tree = new TempFolder();
        tree.Write("docs/a.md", "one PROBE\n");
        Directory.CreateSymbolicLink(tree["docs/loop"], ".");
        Directory.CreateSymbolicLink(tree["up"], "..");
        File.CreateSymbolicLink(tree["ping.md"], "pong.md");
        File.CreateSymbolicLink(tree["pong.md"], "ping.md");
        File.CreateSymbolicLink(tree["escape.md"], outside["secret.md"]);
        Directory.CreateSymbolicLink(tree["out"], outside.Root);
        if (git) { tree.Git("init", "-q"); tree.Git("add", "-A"); tree.Git("commit", "-qm", "links"); }

        var result = Hostile.Within(30, () => Probe.Scan(tree.Root));

        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "docs/a.md", 1, 5)], Probes(result));
        Assert.Equal(["docs/loop"], Skipped(result, SkipReasons.Symlink));
        Assert.Equal(["escape.md", "out", "up"], Skipped(result, SkipReasons.LinkLeavesTree));
        Assert.Equal(["ping.md", "pong.md"], Skipped(result, SkipReasons.BrokenLink));
    }

    [Fact]
    public void A_fifo_in_the_tree_neither_blocks_nor_fails_the_scan()
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "PROBE\n");
        Hostile.MakeFifo(tree["pipe.md"]);
        Directory.CreateDirectory(tree["nix"]);
        Hostile.MakeFifo(tree["nix/pipe.nix"]);

        var result = Hostile.Within(30, () => Probe.Scan(tree.Root));

        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "a.md", 1, 1)], Probes(result));
    }

    [Fact]
    public void Files_deleted_truncated_or_replaced_by_a_folder_during_the_scan_are_counted_and_the_scan_goes_on()
    {
        using var tree = new TempFolder();
        tree.Write("gone.md", "PROBE\n");
        tree.Write("shrunk.md", "keep\nPROBE at line two\nPROBE at line three\n");
        tree.Write("folder.md", "PROBE\n");
        tree.Write("fine.md", "PROBE\n");
        var tampering = new TamperingTree(new WorkingTree(tree.Root), new Dictionary<string, Action<string>>
        {
            ["gone.md"] = File.Delete,
            ["shrunk.md"] = path => File.WriteAllText(path, "keep\nPROBE"),
            ["folder.md"] = path => { File.Delete(path); Directory.CreateDirectory(path); },
        });

        var result = Hostile.Within(30, () => Probe.Scan(tree.Root, tampering));

        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "fine.md", 1, 1), (ProbeRule.RuleId, "shrunk.md", 2, 1)], Probes(result));
        Assert.Equal(["gone.md"], Skipped(result, SkipReasons.Vanished));
        Assert.Equal(["folder.md"], Skipped(result, SkipReasons.Unreadable));
    }

    [Fact]
    public void Tracked_files_changed_on_disk_since_the_index_are_looked_at_as_they_are_now()
    {
        using var tree = new TempFolder();
        tree.Write("uc-guards.yaml", "version: 1\nmax-file-size: 1KiB\n");
        tree.Write("grown.md", "PROBE\n");
        tree.Write("now-a-link.md", "PROBE\n");
        tree.Write("now-a-folder.md", "PROBE\n");
        tree.Write("deleted.md", "PROBE\n");
        tree.Write("edited.md", "nothing\n");
        tree.Write("same.md", "PROBE\n");
        tree.Git("init", "-q"); tree.Git("add", "-A"); tree.Git("commit", "-qm", "one");
        tree.Write("grown.md", "PROBE\n" + new string('x', 2048) + "\n");
        File.Delete(tree["now-a-link.md"]);
        File.CreateSymbolicLink(tree["now-a-link.md"], "same.md");
        File.Delete(tree["now-a-folder.md"]);
        tree.Write("now-a-folder.md/inner.md", "PROBE\n");
        File.Delete(tree["deleted.md"]);
        tree.Write("edited.md", "now a PROBE\n");
        tree.Write("untracked.md", "PROBE\n");

        var result = Probe.Scan(tree.Root);

        Hostile.AssertHonest(result);
        Assert.Equal(
            [(ProbeRule.RuleId, "edited.md", 1, 7), (ProbeRule.RuleId, "now-a-folder.md/inner.md", 1, 1), (ProbeRule.RuleId, "same.md", 1, 1), (ProbeRule.RuleId, "untracked.md", 1, 1)],
            Probes(result));
        Assert.Equal(["grown.md"], Skipped(result, SkipReasons.TooLarge));
        Assert.Equal(["now-a-link.md"], Skipped(result, SkipReasons.Symlink));
        Assert.Equal([SkipReasons.TooLarge, SkipReasons.Symlink], result.Statistics.Skipped.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_sparse_checkout_scans_the_files_it_has_and_counts_none_of_the_others_as_deleted()
    {
        using var tree = new TempFolder();
        tree.Write("kept/a.md", "PROBE\n");
        tree.Write("left-out/b.md", "PROBE\n");
        tree.Git("init", "-q"); tree.Git("add", "-A"); tree.Git("commit", "-qm", "one");
        tree.Git("sparse-checkout", "set", "kept");
        Assert.False(File.Exists(tree["left-out/b.md"]));

        var result = Probe.Scan(tree.Root);

        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "kept/a.md", 1, 1)], Probes(result));
        Assert.Empty(result.Statistics.Skipped);
    }

    [Fact]
    public void A_folder_outside_any_repository_is_walked_with_its_gitignore()
    {
        using var tree = new TempFolder();
        tree.Write(".gitignore", "ignored/\n");
        tree.Write("ignored/x.md", "PROBE\n");
        tree.Write("kept/x.md", "PROBE\n");
        tree.Write("README.md", "text\n");

        var result = Probe.Scan(tree.Root);

        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "kept/x.md", 1, 1)], Probes(result));
        Assert.Equal(0, Hostile.Cli("check", tree.Root).ExitCode);
    }

    [Fact]
    public void A_bare_repository_is_a_usage_error_naming_it()
    {
        using var source = new TempFolder("source");
        source.Write("a.md", "PROBE\n");
        source.Git("init", "-q"); source.Git("add", "-A"); source.Git("commit", "-qm", "one");
        var bare = Path.Combine(Path.GetDirectoryName(source.Root)!, "bare.git");
        TempFolder.Git(Path.GetDirectoryName(source.Root)!, "clone", "-q", "--bare", source.Root, bare);

        var run = Hostile.Cli("check", bare);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bare git repository", run.Stderr);
        Assert.Contains(bare, run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
    }

    [Theory]
    [InlineData("file", "gitdir: /nonexistent/place/.git/worktrees/x\n", 0)]
    [InlineData("file", "not a gitdir line at all", 2)]
    [InlineData("folder", "garbage HEAD\n", 2)]
    public void A_broken_git_marker_is_either_a_plain_folder_or_a_usage_error_never_a_crash(string kind, string content, int exitCode)
    {
        using var tree = new TempFolder();
        // A README is in the shipped docs scope: a plain folder has something to check.
        tree.Write("README.md", "text\n");
        if (kind == "file") tree.Write(".git", content);
        else
        {
            tree.Write(".git/HEAD", content);
            Directory.CreateDirectory(tree[".git/objects"]);
            Directory.CreateDirectory(tree[".git/refs"]);
        }

        var run = Hostile.Cli("check", tree.Root);

        Assert.True(exitCode == run.ExitCode, run.Stderr);
        if (exitCode == 2) Assert.Contains("git repository", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("internal error", run.Stderr);
    }

    [Fact]
    public void A_shallow_clone_a_submodule_and_a_linked_worktree_scan_like_a_plain_checkout()
    {
        using var upstream = new TempFolder("upstream");
        upstream.Write("docs/a.md", "old\n");
        upstream.Git("init", "-q"); upstream.Git("add", "-A"); upstream.Git("commit", "-qm", "one");
        upstream.Write("docs/a.md", "PROBE\n");
        upstream.Git("commit", "-qam", "two");
        using var library = new TempFolder("library");
        library.Write("lib.md", "PROBE in the submodule\n");
        library.Git("init", "-q"); library.Git("add", "-A"); library.Git("commit", "-qm", "lib");

        var parent = Path.GetDirectoryName(upstream.Root)!;
        var shallow = Path.Combine(parent, "shallow");
        TempFolder.Git(parent, "clone", "-q", "--depth", "1", "file://" + upstream.Root, shallow);
        Assert.True(File.Exists(Path.Combine(shallow, ".git", "shallow")));
        TempFolder.Git(shallow, "submodule", "add", "-q", library.Root, "vendor/lib");
        TempFolder.Git(shallow, "commit", "-qm", "submodule");
        var linked = Path.Combine(parent, "linked worktree");
        TempFolder.Git(shallow, "worktree", "add", "-q", "-b", "linked", linked);

        foreach (var root in new[] { shallow, linked })
        {
            var result = Probe.Scan(root);
            Hostile.AssertHonest(result);
            Assert.Equal([(ProbeRule.RuleId, "docs/a.md", 1, 1)], Probes(result));
            Assert.Equal(0, Hostile.Cli("check", root).ExitCode);
        }
        Assert.Equal(["vendor/lib"], Skipped(Probe.Scan(shallow), SkipReasons.Submodule));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Paths_with_spaces_quotes_and_non_ascii_characters_are_reported_exactly(bool git)
    {
        const string odd = "docs/with space/it's \"quoted\" – ünïcödé 雲.md";
        using var tree = new TempFolder("root with 'quotes' and spaces");
        tree.Write(odd, "x PROBE\n");
        tree.Write("#hash%percent&amp.md", "PROBE\n");
        if (git) { tree.Git("init", "-q"); tree.Git("add", "-A"); tree.Git("commit", "-qm", "odd"); }

        var result = Probe.Scan(tree.Root);

        Hostile.AssertHonest(result);
        Assert.Equal([(ProbeRule.RuleId, "#hash%percent&amp.md", 1, 1), (ProbeRule.RuleId, odd, 1, 3)], Probes(result));

        var sarif = new StringWriter();
        Engine.Reporting.Reporters.Find("sarif")!.Write(result, sarif, new Engine.Reporting.ReportOptions { IncludeTiming = false });
        using var document = JsonDocument.Parse(sarif.ToString());
        var uris = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!)
            .ToList();
        Assert.Equal(2, uris.Count);
        foreach (var uri in uris)
        {
            Assert.True(Uri.TryCreate(uri, UriKind.Relative, out _), uri);
            Assert.DoesNotContain(' ', uri);
        }
        Assert.Contains(odd, uris.Select(Uri.UnescapeDataString));
        Assert.Contains("#hash%percent&amp.md", uris.Select(Uri.UnescapeDataString));
    }
}
