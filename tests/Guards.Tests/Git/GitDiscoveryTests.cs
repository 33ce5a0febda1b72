using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Git;

public sealed class GitDiscoveryTests
{
    [Fact]
    public void Finds_the_repository_of_a_nested_folder_and_of_a_file_and_agrees_with_libgit2()
    {
        using var tree = new TempFolder();
        tree.Write("deep/er/a.md", "text\n");
        tree.Git("init", "-q");
        var expected = tree[".git"] + Path.DirectorySeparatorChar;

        Assert.Equal(expected, GitDiscovery.Find(tree.Root));
        Assert.Equal(expected, GitDiscovery.Find(tree["deep/er"]));
        Assert.Equal(expected, GitDiscovery.Find(tree["deep/er/a.md"]));
        Assert.Equal(Repository.Discover(tree["deep/er"]), GitDiscovery.Find(tree["deep/er"]));
    }

    [Fact]
    public void Follows_a_linked_work_tree_and_a_relative_gitdir_file()
    {
        using var main = new TempFolder("main");
        main.Write("a.md", "text\n");
        main.Git("init", "-q"); main.Git("add", "-A"); main.Git("commit", "-qm", "one");
        var linked = Path.Combine(Path.GetDirectoryName(main.Root)!, "linked");
        main.Git("worktree", "add", "-q", linked);
        using var moved = new TempFolder("moved");
        moved.Write("sub/x.md", "text\n");
        TempFolder.Git(moved.Root, "init", "-q", "--separate-git-dir", "../moved.git");
        File.WriteAllText(moved[".git"], "gitdir: ../moved.git\n");

        Assert.Equal(Repository.Discover(linked), GitDiscovery.Find(Path.Combine(linked, "a.md")));
        Assert.Equal(Path.GetFullPath(Path.Combine(moved.Root, "..", "moved.git")) + Path.DirectorySeparatorChar, GitDiscovery.Find(moved["sub"]));
    }

    [Fact]
    public void A_bare_repository_is_found_itself_and_a_plain_folder_has_none()
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "text\n");
        TempFolder.Git(tree.Root, "init", "-q", "--bare", "store.git");
        using var plain = new TempFolder();
        plain.Write("a.md", "text\n");

        Assert.Equal(tree["store.git"] + Path.DirectorySeparatorChar, GitDiscovery.Find(tree["store.git/refs"]));
        Assert.Null(GitDiscovery.Find(plain["a.md"]));
    }

    [Theory]
    [InlineData("gitdir: /nonexistent/place/.git/worktrees/x\n", false)]
    [InlineData("not a gitdir line at all", true)]
    [InlineData("gitdir:   \n", true)]
    public void A_git_file_naming_nothing_is_no_repository_and_one_without_a_gitdir_line_is_an_error(string content, bool error)
    {
        using var tree = new TempFolder();
        tree.Write(".git", content);

        if (error) Assert.Throws<LibGit2SharpException>(() => GitDiscovery.Find(tree.Root));
        else Assert.Null(GitDiscovery.Find(tree.Root));
    }
}
