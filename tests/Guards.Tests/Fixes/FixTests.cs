using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Fixes;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Tests.Docs;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Fixes;

/// <summary>
/// `uc-guards fix`: UCG2004's table regenerated from rules/ for every kind of drift the rule knows,
/// UCG0002's suppressions that suppress nothing removed; then `check` clean and a second fix with
/// no change.
/// </summary>
public class FixTests
{
    private static string Doc(string table) => "# Testing\n\n## Canonical Profiles\n\n" + table + "\nMore text.\n";

    /// <summary>The clean table with every drift UCG2004 knows: each kind of item added, dropped and renamed, a label and a qualifier changed.</summary>
    internal static string DriftedTable()
    {
        var lines = ProfileDocDriftTests.CleanTable().Split('\n').ToList();
        var single = lines.FindIndex(l => l.StartsWith("| `single-node dev`", StringComparison.Ordinal));
        lines[single] = lines[single]
            .Replace("`nix run .#single-node-trial`, ", "")                                             // entrypoint dropped
            .Replace("`nix run .#single-node-quickstart`", "`nix run .#single-node-quick`")              // entrypoint renamed
            .Replace("companion install image `nixosConfigurations.netboot-all-in-one`", "install media `nixosConfigurations.netboot-all-in-one`") // label changed
            .Replace("`plasmavmc`, `prismnet`", "`plasmavmc`, `prismnet`, `deployer`");                 // component added
        lines[single + 1] = lines[single + 1]
            .Replace("`3-node HA control plane`", "`3-node HA`")                                        // profile renamed
            .Replace("`nix-agent` on every control-plane node", "`nix-agent` on the bootstrap node")    // qualifier changed
            .Replace("`flaredb`, `iam`", "`flaredb-server`, `iam`")                                     // component renamed
            .Replace(", `nixosConfigurations.node03`", ", `nixosConfigurations.node03`, `nixosConfigurations.node04`") // entrypoint added
            .Replace("`fleet-scheduler`, `node-agent`, ", "`fleet-scheduler`, ");                      // component dropped
        lines[single + 2] = "| `edge gateway` | `nixosConfigurations.edge01` | `apigateway` | `fiberlb` |"; // profile added, bare-metal dropped
        return string.Join("\n", lines);
    }

    private static FixPlan Plan(string root, params string[] rules)
    {
        using var session = GuardsSession.Open(new SessionOptions { Path = root });
        return session.Fix(new ScanRequest(), rules.Length > 0 ? rules : session.FixableRules());
    }

    private static void Write(string root, FixPlan plan)
    {
        using var session = GuardsSession.Open(new SessionOptions { Path = root });
        session.WriteFixes(plan);
    }

    [Fact]
    public void The_drifted_table_becomes_the_policys_table_then_check_is_clean_and_a_second_fix_changes_nothing()
    {
        using var tree = new TestTree(("docs/testing.md", Doc(DriftedTable())));
        Assert.Equal(11, tree.Findings("UCG2004").Count);

        var plan = Plan(tree.Root);
        Assert.Equal(["docs/testing.md"], plan.Files.Select(f => f.Path));
        Assert.Equal(Doc(ProfileDocDriftTests.CleanTable()), plan.Files[0].After);
        Assert.Empty(plan.Remaining);
        Assert.Equal(Doc(DriftedTable()), File.ReadAllText(Path.Combine(tree.Root, "docs/testing.md")));

        Write(tree.Root, plan);
        Assert.Equal(Doc(ProfileDocDriftTests.CleanTable()), File.ReadAllText(Path.Combine(tree.Root, "docs/testing.md")));
        Assert.DoesNotContain(tree.Findings("UCG2004", "UCG0002"), f => f.Rule is "UCG2004" or "UCG0002");
        Assert.False(Plan(tree.Root).ChangesAnything);
    }

    [Fact]
    public void The_dry_run_diff_shows_the_table_rows_that_change()
    {
        using var tree = new TestTree(("docs/testing.md", Doc(DriftedTable())));
        var diff = Plan(tree.Root).Diff();
        var clean = ProfileDocDriftTests.CleanTable().Split('\n');
        var drifted = DriftedTable().Split('\n');
        var expected = new List<string>
        {
            "--- a/docs/testing.md",
            "+++ b/docs/testing.md",
            "@@ -4,8 +4,8 @@",
            " ",
            " " + clean[0],
            " " + clean[1],
            "-" + drifted[2],
            "-" + drifted[3],
            "-" + drifted[4],
            "+" + clean[2],
            "+" + clean[3],
            "+" + clean[4],
            " ",
            " More text.",
            "",
        };
        Assert.Equal(string.Join("\n", expected), diff);
    }

    [Fact]
    public void A_row_that_agrees_stays_byte_for_byte_and_the_doc_keeps_its_own_wording()
    {
        // The doc writes a configuration as a build command and keeps a column of its own; only the
        // dropped optional component of the HA row changes.
        var table = ProfileDocDriftTests.CleanTable()
            .Replace("`nixosConfigurations.single-node-quickstart`", "`nix build .#nixosConfigurations.single-node-quickstart`")
            .Replace("| Optional components |", "| Optional components | Notes |")
            .Replace("| --- | --- | --- | --- |", "| --- | --- | --- | --- | --- |");
        var lines = table.Split('\n').ToList();
        for (var i = 2; i < 5; i++) lines[i] += $" note {i} |";
        lines[3] = lines[3].Replace("`fleet-scheduler`, `node-agent`, ", "`fleet-scheduler`, ");
        using var tree = new TestTree(("docs/testing.md", Doc(string.Join("\n", lines))));

        var after = Assert.Single(Plan(tree.Root).Files).After.Split('\n');
        var before = Doc(string.Join("\n", lines)).Split('\n');
        Assert.Equal(before.Length, after.Length);
        Assert.Equal([7], Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]));
        Assert.Contains("| `fleet-scheduler`, `node-agent`, `prismnet`", after[7]);
        Assert.EndsWith(" note 3 |", after[7]);
        Assert.Contains("`nix build .#nixosConfigurations.single-node-quickstart`", after[6]);
    }

    [Fact]
    public void A_padded_table_is_padded_again_with_its_alignment()
    {
        var clean = ProfileDocDriftTests.CleanTable().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray()).ToList();
        clean[2][2] = clean[2][2].Replace(", `prismnet`", "");
        string Render(List<string[]> rows)
        {
            var widths = Enumerable.Range(0, 4).Select(c => rows.Where((_, r) => r != 1).Max(r => r[c].Length)).ToArray();
            string Row(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, c) => cell.PadRight(widths[c]))) + " |";
            var delimiter = "| " + string.Join(" | ", widths.Select((w, c) => c == 0 ? ":" + new string('-', w - 1) : new string('-', w))) + " |";
            return string.Join("\n", rows.Select((r, i) => i == 1 ? delimiter : Row(r))) + "\n";
        }
        var padded = Render(clean);
        using var tree = new TestTree(("docs/testing.md", Doc(padded)));
        var plan = Plan(tree.Root);

        clean[2][2] += ", `prismnet`";
        Assert.Equal(Doc(Render(clean)), Assert.Single(plan.Files).After);
        Write(tree.Root, plan);
        Assert.False(Plan(tree.Root).ChangesAnything);
    }

    [Fact]
    public void A_label_the_policy_lacks_is_dropped_and_crlf_stays()
    {
        var table = ProfileDocDriftTests.CleanTable().Replace("`nixosConfigurations.node01`", "first node `nixosConfigurations.node01`");
        using var tree = new TestTree(("docs/testing.md", Doc(table).Replace("\n", "\r\n")));
        var plan = Plan(tree.Root);
        Assert.Equal(Doc(ProfileDocDriftTests.CleanTable()).Replace("\n", "\r\n"), Assert.Single(plan.Files).After);
    }

    [Fact]
    public void A_doc_with_no_table_is_left_alone_and_its_finding_remains()
    {
        using var tree = new TestTree(("docs/testing.md", "# Testing\n\nNo table here.\n"));
        var plan = Plan(tree.Root, "UCG2004");
        Assert.Empty(plan.Files);
        Assert.Equal([("UCG2004", "docs/testing.md", 1)], plan.Remaining.Select(f => (f.RuleId, f.Path, f.Span.StartLine)));
    }

    // ------------------------------------------------------------------ UCG0002

    private const string Server = "chainfire/crates/chainfire-server/src/lib.rs";

    [Fact]
    public void Suppressions_that_suppress_nothing_are_removed_in_every_comment_syntax_and_the_rest_stay()
    {
        using var tree = new TestTree(
            (Server,
                "pub fn handle() -> u32 {\n" +
                "    // uc-guards: allow(UCG1001) the bootstrap path lands with the scheduler\n" +   // used: stays
                "    todo!()\n" +
                "}\n" +
                "\n" +
                "// uc-guards: allow(UCG1001) nothing here is a stub any more\n" +                   // own line: line goes
                "pub fn done() -> u32 { 1 } // uc-guards: allow(UCG1002) no stub status here\n" +    // trailing: comment goes
                "/// Sums. uc-guards: allow(UCG1001) the docs need it\n" +                          // other words first: they stay
                "pub fn sum() -> u32 { 2 }\n" +
                "// uc-guards: allow(UCG1001)\n" +                                                 // no reason: a person decides
                "pub fn other() {}\n" +
                "// uc-guards: allow(UCG7777) an id no rule has\n" +                               // unknown id: a person decides
                "pub fn more() {}\n" +
                "/* uc-guards: allow(UCG1001) a block comment */ pub fn last() {}\n"),
            ("docs/testing.md",
                "# Testing\n\n" +
                "<!-- uc-guards: allow(UCG1004) the roadmap is elsewhere -->\n" +
                "The lab is ready.\n" +
                "Plain prose. <!-- uc-guards: allow(UCG1004) a stale note --> More prose.\n"),
            ("nix/test-cluster/run-cluster.sh",
                "#!/usr/bin/env bash\n" +
                "echo ready # uc-guards: allow(UCG1004) nothing unfinished here"));

        var plan = Plan(tree.Root, "UCG0002");
        var after = plan.Files.ToDictionary(f => f.Path, f => f.After);
        Assert.Equal(
            "pub fn handle() -> u32 {\n" +
            "    // uc-guards: allow(UCG1001) the bootstrap path lands with the scheduler\n" +
            "    todo!()\n" +
            "}\n" +
            "\n" +
            "pub fn done() -> u32 { 1 }\n" +
            "/// Sums.\n" +
            "pub fn sum() -> u32 { 2 }\n" +
            "// uc-guards: allow(UCG1001)\n" +
            "pub fn other() {}\n" +
            "// uc-guards: allow(UCG7777) an id no rule has\n" +
            "pub fn more() {}\n" +
            "pub fn last() {}\n",
            after[Server]);
        Assert.Equal("# Testing\n\nThe lab is ready.\nPlain prose. More prose.\n", after["docs/testing.md"]);
        Assert.Equal("#!/usr/bin/env bash\necho ready", after["nix/test-cluster/run-cluster.sh"]);
        // What a person must decide is still reported.
        Assert.Equal([(Server, 9), (Server, 11)], plan.Remaining.Select(f => (f.Path, f.Span.StartLine)));
    }

    [Fact]
    public void The_command_diffs_writes_keeps_the_mode_and_refuses_rules_without_a_fix()
    {
        using var tree = new TestTree(
            ("docs/testing.md", Doc(DriftedTable())),
            ("nix/test-cluster/run-cluster.sh", "#!/usr/bin/env bash\n# uc-guards: allow(UCG1004) nothing unfinished here\necho ready\n"));
        var script = Path.Combine(tree.Root, "nix/test-cluster/run-cluster.sh");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var dry = CliRunner.InProcess("fix", tree.Root, "--dry-run");
        Assert.Equal(1, dry.ExitCode);
        Assert.Contains("--- a/docs/testing.md", dry.Stdout);
        Assert.Contains("--- a/nix/test-cluster/run-cluster.sh", dry.Stdout);
        Assert.Contains("-# uc-guards: allow(UCG1004) nothing unfinished here", dry.Stdout);
        Assert.Contains("nothing written", dry.Stderr);
        Assert.Equal(Doc(DriftedTable()), File.ReadAllText(Path.Combine(tree.Root, "docs/testing.md")));

        var only = CliRunner.InProcess("fix", tree.Root, "--rule", "UCG0002");
        Assert.Equal(0, only.ExitCode);
        Assert.Equal("#!/usr/bin/env bash\necho ready\n", File.ReadAllText(script));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(Doc(DriftedTable()), File.ReadAllText(Path.Combine(tree.Root, "docs/testing.md")));

        var fix = CliRunner.InProcess("fix", tree.Root);
        Assert.Equal(0, fix.ExitCode);
        Assert.Contains("fixed docs/testing.md: UCG2004", fix.Stderr);
        var check = CliRunner.InProcess("check", tree.Root, "--rule", "UCG2004", "--format", "json");
        Assert.DoesNotContain("\"ruleId\": \"UCG2004\"", check.Stdout);
        Assert.DoesNotContain("\"ruleId\": \"UCG0002\"", check.Stdout);
        var again = CliRunner.InProcess("fix", tree.Root, "--dry-run");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("", again.Stdout);

        var refused = CliRunner.InProcess("fix", tree.Root, "--rule", "UCG1001");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("UCG1001 has no automatic fix (rules with a fix: UCG0002, UCG2004)", refused.Stderr);
        Assert.Equal(2, CliRunner.InProcess("fix", tree.Root, "--rule", "UCG9999").ExitCode);
    }

    /// <summary>A rule that fails on every file it reads.</summary>
    public sealed class CrashingRule : Engine.Analysis.FileRule
    {
        public override string Id => "UCG9950";
        public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".md", StringComparison.Ordinal);
        public override void Analyze(Engine.Analysis.FileContext context) => throw new InvalidOperationException("the rule broke");
    }

    [Fact]
    public void A_fix_whose_scan_had_a_rule_crash_is_not_written()
    {
        using var tree = new TestTree(("docs/testing.md", Doc(DriftedTable())));
        const string ruleFile = "id: UCG9950\nname: crashing\nseverity: error\nmessage: \"{0}\"\n";
        var policy = Engine.Policy.PolicyLoader.Load([.. Engine.Policy.PolicyLoader.ShippedDocuments(), ("rules/UCG9950-crashing.yaml", ruleFile)], null);
        var catalog = new Engine.Analysis.RuleCatalog(Engine.Analysis.RuleCatalog.Default.CreateRules().Select(r => r.GetType()).Append(typeof(CrashingRule)));
        using var session = GuardsSession.Open(new SessionOptions { Path = tree.Root, Policy = policy, Catalog = catalog });
        var plan = session.Fix(new ScanRequest(), ["UCG2004"]);
        Assert.Contains(plan.InternalErrors, e => e.Contains("the rule broke", StringComparison.Ordinal));
        Assert.Empty(plan.Files);
    }

    [Fact]
    public void Unified_diffs_mark_a_missing_final_line_break()
    {
        Assert.Equal("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n", UnifiedDiff.Of("x", "a\nb", "a\nc"));
        Assert.Equal("--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+new\n", UnifiedDiff.Of("x", "", "new\n"));
        Assert.Equal("", UnifiedDiff.Of("x", "same\n", "same\n"));
    }
}
