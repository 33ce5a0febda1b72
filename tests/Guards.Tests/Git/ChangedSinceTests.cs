using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Tests.Support;
using static UltraCloud.Guards.Tests.Git.GitTestKit;

namespace UltraCloud.Guards.Tests.Git;

public class ChangedSinceTests
{
    private static CheckRun ChangedSince(GitSandbox sandbox, string revision) =>
        CheckRun.Execute(Options(sandbox), new CheckModes { ChangedSince = revision, VersionControl = false });

    private static string MainBranch(GitSandbox sandbox) => sandbox.Repo.Head.FriendlyName;

    [Fact]
    public void Findings_shifted_by_40_lines_with_an_unrelated_edit_stay_unchanged()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Commit("base");
        var main = MainBranch(repo);
        repo.Branch("feature");
        // 40 lines inserted above the stub, and an unrelated function edited below it.
        repo.Write(Server, ServerWithStubAt(44, extra: "pub fn unrelated() -> u32 { 7 }")).Commit("shift");

        using var run = ChangedSince(repo, main);
        Assert.Equal([("UCG1001", Server, 44, 5)], Tuples(run.Result.Findings));
        var finding = run.Result.Findings[0];
        Assert.Equal(FindingComparison.Unchanged, finding.BaselineState);
        Assert.Equal("baseline", finding.Suppression?.Kind);
        Assert.Empty(run.Result.Active);
        Assert.Empty(run.Absent);

        using var baseTree = GitCommitTree.Open(repo.Root, main);
        var atBase = GuardsEngine.Scan(Options(repo) with { Tree = baseTree });
        Assert.Equal([("UCG1001", Server, 4, 5)], Tuples(atBase.Findings));
        Assert.Equal(atBase.Findings[0].Fingerprint, finding.Fingerprint);
    }

    [Fact]
    public void A_second_equal_stub_is_new_and_the_first_keeps_its_identity()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Commit("base");
        var main = MainBranch(repo);
        repo.Branch("feature");
        repo.Write(Server, ServerWithStubAt(4, extra: "pub fn more() -> u32 {\n    todo!()\n}")).Commit("another stub");

        using var run = ChangedSince(repo, main);
        Assert.Equal([("UCG1001", Server, 4, 5), ("UCG1001", Server, 7, 5)], Tuples(run.Result.Findings));
        Assert.Equal([FindingComparison.Unchanged, FindingComparison.New], run.Result.Findings.Select(f => f.BaselineState));
        Assert.Equal([("UCG1001", Server, 7, 5)], Tuples(run.Result.Active));
    }

    [Fact]
    public void A_moved_file_keeps_its_findings_identity()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Write("README.md", "# iam\n").Commit("base");
        var main = MainBranch(repo);
        repo.Branch("feature");
        const string moved = "iam/crates/iam-server/src/api/handlers.rs";
        repo.Move(Server, moved);
        repo.CommitStaged("move");

        using var run = ChangedSince(repo, main);
        Assert.Equal([("UCG1001", moved, 4, 5)], Tuples(run.Result.Findings));
        Assert.Equal(FindingComparison.Unchanged, run.Result.Findings[0].BaselineState);
        Assert.Empty(run.Result.Active);
        Assert.Empty(run.Absent);
    }

    [Fact]
    public void A_moved_and_edited_file_not_yet_committed_keeps_its_findings_identity()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(10)).Commit("base");
        var main = MainBranch(repo);
        repo.Branch("feature");
        const string moved = "iam/crates/iam-server/src/handlers.rs";
        repo.Move(Server, moved);
        repo.Write(moved, ServerWithStubAt(11)); // one more line above, in the work tree

        using var run = ChangedSince(repo, main);
        Assert.Equal([("UCG1001", moved, 11, 5)], Tuples(run.Result.Findings));
        Assert.Equal(FindingComparison.Unchanged, run.Result.Findings[0].BaselineState);
    }

    [Fact]
    public void The_merge_base_is_the_reference_not_the_parent_commit()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Write(OtherServer, CleanServer).Commit("base");
        var main = MainBranch(repo);
        repo.Branch("feature");
        repo.Write(Server, ServerWithStubAt(5)).Commit("feature: stub");          // HEAD^ has the stub
        repo.Write("docs/notes.md", "notes\n").Commit("feature: unrelated");
        repo.Checkout(main);
        repo.Write(OtherServer, ServerWithStubAt(6)).Commit("main: a stub of its own"); // main moved on
        repo.Checkout("feature");

        using var run = ChangedSince(repo, main);
        // Against HEAD^ the stub would be unchanged; against main's tip the other stub would be absent.
        Assert.Equal([("UCG1001", Server, 5, 5)], Tuples(run.Result.Active));
        Assert.Equal(FindingComparison.New, run.Result.Findings.Single().BaselineState);
        Assert.Empty(run.Absent);
        Assert.Equal(repo.Repo.Branches[main].Commits.Last().Sha, run.MergeBase);
    }

    [Fact]
    public void A_resolved_finding_is_listed_as_absent_at_its_base_location()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(6)).Commit("base");
        var main = MainBranch(repo);
        repo.Branch("feature");
        repo.Write(Server, CleanServer).Commit("fix");

        using var run = ChangedSince(repo, main);
        Assert.Empty(run.Result.Findings);
        Assert.Equal([("UCG1001", Server, 6, 5)], Tuples(run.Absent));
        Assert.Equal(FindingComparison.Absent, run.Absent[0].BaselineState);
    }

    [Fact]
    public void An_unknown_revision_is_a_clear_error()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Commit("base");
        var ex = Assert.Throws<GitWorkflowException>(() => ChangedSince(repo, "no-such-branch"));
        Assert.Equal("unknown revision 'no-such-branch'", ex.Message);
    }

    [Fact]
    public void Staged_and_changed_since_do_not_combine()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer).Commit("base");
        Assert.Throws<GitWorkflowException>(() => CheckRun.Execute(Options(repo), new CheckModes { Staged = true, ChangedSince = "HEAD" }));
    }
}
