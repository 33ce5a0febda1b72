using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Audit;

/// <summary>
/// One inline suppression (<c>uc-guards: allow(IDS) reason</c>) of a tree: where it is, what it
/// allows and why, and the commit that introduced it (null when it is not committed yet, or the
/// tree has no git history).
/// </summary>
public sealed record SuppressionRecord(string Path, SourceSpan Span, IReadOnlyList<string> RuleIds, string Reason, LineIntroduction? Introduced)
{
    public int Line => Span.StartLine;
    public int Column => Span.StartColumn;

    /// <summary>What identifies the suppression across revisions, wherever its line moves: the rule ids and the reason.</summary>
    public string Identity => string.Join(",", RuleIds) + "\n" + Reason;

    /// <summary>Whole days from its introduction to <paramref name="asOf"/> (0 when not committed yet).</summary>
    public int AgeDays(DateTimeOffset asOf) => Introduced is null ? 0 : Math.Max(0, (int)Math.Floor((asOf - Introduced.Date).TotalDays));
}

/// <summary>The suppressions one change added and removed (<c>suppressions --from --to</c>, the drift report).</summary>
public sealed record SuppressionChanges(IReadOnlyList<SuppressionRecord> Added, IReadOnlyList<SuppressionRecord> Removed)
{
    public static readonly SuppressionChanges None = new([], []);
}

/// <summary>
/// <see cref="SuppressionChanges"/> between two revisions, with the commits they name and the date
/// ages are counted to (the later commit's committer date, so the report is the same whenever it is made).
/// </summary>
public sealed record SuppressionDrift(Drift.DriftSide From, Drift.DriftSide To, DateTimeOffset AsOf, SuppressionChanges Changes);

/// <summary>
/// Lists the inline suppressions of a tree: every file the scan would read (never-scanned, skipped,
/// binary and oversize files excepted) that holds a directive, in any language's comment syntax,
/// with git blame's answer for each. Sorted oldest first; uncommitted ones last.
/// </summary>
public static class SuppressionInventory
{
    /// <summary>The directives of every readable file of <paramref name="tree"/>, with their introductions when <paramref name="history"/> is given.</summary>
    public static IReadOnlyList<SuppressionRecord> Build(ISourceTree tree, GuardsPolicy policy, LineHistory? history, int jobs = 0)
    {
        var found = new ConcurrentBag<(SourceText Text, IReadOnlyList<Suppressions.Directive> Directives)>();
        var entries = tree.Enumerate()
            .Where(e => e.SkipReason is null && !policy.IsNeverScanned(e.Path) && e.Size <= policy.MaxFileSize)
            .ToList();
        Parallel.ForEach(entries, new ParallelOptions { MaxDegreeOfParallelism = jobs > 0 ? jobs : Environment.ProcessorCount }, entry =>
        {
            if (tree.Read(entry.Path, out _) is not { } bytes || bytes.Length > policy.MaxFileSize || PathUtil.LooksBinary(bytes)) return;
            if (!SourceText.HasUtf16Bom(bytes) && !Suppressions.MayHold(bytes)) return;
            var text = SourceText.FromBytes(entry.Path, bytes);
            var directives = Suppressions.Find(text);
            if (directives.Count > 0) found.Add((text, directives));
        });
        return Describe(found.OrderBy(f => f.Text.Path, StringComparer.Ordinal).ToList(), history);
    }

    /// <summary>Records for directives already found, all their lines dated in one walk of the history.</summary>
    public static IReadOnlyList<SuppressionRecord> Describe(IReadOnlyList<(SourceText Text, IReadOnlyList<Suppressions.Directive> Directives)> files, LineHistory? history)
    {
        IReadOnlyDictionary<(string Path, int Line), LineIntroduction?> introduced = new Dictionary<(string, int), LineIntroduction?>();
        if (history is not null)
        {
            introduced = history.Introductions(files
                .Select(f => new LineHistory.FileLines(f.Text.Path, Lines(f.Text), f.Directives.Select(d => d.Line).ToList()))
                .ToList());
        }
        var records = new List<SuppressionRecord>();
        foreach (var (text, directives) in files)
        {
            foreach (var directive in directives)
                records.Add(new SuppressionRecord(text.Path, directive.Span, directive.RuleIds, directive.Reason, introduced.GetValueOrDefault((text.Path, directive.Line))));
        }
        return Sort(records);
    }

    private static List<string> Lines(SourceText text) => Enumerable.Range(1, text.LineCount).Select(text.LineText).ToList();

    /// <summary>The same records with their introductions: each file read again from <paramref name="tree"/>, all dated in one walk.</summary>
    public static IReadOnlyList<SuppressionRecord> Introduce(IReadOnlyList<SuppressionRecord> records, ISourceTree tree, LineHistory? history)
    {
        if (history is null || records.Count == 0) return Sort(records);
        var files = new List<LineHistory.FileLines>();
        foreach (var file in records.GroupBy(r => r.Path, StringComparer.Ordinal))
        {
            if (tree.Read(file.Key, out _) is not { } bytes) continue;
            files.Add(new LineHistory.FileLines(file.Key, Lines(SourceText.FromBytes(file.Key, bytes)), file.Select(r => r.Line).ToList()));
        }
        var introduced = history.Introductions(files);
        return Sort(records.Select(r => r with { Introduced = introduced.GetValueOrDefault((r.Path, r.Line)) }));
    }

    /// <summary>Oldest first (by the introducing commit's author date); uncommitted ones last; then path and line.</summary>
    public static IReadOnlyList<SuppressionRecord> Sort(IEnumerable<SuppressionRecord> records) => records
        .OrderBy(r => r.Introduced is null ? 1 : 0)
        .ThenBy(r => r.Introduced?.Date ?? DateTimeOffset.MaxValue)
        .ThenBy(r => r.Path, StringComparer.Ordinal)
        .ThenBy(r => r.Line)
        .ThenBy(r => r.Column)
        .ToList();

    /// <summary>
    /// The suppressions <paramref name="to"/> has that <paramref name="from"/> had not (added) and the
    /// reverse (removed), matched by path (renames followed: <paramref name="renames"/> maps a new
    /// path to its old one) and <see cref="SuppressionRecord.Identity"/>, as many times as each occurs.
    /// </summary>
    public static SuppressionChanges Compare(IReadOnlyList<SuppressionRecord> from, IReadOnlyList<SuppressionRecord> to, IReadOnlyDictionary<string, string> renames)
    {
        string OldPath(string path) => renames.TryGetValue(path, out var old) ? old : path;
        var remaining = from.GroupBy(r => (r.Path, r.Identity)).ToDictionary(g => g.Key, g => new Queue<SuppressionRecord>(g.OrderBy(r => r.Line)));
        var added = new List<SuppressionRecord>();
        foreach (var record in to.OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Line))
        {
            if (remaining.TryGetValue((OldPath(record.Path), record.Identity), out var queue) && queue.Count > 0) queue.Dequeue();
            else added.Add(record);
        }
        return new SuppressionChanges(Sort(added), Sort(remaining.Values.SelectMany(q => q)));
    }
}
