using LibGit2Sharp;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>
/// A real git repository in a temporary folder, driven through LibGit2Sharp: write files, stage,
/// commit, branch, tag. Deleted on dispose.
/// </summary>
public sealed class GitSandbox : IDisposable
{
    private static readonly Signature s_author = new("Test Author", "author@example.invalid", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private int _clock;

    public GitSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "ucg-git-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Repository.Init(Root);
        Repo = new Repository(Root);
        Repo.Config.Set("core.autocrlf", false);
    }

    public string Root { get; }
    public Repository Repo { get; }

    public string FullPath(string relative) => Path.Combine(Root, relative);

    public GitSandbox Write(string relative, string content)
    {
        var full = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public string ReadFile(string relative) => File.ReadAllText(FullPath(relative));

    public GitSandbox Delete(string relative)
    {
        File.Delete(FullPath(relative));
        return this;
    }

    public GitSandbox Stage(params string[] paths)
    {
        Commands.Stage(Repo, paths);
        return this;
    }

    /// <summary>Stages a blob with this content without touching the work tree (a partial stage).</summary>
    public GitSandbox StageContent(string relative, string content)
    {
        var blob = Repo.ObjectDatabase.CreateBlob(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)));
        Repo.Index.Add(blob, relative, Mode.NonExecutableFile);
        Repo.Index.Write();
        return this;
    }

    public GitSandbox Move(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FullPath(to))!);
        Commands.Move(Repo, from, to);
        return this;
    }

    public GitSandbox Remove(string relative)
    {
        Commands.Remove(Repo, relative);
        return this;
    }

    public Commit Commit(string message)
    {
        Commands.Stage(Repo, "*");
        return CommitStaged(message);
    }

    public Commit CommitStaged(string message)
    {
        var when = s_author.When.AddMinutes(++_clock);
        var signature = new Signature(s_author.Name, s_author.Email, when);
        return Repo.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true });
    }

    /// <summary>Stages everything and commits as <paramref name="author"/> at <paramref name="when"/> (for histories with real ages).</summary>
    public Commit CommitAt(string message, DateTimeOffset when, string author = "Test Author")
    {
        Commands.Stage(Repo, "*");
        var signature = new Signature(author, author.Split(' ')[0].ToLowerInvariant() + "@example.invalid", when);
        return Repo.Commit(message, signature, signature, new CommitOptions { AllowEmptyCommit = true });
    }

    public GitSandbox Branch(string name, bool checkout = true)
    {
        var branch = Repo.Branches[name] ?? Repo.CreateBranch(name);
        if (checkout) Commands.Checkout(Repo, branch);
        return this;
    }

    public GitSandbox Checkout(string name)
    {
        Commands.Checkout(Repo, Repo.Branches[name]);
        return this;
    }

    public GitSandbox Tag(string name, bool annotated = true)
    {
        if (annotated) Repo.ApplyTag(name, new Signature(s_author.Name, s_author.Email, s_author.When.AddMinutes(++_clock)), $"release {name}");
        else Repo.ApplyTag(name);
        return this;
    }

    public void Dispose()
    {
        Repo.Dispose();
        try
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
                File.SetAttributes(file, FileAttributes.Normal);
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
