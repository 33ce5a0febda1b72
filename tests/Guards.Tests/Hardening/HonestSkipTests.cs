using System.Text;
using System.Text.Json;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// A file the scan cannot look at is counted under its own reason: a name that is not UTF-8, a
/// path of PATH_MAX bytes or more, a nested repository. Each reason is named in the text summary
/// and in the JSON report.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HonestSkipTests
{
    private static readonly byte[] s_badName = [.. "bad-"u8, 0xFF, 0xFE, .. ".md"u8];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Names_that_are_not_utf8_and_paths_past_path_max_have_their_own_reasons(bool git)
    {
        var tree = new TempFolder();
        try
        {
            tree.Write("a.md", "PROBE\n");
            Hostile.MakeRaw(tree.Root, [], s_badName, "PROBE in a file whose name is not UTF-8\n");
            Hostile.MakeRaw(tree.Root, ["odd-"u8.ToArray().Append((byte)0xC3).ToArray()], "inside.md"u8.ToArray(), "PROBE\n");
            // 45 folders of 95 bytes: the path reaches 4,096 bytes at the 43rd.
            var folder = Encoding.ASCII.GetBytes(new string('d', 95));
            Hostile.MakeRaw(tree.Root, Enumerable.Repeat(folder, 45).ToList(), "deep.md"u8.ToArray(), "PROBE deep down\n");
            if (git) { tree.Git("init", "-q"); tree.Git("add", "a.md"); tree.Git("commit", "-qm", "one"); }

            var result = Hostile.Within(60, () => Probe.Scan(tree.Root));

            Hostile.AssertHonest(result);
            Assert.Equal([(ProbeRule.RuleId, "a.md")], result.Findings.Where(f => f.RuleId == ProbeRule.RuleId).Select(f => (f.RuleId, f.Path)));
            var tooLong = string.Join('/', Enumerable.Repeat(new string('d', 95), 43));
            Assert.Equal([tooLong], result.Statistics.Skipped[SkipReasons.PathTooLong]);
            Assert.Equal(["bad-\uFFFD\uFFFD.md", "odd-\uFFFD"], result.Statistics.Skipped[SkipReasons.NotUtf8]);
            Assert.False(result.Statistics.Skipped.ContainsKey(SkipReasons.Symlink));
            Assert.False(result.Statistics.Skipped.ContainsKey(SkipReasons.Vanished));

            var text = new StringWriter();
            Reporters.Find("text")!.Write(result, text, new ReportOptions { IncludeTiming = false });
            Assert.Contains($"2 {SkipReasons.NotUtf8}", text.ToString());
            Assert.Contains($"1 {SkipReasons.PathTooLong}", text.ToString());
            var json = new StringWriter();
            Reporters.Find("json")!.Write(result, json, new ReportOptions { IncludeTiming = false });
            var reasons = JsonReasons(json.ToString());
            Assert.Contains(SkipReasons.NotUtf8, reasons);
            Assert.Contains(SkipReasons.PathTooLong, reasons);
        }
        finally
        {
            Hostile.RemoveTree(Path.GetDirectoryName(tree.Root)!);
        }
    }

    [Fact]
    public void A_nested_repository_is_counted_not_entered()
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "PROBE\n");
        tree.Write("vendor/other/b.md", "PROBE\n");
        TempFolder.Git(tree.Root, "init", "-q");
        TempFolder.Git(tree["vendor/other"], "init", "-q");

        var result = Probe.Scan(tree.Root);

        Assert.Equal([(ProbeRule.RuleId, "a.md")], result.Findings.Where(f => f.RuleId == ProbeRule.RuleId).Select(f => (f.RuleId, f.Path)));
        Assert.Equal(["vendor/other"], result.Statistics.Skipped[SkipReasons.NestedRepository]);
    }

    /// <summary>Every reason string the JSON report names, wherever it puts them.</summary>
    private static HashSet<string> JsonReasons(string json)
    {
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        reasons.Add(property.Name);
                        Walk(property.Value);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray()) Walk(item);
                    break;
                case JsonValueKind.String:
                    reasons.Add(element.GetString()!);
                    break;
            }
        }
        using var document = JsonDocument.Parse(json);
        Walk(document.RootElement.GetProperty("skipped"));
        return reasons;
    }
}
