using System.Text.Json;
using UltraCloud.Guards.Engine.IO;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Serialization;

namespace UltraCloud.Guards.Engine.Baselines;

/// <summary>One accepted finding in a baseline file: the shared finding shape, without suppression or state.</summary>
public sealed record BaselineEntry(
    string RuleId,
    string RuleName,
    string Severity,
    string Path,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    string Message,
    string Fingerprint)
{
    /// <summary>The entry for a finding. Its message is stored with control characters escaped, so the file reads back.</summary>
    public static BaselineEntry From(Finding finding, string ruleName) => new(
        finding.RuleId,
        ruleName,
        finding.Severity.ToName(),
        finding.Path,
        finding.Span.StartLine,
        finding.Span.StartColumn,
        finding.Span.EndLine,
        finding.Span.EndColumn,
        VisibleText.Escape(finding.Message),
        finding.Fingerprint);

    public FindingDto ToDto() => new(RuleId, RuleName, Severity, Path, StartLine, StartColumn, EndLine, EndColumn, Message, Fingerprint);
}

/// <summary>
/// A baseline: the fingerprints of findings accepted when the guard was adopted on an old tree
/// (format in docs/git-workflows.md). <c>check --baseline</c> reports only findings not in it and
/// lists entries that no longer match, so the file only ever shrinks. Loading and applying it take
/// time linear in its entries (plus sorting them).
/// </summary>
public sealed class BaselineFile
{
    public const string DefaultFileName = "uc-guards.baseline.json";

    /// <summary>2: entries in the shared finding shape. Files of schema 1 are still read.</summary>
    public const int SchemaVersion = 2;

    /// <summary>A baseline larger than this is refused before it is read (about 300,000 entries).</summary>
    public const long MaxFileSize = 128L << 20;

    public BaselineFile(IEnumerable<BaselineEntry> entries) =>
        Entries = entries.DistinctBy(e => e.Fingerprint).OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.StartLine).ThenBy(e => e.RuleId, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal).ToList();

    /// <summary>Sorted by path, line, rule id, fingerprint.</summary>
    public IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>
    /// The active (not inline-suppressed) findings of a scan, with their rule names from
    /// <paramref name="policy"/>. A finding a baseline cannot record (a path with a control
    /// character) is a <see cref="PolicyException"/>: written, the file would not read back.
    /// </summary>
    public static BaselineFile FromFindings(IEnumerable<Finding> findings, GuardsPolicy? policy = null)
    {
        var entries = new List<BaselineEntry>();
        foreach (var finding in findings.Where(f => !f.IsSuppressed))
        {
            var entry = BaselineEntry.From(finding, policy?.Rule(finding.RuleId)?.Descriptor.Name ?? "");
            if (BaselineEntries.Problem(entry) is { } problem)
                throw new PolicyException(DefaultFileName, 0, 0, $"cannot record the {finding.RuleId} finding at {VisibleText.Escape(finding.Path)}:{finding.Span.StartLine}: {problem}");
            entries.Add(entry);
        }
        return new BaselineFile(entries);
    }

    public string ToJson() =>
        OutputJson.Serialize(new BaselineDto(SchemaVersion, "uc-guards", Entries.Select(e => e.ToDto()).ToList()), c => c.BaselineDto, JsonEscaping.Readable) + "\n";

    /// <summary>Written whole or not at all (<see cref="AtomicFile"/>).</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>
    /// Reads a baseline of schema 1 or 2. A missing, unreadable, oversized or malformed file, or
    /// an entry that is not well formed (a fingerprint of 32 lower-case hex digits, a rule id, a
    /// relative normalised path, positions from 1, no control characters), is a
    /// <see cref="PolicyException"/> (exit 2) naming the file and the entry.
    /// </summary>
    public static BaselineFile Load(string path)
    {
        var bytes = ReadBounded(path);
        BaselineReadDto? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, OutputJsonContext.Default.BaselineReadDto);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p ? $" at {p}" : "";
            throw new PolicyException(path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, $"the baseline is not valid{where}: {FirstSentence(ex.Message)}");
        }
        if (document is null) throw new PolicyException(path, 1, 1, "a baseline is a JSON object with a 'findings' array");
        var version = document.SchemaVersion ?? 1;
        if (version is not (1 or SchemaVersion))
            throw new PolicyException(path, 1, 1, $"unsupported baseline schemaVersion {version} (this tool reads 1 and {SchemaVersion})");
        if (document.Findings is null) throw new PolicyException(path, 1, 1, "a baseline needs a 'findings' array");

        var entries = new List<BaselineEntry>(document.Findings.Count);
        for (var i = 0; i < document.Findings.Count; i++)
        {
            var read = document.Findings[i] ?? throw new PolicyException(path, 0, 0, $"findings[{i}] is not an object");
            entries.Add(BaselineEntries.Validate(read, version, path, i));
        }
        return new BaselineFile(entries);
    }

    private static byte[] ReadBounded(string path)
    {
        var kind = FileKinds.Of(path, followLinks: true);
        if (kind == FileKind.Missing) throw new PolicyException(path, 0, 0, "cannot read the baseline: no such file");
        if (kind != FileKind.Regular) throw new PolicyException(path, 0, 0, $"cannot read the baseline: it is {kind.Describe()}, not a regular file");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length > MaxFileSize)
                throw new PolicyException(path, 0, 0, $"the baseline is {stream.Length} bytes, over the limit of {MaxFileSize} bytes");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException(path, 0, 0, $"cannot read the baseline: {ex.Message}");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    /// <summary>The outcome of applying a baseline to a scan.</summary>
    public sealed record Applied(IReadOnlyList<Finding> Findings, IReadOnlyList<BaselineEntry> Stale, IReadOnlyList<Finding> Absent);

    /// <summary>
    /// Findings whose fingerprint is in the baseline become suppressed (kind "baseline") and
    /// "unchanged"; the rest are "new". Entries that match nothing are stale; each is also returned
    /// as an absent result (for SARIF) at its recorded place. Only entries
    /// <paramref name="inScope"/> accepts can be stale (a scan of part of the tree, or of some
    /// rules, says nothing about the others).
    /// </summary>
    public Applied Apply(IReadOnlyList<Finding> findings, GuardsPolicy policy, string displayName, Func<BaselineEntry, bool>? inScope = null)
    {
        var fingerprints = Entries.Select(e => e.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            if (fingerprints.Contains(finding.Fingerprint))
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
                new SourceSpan(e.StartLine, e.StartColumn, e.EndLine, e.EndColumn, 0, 0),
                e.Message,
                "")
            { Fingerprint = e.Fingerprint, BaselineState = FindingComparison.Absent })
            .ToList();
        return new Applied(result, stale, absent);
    }
}
