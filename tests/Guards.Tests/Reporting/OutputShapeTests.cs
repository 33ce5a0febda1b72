using System.Text.Json;
using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Reporting;

/// <summary>One finding shape in every JSON document, written through the one source-generated context.</summary>
public class OutputShapeTests
{
    private static readonly string[] FindingKeys =
        ["ruleId", "ruleName", "severity", "path", "startLine", "startColumn", "endLine", "endColumn", "message", "fingerprint"];

    private static readonly Finding Sample = new("UCG1001", Severity.Error, "iam/src/lib.rs", new SourceSpan(4, 5, 4, 12, 40, 47), "`todo!` left in shipped server code", "todo!()")
    {
        Fingerprint = "d6492256f2d8dbce8a08eb0a6a9f6b97",
    };

    private static IReadOnlyList<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();

    private static ScanResult ResultWith(params Finding[] findings) => new()
    {
        Root = "/repo",
        Policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null),
        Tree = new InMemoryTree(),
        Findings = findings,
        Statistics = new ScanStatistics { Skipped = new Dictionary<string, IReadOnlyList<string>>() },
        RulesRun = ["UCG1001"],
    };

    [Fact]
    public void A_finding_has_the_same_keys_in_the_report_its_absent_list_the_drift_report_and_the_baseline()
    {
        var writer = new StringWriter();
        new JsonReporter().Write(ResultWith(Sample) with
        {
            Absent = [Sample with { BaselineState = "absent" }],
            StaleBaseline = [BaselineEntry.From(Sample, "stub-macro")],
        }, writer, new ReportOptions());
        var report = JsonDocument.Parse(writer.ToString()).RootElement;
        Assert.Equal(FindingKeys, Keys(report.GetProperty("findings")[0]));
        Assert.Equal([.. FindingKeys, "baselineState"], Keys(report.GetProperty("absent")[0]));
        Assert.Equal("absent", report.GetProperty("absent")[0].GetProperty("baselineState").GetString());
        Assert.Equal(12, report.GetProperty("absent")[0].GetProperty("endColumn").GetInt32());

        var drift = new DriftReport
        {
            From = new DriftSide("v1", new string('a', 40)),
            To = new DriftSide("v2", new string('b', 40)),
            Introduced = [new DriftFinding("UCG1001", "stub-macro", Severity.Error, "iam/src/lib.rs", 4, 5, 4, 12, "m", Sample.Fingerprint)],
            Resolved = [],
        };
        writer = new StringWriter();
        DriftJsonWriter.Write(drift, writer, "0.1.0");
        var driftJson = JsonDocument.Parse(writer.ToString()).RootElement;
        Assert.Equal(DriftJsonWriter.SchemaVersion, driftJson.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(FindingKeys, Keys(driftJson.GetProperty("findings").GetProperty("introduced")[0]));

        var baseline = JsonDocument.Parse(BaselineFile.FromFindings([Sample]).ToJson()).RootElement;
        Assert.Equal(BaselineFile.SchemaVersion, baseline.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(FindingKeys, Keys(baseline.GetProperty("findings")[0]));
    }

    [Fact]
    public void Sarif_maps_the_source_root_as_an_artifact_location()
    {
        var writer = new StringWriter();
        new SarifReporter().Write(ResultWith(Sample) with { VersionControl = new VersionControlInfo("https://example.invalid/repo.git", "0123abc", null) }, writer, new ReportOptions());
        var provenance = JsonDocument.Parse(writer.ToString()).RootElement.GetProperty("runs")[0].GetProperty("versionControlProvenance")[0];
        Assert.Equal(["repositoryUri", "revisionId", "mappedTo"], Keys(provenance));
        Assert.Equal("%SRCROOT%", provenance.GetProperty("mappedTo").GetProperty("uriBaseId").GetString());
    }

    /// <summary>
    /// Native AOT cannot serialise by reflection: JSON is written only through the records of
    /// OutputJsonContext (serialisation in Serialization/OutputJson.cs, the baseline read in
    /// BaselineFile), never with a Utf8JsonWriter by hand or a JsonSerializer call without type information.
    /// The language server's JSON-RPC layer (src/Guards.Lsp) is the exception: it frames protocol
    /// messages, not documents, through its own source-generated context (LspJson).
    /// </summary>
    [Fact]
    public void No_json_is_written_by_hand_or_by_reflection()
    {
        var handWritten = new Regex(@"\bUtf8JsonWriter\b|\bJsonSerializer\.(Serialize|Deserialize)\w*\s*<|\bJsonNode\b");
        var serializerCall = new Regex(@"\bJsonSerializer\.\w+\(");
        var allowedCalls = new[] { "src/Guards.Engine/Serialization/OutputJson.cs", "src/Guards.Engine/Baselines/BaselineFile.cs" };
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            if (relative.Contains("/obj/") || relative.Contains("/bin/") || relative.StartsWith("src/Guards.Lsp/", StringComparison.Ordinal)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal)) continue;
                if (handWritten.IsMatch(code) || (serializerCall.IsMatch(code) && !allowedCalls.Contains(relative)))
                    offenders.Add($"{relative}:{i + 1}: {code}");
            }
        }
        Assert.True(offenders.Count == 0, "JSON written by hand or by reflection:\n" + string.Join("\n", offenders));
    }
}
