using System.Text.Json;
using UltraCloud.Guards.Engine.IO;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Baselines;

/// <summary>One accepted finding in a baseline file.</summary>
public sealed record BaselineEntry(string Fingerprint, string RuleId, string Path, int Line, string Message);

/// <summary>
/// A baseline: the fingerprints of findings accepted when the guard was adopted on an old tree
/// (format in docs/git-workflows.md). <c>check --baseline</c> reports only findings not in it and
/// lists entries that no longer match, so the file only ever shrinks.
/// </summary>
public sealed class BaselineFile
{
    public const string DefaultFileName = "uc-guards.baseline.json";
    public const int SchemaVersion = 1;

    public BaselineFile(IEnumerable<BaselineEntry> entries) =>
        Entries = entries.DistinctBy(e => e.Fingerprint).OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.Line).ThenBy(e => e.RuleId, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal).ToList();

    /// <summary>Sorted by path, line, rule id, fingerprint.</summary>
    public IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>The active (not inline-suppressed) findings of a scan.</summary>
    public static BaselineFile FromFindings(IEnumerable<Finding> findings) =>
        new(findings.Where(f => !f.IsSuppressed).Select(f => new BaselineEntry(f.Fingerprint, f.RuleId, f.Path, f.Span.StartLine, f.Message)));

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("tool", "uc-guards");
            json.WriteStartArray("findings");
            foreach (var entry in Entries)
            {
                json.WriteStartObject();
                json.WriteString("fingerprint", entry.Fingerprint);
                json.WriteString("ruleId", entry.RuleId);
                json.WriteString("path", entry.Path);
                json.WriteNumber("line", entry.Line);
                json.WriteString("message", entry.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Written atomically (temp file and rename).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads a baseline; a missing or malformed file is a <see cref="PolicyException"/> (exit 2).</summary>
    public static BaselineFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException(path, 0, 0, $"cannot read the baseline: {ex.Message}");
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new PolicyException(path, 1, 1, "a baseline is a JSON object with a 'findings' array");
            if (root.TryGetProperty("schemaVersion", out var version) && (version.ValueKind != JsonValueKind.Number || version.GetInt32() != SchemaVersion))
                throw new PolicyException(path, 1, 1, $"unsupported baseline schemaVersion {version} (this tool reads {SchemaVersion})");
            if (!root.TryGetProperty("findings", out var findings) || findings.ValueKind != JsonValueKind.Array)
                throw new PolicyException(path, 1, 1, "a baseline needs a 'findings' array");
            var entries = new List<BaselineEntry>();
            var index = 0;
            foreach (var item in findings.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("fingerprint", out var fp) || fp.ValueKind != JsonValueKind.String || fp.GetString()!.Length == 0)
                    throw new PolicyException(path, 0, 0, $"findings[{index}] needs a 'fingerprint' string");
                entries.Add(new BaselineEntry(
                    fp.GetString()!,
                    StringOr(item, "ruleId"),
                    StringOr(item, "path"),
                    item.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number && line.TryGetInt32(out var l) ? l : 0,
                    StringOr(item, "message")));
                index++;
            }
            return new BaselineFile(entries);
        }
        catch (JsonException ex)
        {
            throw new PolicyException(path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, $"the baseline is not valid JSON: {ex.Message}");
        }
    }

    private static string StringOr(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    /// <summary>The outcome of applying a baseline to a scan.</summary>
    public sealed record Applied(IReadOnlyList<Finding> Findings, IReadOnlyList<BaselineEntry> Stale, IReadOnlyList<Finding> Absent);

    /// <summary>
    /// Findings whose fingerprint is in the baseline become suppressed (kind "baseline") and
    /// "unchanged"; the rest are "new". Entries that match nothing are stale; each is also returned
    /// as an absent result (for SARIF) at its recorded path and line. Only entries
    /// <paramref name="inScope"/> accepts can be stale (a scan of part of the tree, or of some
    /// rules, says nothing about the others).
    /// </summary>
    public Applied Apply(IReadOnlyList<Finding> findings, GuardsPolicy policy, string displayName, Func<BaselineEntry, bool>? inScope = null)
    {
        var byFingerprint = Entries.ToDictionary(e => e.Fingerprint, StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            if (byFingerprint.ContainsKey(finding.Fingerprint))
            {
                matched.Add(finding.Fingerprint);
                result.Add(finding with
                {
                    BaselineState = FindingComparison.Unchanged,
                    Suppression = finding.Suppression ?? new Suppression("baseline", $"accepted in the baseline {displayName}"),
                });
            }
            else
            {
                result.Add(finding with { BaselineState = finding.BaselineState ?? FindingComparison.New });
            }
        }
        var stale = Entries.Where(e => !matched.Contains(e.Fingerprint) && (inScope is null || inScope(e))).ToList();
        var absent = stale.Select(e => new Finding(
                e.RuleId,
                policy.Rule(e.RuleId)?.Severity ?? Severity.Error,
                e.Path,
                new SourceSpan(Math.Max(1, e.Line), 1, Math.Max(1, e.Line), 1, 0, 0),
                e.Message,
                "")
            { Fingerprint = e.Fingerprint, BaselineState = FindingComparison.Absent })
            .ToList();
        return new Applied(result, stale, absent);
    }
}
