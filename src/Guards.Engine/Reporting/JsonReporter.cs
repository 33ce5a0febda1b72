using System.Text.Json;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// The findings as JSON (schema in docs/json-report.md): a summary, then findings in the
/// engine's stable order, then skipped files. No absolute paths or timings unless asked, so the
/// same tree gives byte-identical output.
/// </summary>
public sealed class JsonReporter : IReporter
{
    public const int SchemaVersion = 1;

    public string Format => "json";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteStartObject("tool");
            json.WriteString("name", "uc-guards");
            json.WriteString("version", options.ToolVersion);
            json.WriteEndObject();

            var active = result.Active.ToList();
            json.WriteStartObject("summary");
            json.WriteNumber("errors", active.Count(f => f.Severity == Severity.Error));
            json.WriteNumber("warnings", active.Count(f => f.Severity == Severity.Warning));
            json.WriteNumber("notes", active.Count(f => f.Severity == Severity.Note));
            json.WriteNumber("suppressed", result.Findings.Count - active.Count);
            json.WriteNumber("filesOffered", result.Statistics.FilesOffered);
            json.WriteNumber("filesAnalyzed", result.Statistics.FilesAnalyzed);
            json.WriteNumber("filesSkipped", result.Statistics.SkippedCount);
            json.WriteStartObject("findingsByRule");
            foreach (var group in active.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
                json.WriteNumber(group.Key, group.Count());
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("findings");
            foreach (var finding in result.Findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.RuleId);
                json.WriteString("ruleName", result.Policy.Rule(finding.RuleId)?.Descriptor.Name ?? "");
                json.WriteString("severity", finding.Severity.ToName());
                json.WriteString("path", finding.Path);
                json.WriteNumber("startLine", finding.Span.StartLine);
                json.WriteNumber("startColumn", finding.Span.StartColumn);
                json.WriteNumber("endLine", finding.Span.EndLine);
                json.WriteNumber("endColumn", finding.Span.EndColumn);
                json.WriteString("message", finding.Message);
                json.WriteString("fingerprint", finding.Fingerprint);
                if (finding.BaselineState is not null) json.WriteString("baselineState", finding.BaselineState);
                if (finding.Suppression is { } s)
                {
                    json.WriteStartObject("suppression");
                    json.WriteString("kind", s.Kind);
                    json.WriteString("reason", s.Reason);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("skipped");
            foreach (var (reason, paths) in result.Statistics.Skipped.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                foreach (var path in paths)
                {
                    json.WriteStartObject();
                    json.WriteString("path", path);
                    json.WriteString("reason", reason);
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();

            if (result.Absent.Count > 0)
            {
                json.WriteStartArray("absent");
                foreach (var finding in result.Absent)
                {
                    json.WriteStartObject();
                    json.WriteString("ruleId", finding.RuleId);
                    json.WriteString("path", finding.Path);
                    json.WriteNumber("startLine", finding.Span.StartLine);
                    json.WriteString("message", finding.Message);
                    json.WriteString("fingerprint", finding.Fingerprint);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }

            if (result.StaleBaseline.Count > 0)
            {
                json.WriteStartArray("staleBaseline");
                foreach (var entry in result.StaleBaseline) json.WriteStringValue(entry.Fingerprint);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        output.WriteLine();
    }
}
