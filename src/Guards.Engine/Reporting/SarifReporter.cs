using System.Text.Json;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// SARIF 2.1.0: one run, the rules' metadata from the policy data, results with a relative uri
/// against the %SRCROOT% base, a region, partialFingerprints that do not depend on line numbers,
/// suppressions kept (marked, not dropped) and baselineState when a baseline is in play.
/// </summary>
public sealed class SarifReporter : IReporter
{
    public const string FingerprintKey = "ucGuards/v1";

    public string Format => "sarif";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        var descriptors = result.Descriptors;
        var ruleIndex = descriptors.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "uc-guards");
            json.WriteString("fullName", "UltraCloud.Guards");
            json.WriteString("version", options.ToolVersion);
            json.WriteString("semanticVersion", options.ToolVersion);
            json.WriteString("informationUri", "https://github.com/ultracloud/ultracloud-guards");
            json.WriteStartArray("rules");
            foreach (var d in descriptors)
            {
                json.WriteStartObject();
                json.WriteString("id", d.Id);
                json.WriteString("name", d.Name);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", d.Title);
                json.WriteEndObject();
                json.WriteStartObject("fullDescription");
                json.WriteString("text", (d.Summary.Length > 0 ? d.Summary : d.Title).Trim());
                json.WriteEndObject();
                if (d.Help.Length > 0)
                {
                    json.WriteStartObject("help");
                    json.WriteString("text", d.Help);
                    json.WriteEndObject();
                }
                if (d.HelpUri.Length > 0) json.WriteString("helpUri", d.HelpUri);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(result.Policy.Rule(d.Id)?.Severity ?? d.DefaultSeverity));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject("%SRCROOT%");
            json.WriteStartObject("description");
            json.WriteString("text", "The scanned repository root");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();

            if (result.VersionControl is { } vc)
            {
                json.WriteStartArray("versionControlProvenance");
                json.WriteStartObject();
                json.WriteString("repositoryUri", vc.RepositoryUri);
                json.WriteString("revisionId", vc.Revision);
                if (vc.Branch is not null) json.WriteString("branch", vc.Branch);
                json.WriteString("mappedTo", "%SRCROOT%");
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartArray("results");
            foreach (var f in result.Findings) WriteResult(json, f, ruleIndex);
            // Results of the earlier side that no longer exist (baseline or merge base), marked absent.
            foreach (var f in result.Absent) WriteResult(json, f, ruleIndex);
            json.WriteEndArray();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", result.InternalErrors.Count == 0);
            if (result.InternalErrors.Count > 0 || result.Statistics.SkippedCount > 0)
            {
                json.WriteStartArray("toolExecutionNotifications");
                foreach (var error in result.InternalErrors)
                {
                    json.WriteStartObject();
                    json.WriteString("level", "error");
                    json.WriteStartObject("message");
                    json.WriteString("text", error);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                foreach (var (reason, paths) in result.Statistics.Skipped.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteStartObject();
                    json.WriteString("level", "note");
                    json.WriteStartObject("message");
                    json.WriteString("text", $"skipped {paths.Count} file(s): {reason}");
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        output.WriteLine();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding f, IReadOnlyDictionary<string, int> ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", f.RuleId);
        if (ruleIndex.TryGetValue(f.RuleId, out var index)) json.WriteNumber("ruleIndex", index);
        json.WriteString("level", Level(f.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", f.Message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", Uri.EscapeDataString(f.Path).Replace("%2F", "/"));
        json.WriteString("uriBaseId", "%SRCROOT%");
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", f.Span.StartLine);
        json.WriteNumber("startColumn", f.Span.StartColumn);
        json.WriteNumber("endLine", f.Span.EndLine);
        json.WriteNumber("endColumn", Math.Max(f.Span.EndColumn, f.Span.EndLine == f.Span.StartLine ? f.Span.StartColumn : 1));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, f.Fingerprint);
        json.WriteEndObject();
        if (f.BaselineState is not null) json.WriteString("baselineState", f.BaselineState);
        if (f.Suppression is { } s)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", s.Kind == "baseline" ? "external" : "inSource");
            json.WriteString("justification", s.Reason);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };
}
