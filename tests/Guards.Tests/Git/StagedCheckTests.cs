using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Tests.Support;
using static UltraCloud.Guards.Tests.Git.GitTestKit;

namespace UltraCloud.Guards.Tests.Git;

public class StagedCheckTests
{
    private static CheckRun Staged(GitSandbox sandbox, string? path = null) =>
        CheckRun.Execute(Options(sandbox, path), new CheckModes { Staged = true, VersionControl = false });

    [Fact]
    public void A_file_staged_then_edited_again_is_judged_by_its_staged_content()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Commit("initial");
        repo.Write(Server, ServerWithStubAt(6)).Stage(Server);
        // Edited again after staging: the stub moves to line 12 in the work tree only.
        repo.Write(Server, ServerWithStubAt(12));

        using var run = Staged(repo);
        Assert.Equal([("UCG1001", Server, 6, 5)], Tuples(run.Result.Findings));
        Assert.Equal("    todo!()", run.Result.Tree.Read(Server, out _) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes).Split('\n')[5] : null);
        Assert.Equal(1, run.Result.Statistics.FilesOffered);

        // The plain check of the work tree sees line 12: a different text, the same fingerprint.
        using var worktree = CheckRun.Execute(Options(repo), new CheckModes { VersionControl = false });
        Assert.Equal([("UCG1001", Server, 12, 5)], Tuples(worktree.Result.Findings));
        Assert.Equal(run.Result.Findings[0].Fingerprint, worktree.Result.Findings[0].Fingerprint);
    }

    [Fact]
    public void A_partially_staged_fix_is_reported_where_the_staged_text_still_has_the_stub()
    {
        using var repo = new GitSandbox();
        var twoStubs = RustSource("use std::io;", "", "pub fn a() -> u32 {", "TODO", "}", "", "pub fn b() -> u32 {", "TODO", "}");
        repo.Write(Server, twoStubs).Commit("two stubs");
        // The work tree fixes both; only the fix of a() is staged.
        repo.Write(Server, RustSource("use std::io;", "", "pub fn a() -> u32 {", "    1", "}", "", "pub fn b() -> u32 {", "    2", "}"));
        repo.StageContent(Server, RustSource("use std::io;", "", "pub fn a() -> u32 {", "    1", "}", "", "pub fn b() -> u32 {", "TODO", "}"));

        using var run = Staged(repo);
        Assert.Equal([("UCG1001", Server, 8, 5)], Tuples(run.Result.Findings));

        // Fingerprints count equal matches, not positions: the one stub left is occurrence 0, the
        // identity HEAD's first stub had, so against HEAD one stub is gone and none is new.
        using var head = GitCommitTree.Open(repo.Root, "HEAD");
        var atHead = Engine.GuardsEngine.Scan(Options(repo) with { Tree = head });
        Assert.Equal([("UCG1001", Server, 4, 5), ("UCG1001", Server, 8, 5)], Tuples(atHead.Findings));
        Assert.Equal(atHead.Findings[0].Fingerprint, run.Result.Findings[0].Fingerprint);
    }

    [Fact]
    public void A_renamed_file_is_scanned_at_its_new_path_and_unstaged_files_are_not_reported()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Write(OtherServer, CleanServer).Commit("initial");
        repo.Move(Server, "iam/crates/iam-server/src/handlers.rs");
        // Modified but not staged: not part of the commit, not reported.
        repo.Write(OtherServer, ServerWithStubAt(5));

        using var run = Staged(repo);
        Assert.Equal([("UCG1001", "iam/crates/iam-server/src/handlers.rs", 4, 5)], Tuples(run.Result.Findings));
        using var index = GitIndexTree.Open(repo.Root);
        Assert.Equal(["iam/crates/iam-server/src/handlers.rs"], index.StagedPaths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_staged_deletion_is_not_scanned()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Write(OtherServer, CleanServer).Commit("initial");
        repo.Remove(Server);
        repo.Write(OtherServer, ServerWithStubAt(7)).Stage(OtherServer);

        using var run = Staged(repo);
        Assert.Equal([("UCG1001", OtherServer, 7, 5)], Tuples(run.Result.Findings));
        Assert.False(run.Result.Tree.FileExists(Server));
        Assert.True(run.Result.Tree.DirectoryExists("flaredb/crates"));
        Assert.False(run.Result.Tree.DirectoryExists("iam"));
    }

    [Fact]
    public void Nothing_staged_reports_nothing_even_when_the_work_tree_has_findings()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Commit("initial");
        repo.Write(Server, ServerWithStubAt(4));

        using var run = Staged(repo);
        Assert.Empty(run.Result.Findings);
        Assert.Equal(0, run.Result.Statistics.FilesOffered);
        Assert.Equal(0, run.Result.Statistics.FilesRead);
    }

    [Fact]
    public void The_first_commit_of_a_repository_is_checked_against_an_empty_tree()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(5)).Stage(Server);
        using var run = Staged(repo);
        Assert.Equal([("UCG1001", Server, 5, 5)], Tuples(run.Result.Findings));
    }

    [Fact]
    public void A_staged_change_that_breaks_a_repository_rule_is_reported_at_the_unstaged_flake()
    {
        using var repo = new GitSandbox();
        repo.Write("flake.nix", FlakeFile).Write("nix/entrypoints.nix", EntrypointsBoth).Commit("initial");
        repo.Write("nix/entrypoints.nix", EntrypointsNoNode01).Stage("nix/entrypoints.nix");

        using var run = Staged(repo);
        Assert.Equal([(StandInRules.EntrypointRuleId, "flake.nix", 1, 1)], Tuples(run.Result.Findings));
        Assert.Equal("flake.nix does not expose `node01`", run.Result.Findings[0].Message);
    }

    [Fact]
    public void A_repository_finding_HEAD_already_has_is_not_blamed_on_an_unrelated_staged_change()
    {
        using var repo = new GitSandbox();
        repo.Write("flake.nix", FlakeFile).Write("nix/entrypoints.nix", EntrypointsNoNode01).Write(Server, CleanServer).Commit("initial");
        repo.Write(Server, ServerWithStubAt(4)).Stage(Server);

        using var run = Staged(repo);
        Assert.Equal([("UCG1001", Server, 4, 5)], Tuples(run.Result.Findings));
        // Every flake finding (the stand-in's and the shipped UCG2001s of this toy flake) was on HEAD already.
        Assert.Contains((StandInRules.EntrypointRuleId, "flake.nix", 1, 1), Tuples(run.Result.Unreported));
        Assert.All(run.Result.Unreported, f => Assert.EndsWith("flake.nix", f.Path));
    }

    [Fact]
    public void Repository_rules_read_the_index_not_the_work_tree()
    {
        using var repo = new GitSandbox();
        repo.Write("flake.nix", FlakeFile).Write("nix/entrypoints.nix", EntrypointsBoth).Commit("initial");
        // Staged: node01 dropped. Work tree: put back (not staged). The commit would lack it.
        repo.Write("nix/entrypoints.nix", EntrypointsNoNode01).Stage("nix/entrypoints.nix");
        repo.Write("nix/entrypoints.nix", EntrypointsBoth);

        using var run = Staged(repo);
        Assert.Equal([(StandInRules.EntrypointRuleId, "flake.nix", 1, 1)], Tuples(run.Result.Findings));
    }

    [Fact]
    public void Staged_symlinks_and_binaries_are_counted_as_skips_of_the_staged_set()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Commit("initial");
        File.CreateSymbolicLink(repo.FullPath("iam/crates/iam-server/src/link.rs"), "lib.rs");
        File.WriteAllBytes(repo.FullPath("iam/crates/iam-server/src/blob.rs"), [0x74, 0x6f, 0x64, 0x6f, 0x21, 0x28, 0x29, 0, 1, 2]);
        repo.Stage("iam/crates/iam-server/src/link.rs", "iam/crates/iam-server/src/blob.rs");

        using var run = Staged(repo);
        Assert.Empty(run.Result.Findings);
        var skipped = run.Result.Statistics.Skipped;
        Assert.Equal(["iam/crates/iam-server/src/link.rs"], skipped[SkipReasons.Symlink]);
        Assert.Equal(["iam/crates/iam-server/src/blob.rs"], skipped[SkipReasons.Binary]);
        Assert.Equal(2, run.Result.Statistics.FilesOffered);
    }

    [Fact]
    public void The_index_git_names_for_the_hook_is_the_one_read()
    {
        // `git commit -a` runs the hook with GIT_INDEX_FILE naming a temporary index.
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Commit("initial");
        repo.Write(Server, ServerWithStubAt(7));
        var temporary = Path.Combine(repo.Root, ".git", "next-index-test.lock");
        File.Copy(Path.Combine(repo.Root, ".git", "index"), temporary);
        using (var other = new LibGit2Sharp.Repository(repo.Root, new LibGit2Sharp.RepositoryOptions { IndexPath = temporary }))
            LibGit2Sharp.Commands.Stage(other, Server);

        using (var usual = Staged(repo)) Assert.Empty(usual.Result.Findings);
        using var run = CheckRun.Execute(Options(repo), new CheckModes { Staged = true, IndexPath = temporary, VersionControl = false });
        Assert.Equal([("UCG1001", Server, 7, 5)], Tuples(run.Result.Findings));

        Assert.Throws<GitWorkflowException>(() => CheckRun.Execute(Options(repo), new CheckModes { Staged = true, IndexPath = temporary + ".missing" }));
    }

    [Fact]
    public void A_root_below_the_work_tree_reports_paths_relative_to_it()
    {
        // uc-guards.yaml in a subfolder makes that folder the root (a product inside a monorepo).
        using var repo = new GitSandbox();
        repo.Write("product/uc-guards.yaml", "version: 1\n").Write("product/" + Server, CleanServer).Write(Server, CleanServer).Commit("initial");
        repo.Write("product/" + Server, ServerWithStubAt(5)).Write(Server, ServerWithStubAt(6)).Stage("product/" + Server, Server);

        using var run = Staged(repo, repo.FullPath("product"));
        Assert.Equal(repo.FullPath("product"), run.Result.Root);
        Assert.Equal([("UCG1001", Server, 5, 5)], Tuples(run.Result.Findings));
        Assert.True(run.Result.Tree.FileExists("uc-guards.yaml"));
        Assert.False(run.Result.Tree.FileExists("product/uc-guards.yaml"));

        using var head = GitCommitTree.Open(repo.FullPath("product"), "HEAD");
        Assert.Equal(["iam/crates/iam-server/src/lib.rs", "uc-guards.yaml"], head.Enumerate().Select(e => e.Path));
    }

    [Fact]
    public void Outside_a_repository_the_staged_check_is_a_clear_error()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ucg-nogit-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var ex = Assert.Throws<GitWorkflowException>(() => CheckRun.Execute(
                new Engine.ScanOptions { Path = folder, Catalog = StandInRules.Catalog }, new CheckModes { Staged = true }));
            Assert.Contains("not inside a git repository", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static readonly string s_table = string.Join("\n", File.ReadAllLines(Path.Combine(Repo.SampleTree, "docs", "testing.md")).Skip(6).Take(5)) + "\n";

    private static string Doc(string table) => "# Testing\n\n## Canonical Profiles\n\n" + table;

    [Fact]
    public void Profile_table_drift_is_judged_in_the_staged_docs_only_and_old_drift_elsewhere_is_not_blamed()
    {
        using var repo = new GitSandbox();
        var drifted = s_table.Replace("`flaredb`, `iam`, `plasmavmc`", "`iam`, `plasmavmc`", StringComparison.Ordinal);
        repo.Write("docs/testing.md", Doc(s_table)).Write("docs/old.md", Doc(drifted)).Write("docs/other.md", Doc(s_table)).Commit("initial");
        repo.Write("docs/other.md", Doc(drifted)).Stage("docs/other.md");

        using var run = Staged(repo);

        // At the required-components cell of the single-node row, which no longer names flaredb.
        var cell = drifted.Split('\n')[2].IndexOf("`chainfire`, `iam`", StringComparison.Ordinal) + 1;
        Assert.Equal([("UCG2004", "docs/other.md", 7, cell)], Tuples(run.Result.Findings));
        Assert.DoesNotContain(run.Result.Unreported, f => f.RuleId == "UCG2004");
    }

    [Fact]
    public void A_table_in_an_unstaged_doc_is_enough_and_dropping_the_only_table_is_reported_at_the_expected_doc()
    {
        using var repo = new GitSandbox();
        repo.Write("docs/testing.md", "# Testing\n\nProse only.\n").Write("docs/profiles.md", Doc(s_table)).Write(Server, CleanServer).Commit("initial");
        repo.Write(Server, ServerWithStubAt(4)).Stage(Server);

        using (var unrelated = Staged(repo))
            Assert.Equal([("UCG1001", Server, 4, 5)], Tuples(unrelated.Result.Findings));

        repo.Write("docs/profiles.md", "# Profiles\n\nSee the flake.\n").Stage("docs/profiles.md");
        using var dropped = Staged(repo);
        Assert.Equal([("UCG2004", "docs/testing.md", 1, 1), ("UCG1001", Server, 4, 5)], Tuples(dropped.Result.Findings));
    }
}
