using UltraCloud.Guards.Engine.Session;
using System.Text.Json;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Tests.Support;
using static UltraCloud.Guards.Tests.Git.GitTestKit;

namespace UltraCloud.Guards.Tests.Git;

public class SarifGitTests
{
    private static JsonElement Sarif(CheckRun run)
    {
        var output = new StringWriter();
        new SarifReporter().Write(run.Result, output, new ReportOptions { IncludeTiming = false });
        return JsonDocument.Parse(output.ToString()).RootElement.GetProperty("runs")[0];
    }

    [Fact]
    public void Changed_since_marks_results_new_unchanged_and_absent_and_keeps_suppressed_ones()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerWithStubAt(4)).Write(OtherServer, ServerWithStubAt(5)).Commit("base");
        var main = repo.Repo.Head.FriendlyName;
        repo.Branch("feature");
        repo.Write(Server, ServerWithStubAt(6, extra: "pub fn more() -> u32 {\n    todo!()\n}")).Write(OtherServer, CleanServer).Commit("change");

        using var run = CheckRun.Execute(Options(repo), new CheckModes { ChangedSince = main });
        var sarif = Sarif(run);
        var results = sarif.GetProperty("results").EnumerateArray().Select(r => (
            Path: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(),
            Line: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(),
            State: r.GetProperty("baselineState").GetString(),
            Suppression: r.TryGetProperty("suppressions", out var s) ? s[0].GetProperty("kind").GetString() : null,
            Fingerprint: r.GetProperty("partialFingerprints").GetProperty("ucGuards/v1").GetString())).ToList();
        Assert.Equal(
            [(Server, 6, "unchanged", "external"), (Server, 9, "new", null), (OtherServer, 5, "absent", null)],
            results.Select(r => (r.Path, r.Line, r.State, r.Suppression)));
        Assert.Equal(run.Absent[0].Fingerprint, results[2].Fingerprint);

        var provenance = sarif.GetProperty("versionControlProvenance")[0];
        Assert.Equal(new Uri(repo.Root + "/").AbsoluteUri, provenance.GetProperty("repositoryUri").GetString());
        Assert.Equal(repo.Repo.Head.Tip.Sha, provenance.GetProperty("revisionId").GetString());
        Assert.Equal("feature", provenance.GetProperty("branch").GetString());
    }

    [Fact]
    public void Provenance_names_the_origin_remote_without_credentials_and_omits_a_detached_branch()
    {
        using var repo = new GitSandbox();
        repo.Write("README.md", "# r\n").Commit("base");
        repo.Repo.Network.Remotes.Add("origin", "https://ci-user:secret@git.example.invalid/ultracloud/ultracloud.git");
        Assert.Equal(new Engine.Reporting.VersionControlInfo("https://git.example.invalid/ultracloud/ultracloud.git", repo.Repo.Head.Tip.Sha, repo.Repo.Head.FriendlyName),
            VersionControl.Describe(repo.Root));

        LibGit2Sharp.Commands.Checkout(repo.Repo, repo.Repo.Head.Tip);
        Assert.Null(VersionControl.Describe(repo.Root)!.Branch);
    }

    [Theory]
    [InlineData("git@git.example.invalid:ultracloud/ultracloud.git", "ssh://git.example.invalid/ultracloud/ultracloud.git")]
    [InlineData("ssh://git@git.example.invalid/ultracloud.git", "ssh://git.example.invalid/ultracloud.git")]
    [InlineData("/srv/git/ultracloud.git", "file:///srv/git/ultracloud.git")]
    public void Remote_urls_become_absolute_uris(string remote, string expected) =>
        Assert.Equal(expected, VersionControl.RepositoryUri(remote));

    [Fact]
    public void Outside_a_repository_there_is_no_provenance() =>
        Assert.Null(VersionControl.Describe(Path.GetTempPath()));
}
