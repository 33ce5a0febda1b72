using Snapshooter.Xunit;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Tests.Support;
using static UltraCloud.Guards.Tests.Git.GitTestKit;

namespace UltraCloud.Guards.Tests.Git;

public class DriftTests
{
    private const string Moved = "iam/crates/iam-server/src/api.rs";

    /// <summary>
    /// v1: a stub in iam (line 4) and one in flaredb (line 5), the flake exposing both entrypoints.
    /// v2: the iam file moved and shifted (its stub unchanged), a second stub added in it, the
    /// flaredb stub fixed, and node01 dropped from the flake's entrypoints.
    /// </summary>
    private static GitSandbox TwoReleases()
    {
        var repo = new GitSandbox();
        repo.Write("flake.nix", FlakeFile).Write("nix/entrypoints.nix", EntrypointsBoth)
            .Write(Server, ServerWithStubAt(4)).Write(OtherServer, ServerWithStubAt(5));
        repo.Commit("release 1");
        repo.Tag("v1");
        repo.Move(Server, Moved);
        repo.Write(Moved, ServerWithStubAt(7, extra: "pub fn more() -> u32 {\n    todo!()\n}"));
        repo.Write(OtherServer, CleanServer);
        repo.Write("nix/entrypoints.nix", EntrypointsNoNode01);
        repo.Commit("release 2");
        repo.Tag("v2", annotated: false);
        return repo;
    }

    [Fact]
    public void Findings_introduced_and_resolved_between_two_tags()
    {
        using var repo = TwoReleases();
        var report = Drift(Options(repo), "v1", "v2");

        Assert.Equal(repo.Repo.Tags["v1"].PeeledTarget.Sha, report.From.Commit);
        Assert.Equal(repo.Repo.Head.Tip.Sha, report.To.Commit);
        Assert.Equal(
            [("UCG9901", "flake.nix", 1, 1), ("UCG1001", Moved, 10, 5)],
            report.Introduced.Select(f => (f.RuleId, f.Path, f.StartLine, f.StartColumn)));
        Assert.Equal([("UCG1001", OtherServer, 5, 5)], report.Resolved.Select(f => (f.RuleId, f.Path, f.StartLine, f.StartColumn)));
        Assert.Equal([new KeyValuePair<string, string>(Moved, Server)], report.Renames);
        Assert.True(report.AddsErrors);
        Assert.Equal(
            [new RuleDrift("UCG1001", "stub-macro", Engine.Model.Severity.Error, 1, 1), new RuleDrift("UCG9901", "test-required-entrypoint", Engine.Model.Severity.Error, 1, 0)],
            report.ByRule);

        // The same comparison the other way round swaps the lists; nothing else changes.
        var back = Drift(Options(repo), "v2", "v1");
        Assert.Equal([("UCG1001", OtherServer, 5, 5)], back.Introduced.Select(f => (f.RuleId, f.Path, f.StartLine, f.StartColumn)));
        Assert.Equal(report.Resolved.Select(f => f.Fingerprint), back.Introduced.Select(f => f.Fingerprint));
    }

    [Fact]
    public void The_markdown_report_reads_top_down()
    {
        using var repo = TwoReleases();
        var output = new StringWriter();
        DriftMarkdownWriter.Write(Drift(Options(repo), "v1", "v2"), output);
        Snapshot.Match(output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void The_json_report_is_stable()
    {
        using var repo = TwoReleases();
        var first = new StringWriter();
        DriftJsonWriter.Write(Drift(Options(repo), "v1", "v2"), first, "0.1.0");
        var second = new StringWriter();
        DriftJsonWriter.Write(Drift(Options(repo) with { Jobs = 1 }, "v1", "v2"), second, "0.1.0");
        Assert.Equal(first.ToString(), second.ToString());
        Snapshot.Match(first.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void No_change_is_said_plainly_and_exits_clean()
    {
        using var repo = TwoReleases();
        var report = Drift(Options(repo), "v2", "HEAD");
        Assert.Empty(report.Introduced);
        Assert.Empty(report.Resolved);
        Assert.False(report.AddsErrors);
        var output = new StringWriter();
        DriftMarkdownWriter.Write(report, output);
        Assert.Contains("No guard finding was introduced or resolved.", output.ToString());
    }

    [Fact]
    public void The_command_writes_the_report_atomically_and_rejects_unknown_revisions()
    {
        using var repo = TwoReleases();
        var target = repo.FullPath("drift.json");
        var stderr = new StringWriter();
        var code = GuardsCommandLine.Run(["drift", "--from", "v1", "--to", "v2", "--format", "json", "--output", target, "-C", repo.Root], new StringWriter(), stderr);
        Assert.Equal(ExitCodes.Findings, code); // v2 adds a `todo!()`: an error
        Assert.Equal($"uc-guards: drift v1 → v2: 1 introduced, 1 resolved; written to {target}\n", stderr.ToString().Replace("\r\n", "\n"));
        Assert.Contains("\"schemaVersion\": 2", File.ReadAllText(target));
        Assert.Equal(ExitCodes.Clean, GuardsCommandLine.Run(["drift", "--from", "v2", "--to", "HEAD", "-C", repo.Root], new StringWriter(), new StringWriter()));
        Assert.Empty(Directory.EnumerateFiles(repo.Root, "*.tmp"));

        stderr = new StringWriter();
        Assert.Equal(ExitCodes.Usage, GuardsCommandLine.Run(["drift", "--from", "v0", "-C", repo.Root], new StringWriter(), stderr));
        Assert.Equal("uc-guards: error: unknown revision 'v0'\n", stderr.ToString().Replace("\r\n", "\n"));

        stderr = new StringWriter();
        Assert.Equal(ExitCodes.Usage, GuardsCommandLine.Run(["drift", "--from", "v1", "--format", "html", "-C", repo.Root], new StringWriter(), stderr));
    }
    /// <summary>The drift of two revisions (findings only: these stand-in rules have no product surface).</summary>
    private static DriftReport Drift(ScanOptions options, string from, string to)
    {
        using var session = GuardsSession.Open(options.Session);
        return session.Drift(options.Request, from, to, withSurface: false);
    }
}

/// <summary>Drift with the product surface, on the sample checkout, through the command line.</summary>
public class SurfaceDriftTests
{
    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Edit(GitSandbox repo, string path, string from, string to)
    {
        var text = repo.ReadFile(path);
        Assert.Contains(from, text);
        repo.Write(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>v1 is the sample checkout; v2 drops an entrypoint, changes a node's components, adds a stub.</summary>
    private static GitSandbox SampleReleases()
    {
        var repo = new GitSandbox();
        CopyTree(Repo.SampleTree, repo.Root);
        repo.Commit("release 1");
        repo.Tag("v1");
        Edit(repo, "flake.nix", "        single-node-trial = single-node-quickstart;\n", "");
        Edit(repo, "nix/nodes/single-node-quickstart.nix", "services.lightningstor.enable = false;", "services.lightningstor.enable = true;");
        Edit(repo, "nix/nodes/single-node-quickstart.nix", "  services.flaredb.enable = true;\n", "");
        repo.Write("chainfire/crates/chainfire-server/src/raft.rs", "pub fn step() -> u32 {\n    todo!()\n}\n");
        repo.Commit("release 2");
        repo.Tag("v2");
        return repo;
    }

    [Fact]
    public void The_release_notes_list_surface_and_finding_changes()
    {
        using var repo = SampleReleases();
        var result = CliRunner.InProcess("drift", "--from", "v1", "--to", "v2", "-C", repo.Root);
        Assert.Equal(ExitCodes.Findings, result.ExitCode);
        // Commit ids follow the sample's content: masked so that editing the sample changes only what it should.
        var stdout = result.Stdout.Replace("\r\n", "\n")
            .Replace(repo.Repo.Tags["v1"].PeeledTarget.Sha[..12], "<v1 commit>")
            .Replace(repo.Repo.Tags["v2"].PeeledTarget.Sha[..12], "<v2 commit>");
        Snapshot.Match(stdout);
    }

    [Fact]
    public void The_json_report_carries_the_surface_changes()
    {
        using var repo = SampleReleases();
        var result = CliRunner.InProcess("drift", "--from", "v1", "--to", "v2", "--format", "json", "-C", repo.Root);
        var surface = System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement.GetProperty("surface");
        var changes = surface.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("area").GetString(), c.GetProperty("change").GetString(), c.GetProperty("subject").GetString())).ToList();
        Assert.Contains((SurfaceAreas.Entrypoint, "removed", "single-node dev: nix run .#single-node-trial"), changes);
        Assert.Contains((SurfaceAreas.Component, "gained", "single-node dev / single-node-quickstart: lightningstor"), changes);
        Assert.Contains((SurfaceAreas.Component, "lost", "single-node dev / single-node-quickstart: flaredb"), changes);
        Assert.Equal(1, surface.GetProperty("summary").GetProperty("componentsGained").GetInt32());

        // Between equal trees nothing changes.
        var same = CliRunner.InProcess("drift", "--from", "v2", "--to", "v2", "--format", "json", "-C", repo.Root);
        Assert.Empty(System.Text.Json.JsonDocument.Parse(same.Stdout).RootElement.GetProperty("surface").GetProperty("changes").EnumerateArray());
    }
}
