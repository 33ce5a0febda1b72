using System.Diagnostics;
using System.Text;
using System.Text.Json;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Tests.Hardening;
using UltraCloud.Guards.Tests.Support;
using Xunit.Abstractions;
using static UltraCloud.Guards.Tests.Git.GitTestKit;

namespace UltraCloud.Guards.Tests.Git;

/// <summary>The baseline file: its shape (schema 2, the shared finding shape), schema 1 still read, every entry checked, linear time.</summary>
public class BaselineFileTests(ITestOutputHelper output)
{
    private const string Fingerprint = "d6492256f2d8dbce8a08eb0a6a9f6b97";

    private static string Entry(string fields) =>
        $"{{ \"schemaVersion\": 2, \"tool\": \"uc-guards\", \"findings\": [ {{ {fields} }} ] }}";

    private static string Valid(string path = "iam/src/lib.rs", string fingerprint = Fingerprint, string extra = "") =>
        $"\"ruleId\": \"UCG1001\", \"path\": {JsonSerializer.Serialize(path)}, \"startLine\": 4, \"message\": \"m\", \"fingerprint\": {JsonSerializer.Serialize(fingerprint)}{extra}";

    [Fact]
    public void Entries_are_written_in_the_shared_finding_shape()
    {
        var finding = new Finding("UCG1001", Severity.Error, "iam/src/lib.rs", new SourceSpan(4, 5, 4, 12, 0, 0), "`todo!` \u001b left", "todo!()") { Fingerprint = Fingerprint };
        var json = BaselineFile.FromFindings([finding], StandInRules.Policy()).ToJson();
        Assert.Equal(
            "{\n  \"schemaVersion\": 2,\n  \"tool\": \"uc-guards\",\n  \"findings\": [\n    {\n" +
            "      \"ruleId\": \"UCG1001\",\n      \"ruleName\": \"stub-macro\",\n      \"severity\": \"error\",\n      \"path\": \"iam/src/lib.rs\",\n" +
            "      \"startLine\": 4,\n      \"startColumn\": 5,\n      \"endLine\": 4,\n      \"endColumn\": 12,\n" +
            "      \"message\": \"`todo!` \\\\u{1b} left\",\n      \"fingerprint\": \"d6492256f2d8dbce8a08eb0a6a9f6b97\"\n    }\n  ]\n}\n",
            json);

        // What is written reads back.
        using var folder = new TempFolder("baseline");
        File.WriteAllText(folder["b.json"], json);
        var entry = Assert.Single(BaselineFile.Load(folder["b.json"]).Entries);
        Assert.Equal(new BaselineEntry("UCG1001", "stub-macro", "error", "iam/src/lib.rs", 4, 5, 4, 12, "`todo!` \\u{1b} left", Fingerprint), entry);
    }

    [Fact]
    public void A_schema_1_baseline_is_still_read()
    {
        using var folder = new TempFolder("baseline");
        File.WriteAllText(folder["b.json"],
            "{ \"schemaVersion\": 1, \"tool\": \"uc-guards\", \"findings\": [ { \"fingerprint\": \"" + Fingerprint + "\", \"ruleId\": \"UCG1001\", \"path\": \"iam/src/lib.rs\", \"line\": 4, \"message\": \"m\" } ] }");
        var entry = Assert.Single(BaselineFile.Load(folder["b.json"]).Entries);
        Assert.Equal(new BaselineEntry("UCG1001", "", "", "iam/src/lib.rs", 4, 1, 4, 1, "m", Fingerprint), entry);
    }

    [Theory]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"startLine\": 1", "findings[0] needs a 'fingerprint' string")]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"startLine\": 1, \"fingerprint\": \"xyz\"", "findings[0]: fingerprint 'xyz' is not 32 lower-case hex digits")]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"startLine\": 1, \"fingerprint\": \"D6492256F2D8DBCE8A08EB0A6A9F6B97\"", "is not 32 lower-case hex digits")]
    [InlineData("\"path\": \"a.rs\", \"startLine\": 1, \"fingerprint\": \"" + Fingerprint + "\"", "findings[0] (" + Fingerprint + ") needs a 'ruleId' string")]
    [InlineData("\"ruleId\": \"UCG 1001\", \"path\": \"a.rs\", \"startLine\": 1, \"fingerprint\": \"" + Fingerprint + "\"", "rule id 'UCG 1001' is not a rule id")]
    [InlineData("\"ruleId\": \"UCG1001\", \"startLine\": 1, \"fingerprint\": \"" + Fingerprint + "\"", "needs a 'path' string")]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"fingerprint\": \"" + Fingerprint + "\"", "needs a 'startLine' number")]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"startLine\": 0, \"fingerprint\": \"" + Fingerprint + "\"", "lines and columns start at 1")]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"startLine\": 5, \"endLine\": 4, \"fingerprint\": \"" + Fingerprint + "\"", "endLine 4 is before startLine 5")]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"startLine\": 1, \"severity\": \"fatal\", \"fingerprint\": \"" + Fingerprint + "\"", "severity 'fatal' is not error, warning, note or none")]
    [InlineData("\"ruleId\": \"UCG1001\", \"path\": \"a.rs\", \"startLine\": \"one\", \"fingerprint\": \"" + Fingerprint + "\"", "the baseline is not valid at $.findings[0].startLine")]
    public void A_malformed_entry_is_a_configuration_error_naming_the_file_and_the_entry(string fields, string message)
    {
        using var folder = new TempFolder("baseline");
        var file = folder["b.json"];
        File.WriteAllText(file, Entry(fields));
        var ex = Assert.Throws<PolicyException>(() => BaselineFile.Load(file));
        Assert.StartsWith(file, ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Theory]
    [InlineData("/etc/passwd", "is absolute")]
    [InlineData("C:/Windows/x.rs", "is absolute")]
    [InlineData("../../etc/passwd", "is not normalised ('..' segment)")]
    [InlineData("iam/./lib.rs", "is not normalised ('.' segment)")]
    [InlineData("iam//lib.rs", "has an empty segment")]
    [InlineData("iam/", "has an empty segment")]
    [InlineData("iam\\lib.rs", "is not '/'-separated")]
    [InlineData("", "the path is empty")]
    [InlineData("iam/\u0000lib.rs", "contains a control character (U+0000)")]
    [InlineData("iam/lib.rs\n", "contains a control character (U+000A)")]
    [InlineData("a\u001b[2J.rs", "path 'a\\u{1b}[2J.rs' contains a control character (U+001B)")]
    public void A_path_outside_the_root_or_not_normalised_is_refused(string path, string message)
    {
        using var folder = new TempFolder("baseline");
        var file = folder["b.json"];
        File.WriteAllText(file, Entry(Valid(path)));
        var ex = Assert.Throws<PolicyException>(() => BaselineFile.Load(file));
        Assert.Contains($"findings[0] ({Fingerprint}): ", ex.Message);
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain("\u001b", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_in_a_message_is_refused()
    {
        using var folder = new TempFolder("baseline");
        File.WriteAllText(folder["b.json"], Entry(Valid(extra: ", \"ruleName\": \"x\", \"message\": \"a\\u0000b\"")));
        Assert.Contains("message contains a control character (U+0000)", Assert.Throws<PolicyException>(() => BaselineFile.Load(folder["b.json"])).Message);
    }

    [Fact]
    public void A_stale_entry_at_a_path_outside_the_root_never_reaches_a_report()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, CleanServer);
        var baseline = repo.FullPath("accepted.json");
        File.WriteAllText(baseline, Entry(Valid("../../../etc/passwd")));
        var sarif = repo.FullPath("guards.sarif");

        var stderr = new StringWriter();
        var code = GuardsCommandLine.Run(["check", repo.Root, "--baseline", baseline, "--format", "sarif", "--output", sarif], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith($"uc-guards: configuration error: {baseline}: findings[0] ({Fingerprint}): path '../../../etc/passwd' is not normalised", stderr.ToString());
        Assert.False(File.Exists(sarif));
    }

    [Fact]
    public void A_finding_a_baseline_cannot_record_is_refused_when_writing()
    {
        var finding = new Finding("UCG1001", Severity.Error, "iam/a\u001b.rs", new SourceSpan(1, 1, 1, 2, 0, 0), "m", "x") { Fingerprint = Fingerprint };
        var ex = Assert.Throws<PolicyException>(() => BaselineFile.FromFindings([finding]));
        Assert.Contains("cannot record the UCG1001 finding at iam/a\\u{1b}.rs:1: path 'iam/a\\u{1b}.rs' contains a control character", ex.Message);
    }

    [Fact]
    public void A_baseline_that_is_not_a_regular_file_is_refused_without_blocking()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder("baseline");
        Hostile.MakeFifo(folder["fifo.json"]);
        var ex = Hostile.Within(30, () => Assert.Throws<PolicyException>(() => BaselineFile.Load(folder["fifo.json"])));
        Assert.Contains("it is a FIFO, not a regular file", ex.Message);
        Assert.Contains("no such file", Assert.Throws<PolicyException>(() => BaselineFile.Load(folder["missing.json"])).Message);
        Directory.CreateDirectory(folder["dir.json"]);
        Assert.Contains("it is a folder", Assert.Throws<PolicyException>(() => BaselineFile.Load(folder["dir.json"])).Message);
    }

    /// <summary>
    /// Loading a baseline and applying it to a scan, stale entries and all, is linear in the
    /// entries: sixteen times the entries take well under the 256 times a quadratic step would.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Loading_and_applying_a_baseline_is_linear_in_its_entries()
    {
        using var folder = new TempFolder("baseline");
        // One cheap rule on a one-file tree: what is measured is the baseline's part of the check.
        var tree = new InMemoryTree("tree").Add("flake.nix", "{ single-node-quickstart = 1; }\n");
        var policy = StandInRules.Policy();
        var catalog = new Engine.Analysis.RuleCatalog([typeof(StandInRules.RequiredEntrypointStandIn)]);
        TimeSpan Measure(int entries)
        {
            var file = folder[$"b{entries}.json"];
            File.WriteAllText(file, StaleBaseline(entries));
            var best = TimeSpan.MaxValue;
            for (var run = 0; run < 5; run++)
            {
                var clock = Stopwatch.StartNew();
                using var check = CheckRun.Execute(
                    new Engine.ScanOptions { Path = ".", Tree = tree, Catalog = catalog, Policy = policy, Jobs = 1 },
                    new CheckModes { BaselinePath = file, VersionControl = false });
                clock.Stop();
                Assert.Equal(entries, check.StaleBaseline.Count);
                Assert.Equal(entries, check.Absent.Count);
                if (clock.Elapsed < best) best = clock.Elapsed;
            }
            return best;
        }

        // Sizes far enough apart to tell linear (x4) from quadratic (x16), large enough that a
        // scheduler hiccup on a loaded machine does not decide the ratio; the best of five runs each.
        Measure(10_000); // warm-up
        var small = Measure(10_000);
        var large = Measure(40_000);
        var ratio = large / small;
        output.WriteLine($"10,000 entries: {small.TotalMilliseconds:0} ms; 40,000 entries: {large.TotalMilliseconds:0} ms; ratio {ratio:0.0}");
        Assert.True(ratio < 10, $"10,000 entries: {small.TotalMilliseconds:0} ms, 40,000: {large.TotalMilliseconds:0} ms (ratio {ratio:0.0}; linear is about 4, quadratic 16)");
    }

    /// <summary>A schema 2 baseline of <paramref name="count"/> entries of the stand-in rule that match nothing in the tree, all in scope.</summary>
    private static string StaleBaseline(int count)
    {
        var sb = new StringBuilder("{\n  \"schemaVersion\": 2,\n  \"tool\": \"uc-guards\",\n  \"findings\": [\n");
        for (var i = 0; i < count; i++)
        {
            var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))[..32];
            sb.Append(i == 0 ? "" : ",\n").Append("    { \"ruleId\": \"UCG9901\", \"ruleName\": \"test-required-entrypoint\", \"severity\": \"error\", \"path\": \"nix/gen")
                .Append(i % 500).Append(".rs\", \"startLine\": ").Append(i % 1000 + 1)
                .Append(", \"startColumn\": 5, \"endLine\": ").Append(i % 1000 + 1)
                .Append(", \"endColumn\": 12, \"message\": \"flake.nix does not expose `node01`\", \"fingerprint\": \"").Append(fingerprint).Append("\" }");
        }
        return sb.Append("\n  ]\n}\n").ToString();
    }
}
