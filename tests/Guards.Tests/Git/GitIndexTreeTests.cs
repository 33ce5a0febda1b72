using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Git;

public sealed class GitIndexTreeTests
{
    private static List<(string Path, string? Content)> Contents(ISourceTree tree) =>
        tree.Enumerate().Select(e => (e.Path, tree.Read(e.Path, out _) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null)).ToList();

    [Theory]
    [InlineData(null)]
    [InlineData("svc")]
    public void Head_told_from_the_index_equals_heads_own_tree_after_adds_deletes_edits_and_a_move(string? root)
    {
        using var sandbox = new GitSandbox();
        sandbox.Write("svc/a.md", "a\n").Write("svc/b.md", "b\n").Write("svc/deep/c.md", "c\n").Write("svc/d.md", "d\n").Write("top.md", "top\n");
        var head = sandbox.Commit("one");
        sandbox.Write("svc/a.md", "a edited\n").Stage("svc/a.md");
        sandbox.Remove("svc/b.md");
        sandbox.Write("svc/new/e.md", "e\n").Stage("svc/new/e.md");
        sandbox.Move("svc/d.md", "svc/moved/d.md");
        sandbox.Write("top.md", "top edited\n").Stage("top.md");
        sandbox.Write("svc/deep/c.md", "c in the work tree only\n");
        var scanned = root is null ? sandbox.Root : sandbox.FullPath(root);

        using var index = GitIndexTree.Open(scanned);
        using var fromIndex = index.HeadFromIndex();
        using var walked = GitCommitTree.Open(scanned, head.Sha);

        Assert.NotNull(fromIndex);
        Assert.Equal(Contents(walked), Contents(fromIndex));
        Assert.Equal(walked.Description, fromIndex.Description);
        var expectedStaged = root is null
            ? new[] { "svc/a.md", "svc/moved/d.md", "svc/new/e.md", "top.md" }
            : ["a.md", "moved/d.md", "new/e.md"];
        Assert.Equal(expectedStaged, index.StagedPaths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Before_the_first_commit_there_is_no_head_to_tell()
    {
        using var sandbox = new GitSandbox();
        sandbox.Write("a.md", "a\n").Stage("a.md");

        using var index = GitIndexTree.Open(sandbox.Root);

        Assert.Null(index.HeadFromIndex());
    }
}
