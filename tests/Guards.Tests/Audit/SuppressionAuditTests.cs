using System.Text.Json;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Audit;

/// <summary>
/// `uc-guards suppressions` and UCG0005 on real histories made with LibGit2Sharp: who introduced
/// each suppression and when (git blame), oldest first; what a change added and removed; the
/// policy's maximum age and reason pattern.
/// </summary>
public class SuppressionAuditTests
{
    private const string Server = "chainfire/crates/chainfire-server/src/lib.rs";
    private const string Doc = "docs/testing.md";
    private const string Harness = "nix/test-cluster/run-cluster.sh";

    private static readonly DateTimeOffset June = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset December = new(2025, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private const string ServerV1 = "pub fn handle() -> u32 {\n    // uc-guards: allow(UCG1001) the bootstrap path lands with the scheduler (#12)\n    todo!()\n}\n";
    private const string ServerV2 = "//! The chainfire server.\n\nuse std::fmt;\n\n" + ServerV1;
    private const string DocV1 = "# Testing\n\n<!-- uc-guards: allow(UCG1004) the roadmap page lists what is planned -->\nThe lab is TBD.\n";
    private const string HarnessV1 = "#!/usr/bin/env bash\n# uc-guards: allow(UCG2006) the node list is the lab's fixed inventory\nNODES=\"node01 node02\"\n";

    /// <summary>
    /// June (Alice): the server's suppression. December (Bob): the doc's, and lines added above the
    /// server's (which keeps its June date). Tag v1. February (Carol): the harness's; the doc's removed.
    /// </summary>
    private static GitSandbox History()
    {
        var repo = new GitSandbox();
        repo.Write(Server, ServerV1);
        repo.CommitAt("server", June, "Alice Liddell");
        repo.Write(Doc, DocV1).Write(Server, ServerV2);
        repo.CommitAt("docs", December, "Bob Builder");
        repo.Tag("v1", annotated: false);
        repo.Write(Harness, HarnessV1).Write(Doc, "# Testing\n\nThe lab is ready.\n");
        repo.CommitAt("harness", February, "Carol Danvers");
        return repo;
    }

    private static IReadOnlyList<SuppressionRecord> List(GitSandbox repo, string? path = null)
    {
        using var session = GuardsSession.Open(new SessionOptions { Path = path ?? repo.Root });
        return session.Suppressions(new ScanRequest());
    }

    [Fact]
    public void Every_suppression_with_its_commit_author_and_date_oldest_first()
    {
        using var repo = History();
        // An uncommitted one: listed last, with no introduction.
        repo.Write(Server, ServerV2 + "\npub fn other() {\n    // uc-guards: allow(UCG1002) the RPC is gated off\n}\n");
        var records = List(repo);
        var head = repo.Repo.Head.Tip;
        var june = head.Parents.Single().Parents.Single();
        Assert.Equal(
            [
                (Server, 6, "UCG1001", "the bootstrap path lands with the scheduler (#12)", (string?)june.Sha, (string?)"Alice Liddell", (DateTimeOffset?)June),
                (Harness, 2, "UCG2006", "the node list is the lab's fixed inventory", head.Sha, "Carol Danvers", February),
                (Server, 11, "UCG1002", "the RPC is gated off", null, null, null),
            ],
            records.Select(r => (r.Path, r.Line, string.Join(",", r.RuleIds), r.Reason, r.Introduced?.Commit, r.Introduced?.Author, r.Introduced?.Date)));
        Assert.Equal(8, records[0].Column);
        Assert.Equal(245, records[0].AgeDays(new DateTimeOffset(2026, 2, 1, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_path_limits_the_listing()
    {
        using var repo = History();
        Assert.Equal([Harness], List(repo, repo.FullPath("nix")).Select(r => r.Path));
    }

    [Fact]
    public void Outside_git_suppressions_are_listed_without_an_age()
    {
        using var tree = new TestTree((Server, ServerV1), (Doc, DocV1));
        using var session = GuardsSession.Open(new SessionOptions { Path = tree.Root });
        var records = session.Suppressions(new ScanRequest());
        Assert.Equal([(Server, 2, (LineIntroduction?)null), (Doc, 3, null)], records.Select(r => (r.Path, r.Line, r.Introduced)));
    }

    [Fact]
    public void Added_and_removed_between_two_revisions()
    {
        using var repo = History();
        using var session = GuardsSession.Open(new SessionOptions { Path = repo.Root });
        var drift = session.SuppressionChanges(new ScanRequest(), "v1", "HEAD");
        Assert.Equal([(Harness, 2, "Carol Danvers")], drift.Changes.Added.Select(r => (r.Path, r.Line, r.Introduced!.Author)));
        Assert.Equal([(Doc, 3, "Bob Builder")], drift.Changes.Removed.Select(r => (r.Path, r.Line, r.Introduced!.Author)));
        Assert.Equal(repo.Repo.Head.Tip.Sha, drift.To.Commit);
        Assert.Equal(February, drift.AsOf);

        // Nothing changed between a revision and itself; the other way round swaps the lists.
        Assert.Empty(session.SuppressionChanges(new ScanRequest(), "HEAD", "HEAD").Changes.Added);
        var back = session.SuppressionChanges(new ScanRequest(), "HEAD", "v1").Changes;
        Assert.Equal([Doc], back.Added.Select(r => r.Path));
        Assert.Equal([Harness], back.Removed.Select(r => r.Path));
    }

    [Fact]
    public void A_moved_file_keeps_its_suppressions_and_a_changed_reason_is_a_removal_and_an_addition()
    {
        using var repo = History();
        repo.Tag("v2", annotated: false);
        repo.Move(Harness, "nix/test-cluster/lab.sh");
        repo.Write(Server, ServerV2.Replace("(#12)", "(#12, #40)"));
        repo.CommitAt("move", February.AddDays(3), "Dan Brown");
        using var session = GuardsSession.Open(new SessionOptions { Path = repo.Root });
        var changes = session.SuppressionChanges(new ScanRequest(), "v2", "HEAD").Changes;
        Assert.Equal([(Server, "the bootstrap path lands with the scheduler (#12, #40)", "Dan Brown")], changes.Added.Select(r => (r.Path, r.Reason, r.Introduced!.Author)));
        Assert.Equal([(Server, "the bootstrap path lands with the scheduler (#12)", "Alice Liddell")], changes.Removed.Select(r => (r.Path, r.Reason, r.Introduced!.Author)));
    }

    [Fact]
    public void The_drift_report_has_the_same_section()
    {
        using var repo = History();
        using var session = GuardsSession.Open(new SessionOptions { Path = repo.Root });
        var report = session.Drift(new ScanRequest(), "v1", "HEAD", withSurface: false);
        Assert.Equal([Harness], report.Suppressions.Added.Select(r => r.Path));
        Assert.Equal([Doc], report.Suppressions.Removed.Select(r => r.Path));

        using var markdown = new StringWriter();
        DriftMarkdownWriter.Write(report, markdown);
        Assert.Contains("| suppressions added | 1 |", markdown.ToString());
        Assert.Contains("#### Suppressions added (1, at `HEAD`)", markdown.ToString());
        Assert.Contains("| UCG2006 | `nix/test-cluster/run-cluster.sh:2` | the node list is the lab's fixed inventory |", markdown.ToString());
        using var json = new StringWriter();
        DriftJsonWriter.Write(report, json, "test");
        var suppressions = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("suppressions");
        Assert.Equal("Carol Danvers", suppressions.GetProperty("added")[0].GetProperty("introduced").GetProperty("author").GetString());
        Assert.Equal(Doc, suppressions.GetProperty("removed")[0].GetProperty("path").GetString());
        Assert.Equal("2026-02-01T09:00:00Z", suppressions.GetProperty("asOf").GetString());
    }

    [Fact]
    public void The_command_prints_text_json_and_markdown()
    {
        using var repo = History();
        var text = CliRunner.InProcess("suppressions", repo.Root);
        Assert.Equal(0, text.ExitCode);
        var lines = text.Stdout.Split('\n');
        Assert.Contains("introduced", lines[0]);
        Assert.Contains("2025-06-01", lines[1]);
        Assert.Contains("Alice Liddell", lines[1]);
        Assert.Contains($"{Server}:6", lines[1]);
        Assert.Contains("2 suppressions in force, oldest first", text.Stdout);

        var json = CliRunner.InProcess("suppressions", repo.Root, "--format", "json");
        var items = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("suppressions");
        Assert.Equal([Server, Harness], items.EnumerateArray().Select(i => i.GetProperty("path").GetString()));
        Assert.Equal("UCG1001", items[0].GetProperty("ruleIds")[0].GetString());
        Assert.Equal("2025-06-01T09:00:00+00:00", items[0].GetProperty("introduced").GetProperty("date").GetString());

        var changes = CliRunner.InProcess("suppressions", repo.Root, "--from", "v1", "--to", "HEAD", "--format", "markdown");
        Assert.Equal(0, changes.ExitCode);
        Assert.Contains("## Suppressions: `v1` → `HEAD`", changes.Stdout);
        Assert.Contains("### Suppressions removed (1, at `v1`)", changes.Stdout);

        var refused = CliRunner.InProcess("suppressions", repo.Root, "--to", "HEAD");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--to needs --from", refused.Stderr);
        Assert.Equal(2, CliRunner.InProcess("suppressions", repo.Root, "--from", "no-such-ref").ExitCode);
    }

    // ------------------------------------------------------------------ UCG0005

    [Fact]
    public void An_allow_older_than_the_maximum_age_is_a_finding_at_it()
    {
        using var repo = new GitSandbox();
        var now = DateTimeOffset.UtcNow;
        repo.Write("uc-guards.yaml", "suppressions:\n  max-age: 90d\n");
        repo.Write(Server, ServerV1);
        repo.CommitAt("old", now.AddDays(-200), "Alice Liddell");
        repo.Write(Doc, DocV1);
        repo.CommitAt("recent", now.AddDays(-10), "Bob Builder");
        // Uncommitted: new, whatever the file's history.
        repo.Write(Harness, HarnessV1);

        var result = GuardsEngine.Scan(new ScanOptions { Path = repo.Root, Rules = ["UCG0005"] });
        Assert.Equal([("UCG0005", Server, 2, 8)], result.Active.Where(f => f.RuleId == "UCG0005").Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)));
        var finding = result.Active.Single(f => f.RuleId == "UCG0005");
        Assert.Contains("is 200 days old", finding.Message);
        Assert.Contains("by Alice Liddell); the policy allows 90d", finding.Message);

        // Renewing the exception is an edit: the line is new again.
        repo.Write(Server, ServerV1.Replace("(#12)", "(#12, renewed for the 2.1 release)"));
        Assert.DoesNotContain(GuardsEngine.Scan(new ScanOptions { Path = repo.Root, Rules = ["UCG0005"] }).Active, f => f.RuleId == "UCG0005");
    }

    [Fact]
    public void A_reason_that_does_not_match_the_required_pattern_is_a_finding()
    {
        using var tree = new TestTree(
            ("uc-guards.yaml", "suppressions:\n  require-reason-pattern: \"#[0-9]+\"\n"),
            (Server, ServerV1),
            (Doc, DocV1),
            (Harness, "#!/usr/bin/env bash\n# uc-guards: allow(UCG2006)\nNODES=\"node01\"\n"));
        var findings = tree.Findings("UCG0005", "UCG0002").Where(f => f.Rule is "UCG0005" or "UCG0002").ToList();
        // The doc's reason names no issue; the harness's has no reason at all, which is UCG0002's.
        Assert.Equal([("UCG0005", Doc, 3, 6), ("UCG0002", Harness, 2, 3)], findings);
    }

    [Fact]
    public void Without_the_policy_the_rule_reads_nothing()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, ServerV1);
        repo.CommitAt("ancient", new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain(GuardsEngine.Scan(new ScanOptions { Path = repo.Root }).Findings, f => f.RuleId == "UCG0005");
    }

    [Theory]
    [InlineData("suppressions:\n  max-age: 90\n", "max-age must be a positive number of days or weeks")]
    [InlineData("suppressions:\n  max-age: 0d\n", "max-age must be a positive number of days or weeks")]
    [InlineData("suppressions:\n  require-reason-pattern: \"(?<=x)y\"\n", "(?<=x)y")]
    [InlineData("suppressions:\n  max-ages: 90d\n", "max-ages")]
    public void A_malformed_suppression_policy_is_a_configuration_error(string config, string expected)
    {
        using var tree = new TestTree(("uc-guards.yaml", config), (Server, ServerV1));
        var run = CliRunner.InProcess("check", tree.Root);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
        Assert.Contains("uc-guards.yaml:2", run.Stderr);
    }

    [Fact]
    public void Lines_map_to_the_base_by_their_text_and_occurrence()
    {
        string[] current = ["a", "x", "b", "x", "new"];
        string[] baseLines = ["x", "a", "b", "x"];
        var map = LineHistory.MapByText(current, baseLines, [1, 2, 4, 5]);
        Assert.Equal(new Dictionary<int, int> { [1] = 2, [2] = 1, [4] = 4 }, map);
    }
}
