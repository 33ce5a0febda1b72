using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// rustc/clippy-style text: <c>error[UCG1001]: message</c>, <c>--&gt; path:line:col</c>, the source
/// line with a caret span, <c>= help:</c>, then one summary line.
/// </summary>
public sealed class TextReporter : IReporter
{
    public string Format => "text";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        var texts = new Dictionary<string, SourceText?>(StringComparer.Ordinal);
        foreach (var finding in result.Findings)
        {
            if (finding.IsSuppressed && !options.ShowSuppressed) continue;
            var descriptor = result.Policy.Rule(finding.RuleId)?.Descriptor;
            var level = finding.Severity.ToName();
            output.Write(Paint(options, LevelColor(finding.Severity), $"{level}[{finding.RuleId}]"));
            output.WriteLine(Paint(options, "1", $": {VisibleText.Escape(finding.Message)}"));
            var line = finding.Span.StartLine;
            var gutter = new string(' ', line.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
            output.WriteLine($"{gutter}{Paint(options, "34", "-->")} {VisibleText.Escape(options.DisplayPath(finding.Path))}:{line}:{finding.Span.StartColumn}");
            var source = SourceLine(result, texts, finding);
            if (source is not null)
            {
                var (lineText, caretStart, caretLength) = source.Value;
                output.WriteLine($"{gutter} {Paint(options, "34", "|")}");
                output.WriteLine($"{Paint(options, "34", $"{line} |")} {lineText}");
                output.WriteLine($"{gutter} {Paint(options, "34", "|")} {new string(' ', caretStart)}{Paint(options, LevelColor(finding.Severity), new string('^', caretLength))}");
            }
            if (finding.IsSuppressed)
                output.WriteLine($"{gutter} {Paint(options, "34", "=")} note: suppressed: {VisibleText.Escape(finding.Suppression!.Reason)}");
            if (descriptor is not null && descriptor.Help.Length > 0)
                output.WriteLine($"{gutter} {Paint(options, "34", "=")} help: {VisibleText.Escape(descriptor.Help)}");
            if (descriptor is not null && descriptor.HelpUri.Length > 0)
                output.WriteLine($"{gutter} {Paint(options, "34", "=")} note: `uc-guards explain {VisibleText.Escape(finding.RuleId)}` or {VisibleText.Escape(descriptor.HelpUri)}");
            output.WriteLine();
        }
        WriteStaleBaseline(result, output, options);
        output.WriteLine(Summary(result, options));
    }

    /// <summary>Baseline entries that matched nothing: the file can shrink.</summary>
    private static void WriteStaleBaseline(ScanResult result, TextWriter output, ReportOptions options)
    {
        if (result.StaleBaseline.Count == 0) return;
        var count = result.StaleBaseline.Count;
        output.WriteLine(Paint(options, "1;36", "note") + Paint(options, "1", $": {count} baseline {(count == 1 ? "entry no longer matches" : "entries no longer match")} a finding (stale); `uc-guards baseline` rewrites the file without them"));
        var details = result.Absent.GroupBy(f => f.Fingerprint).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var fingerprint in result.StaleBaseline.Select(e => e.Fingerprint))
        {
            output.WriteLine(details.TryGetValue(fingerprint, out var f)
                ? $"  {Paint(options, "34", "=")} {VisibleText.Escape(f.RuleId)} {VisibleText.Escape(options.DisplayPath(f.Path))}:{f.Span.StartLine} ({VisibleText.Escape(fingerprint)})"
                : $"  {Paint(options, "34", "=")} {VisibleText.Escape(fingerprint)}");
        }
        output.WriteLine();
    }

    public static string Summary(ScanResult result, ReportOptions options)
    {
        var active = result.Active.ToList();
        int errors = active.Count(f => f.Severity == Severity.Error), warnings = active.Count(f => f.Severity == Severity.Warning), notes = active.Count(f => f.Severity == Severity.Note);
        var suppressed = result.Findings.Count - active.Count;
        var stats = result.Statistics;
        var parts = new List<string>
        {
            $"{errors} error{(errors == 1 ? "" : "s")}",
            $"{warnings} warning{(warnings == 1 ? "" : "s")}",
        };
        if (notes > 0) parts.Add($"{notes} note{(notes == 1 ? "" : "s")}");
        if (suppressed > 0) parts.Add($"{suppressed} suppressed");
        var skipped = stats.SkippedCount == 0
            ? "0 skipped"
            : $"{stats.SkippedCount} skipped (" + string.Join(", ", stats.Skipped.OrderBy(k => k.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value.Count} {kv.Key}")) + ")";
        var timing = options.IncludeTiming ? $" in {stats.Elapsed.TotalSeconds:0.00}s" : "";
        var questions = result.TotalQuestions.Asked > 0 ? QuestionsPart(result.TotalQuestions) + "; " : "";
        var summary = $"uc-guards: {string.Join(", ", parts)}; {questions}{stats.FilesOffered} files, {stats.FilesAnalyzed} analyzed, {skipped}{timing}";
        // The counts stay the last line; rules that checked nothing are said just before them.
        return result.IdleRules.Count == 0 ? summary : IdleRulesLine(result.IdleRules) + "\n" + summary;
    }

    /// <summary>How many of the contract questions the run asked it could answer: an undecidable tree is not a verified one.</summary>
    public static string QuestionsPart(ContractQuestions questions) =>
        $"{questions.Decided} of {questions.Asked} contract question{(questions.Asked == 1 ? "" : "s")} decided";

    /// <summary>The line that keeps a run from looking green when rules had nothing to check.</summary>
    public static string IdleRulesLine(IReadOnlyList<IdleRule> idle)
    {
        var byScopes = idle.GroupBy(r => string.Join(", ", r.Scopes), StringComparer.Ordinal)
            .Select(g => $"{string.Join(", ", g.Select(r => r.RuleId))} ({g.Key})");
        var rules = idle.Count == 1 ? "1 rule" : $"{idle.Count} rules";
        return $"uc-guards: {rules} checked nothing, no file here is in their scopes: {string.Join("; ", byScopes)}; `uc-guards init` writes scopes that describe this repository, and its `disable:` list turns off a rule it has no use for";
    }

    private const int Window = 240;

    private static (string Text, int CaretStart, int CaretLength)? SourceLine(ScanResult result, Dictionary<string, SourceText?> cache, Finding finding)
    {
        if (!cache.TryGetValue(finding.Path, out var text) && !result.Texts.TryGetValue(finding.Path, out text))
        {
            var bytes = result.Tree.Read(finding.Path, out _);
            text = bytes is null || Discovery.PathUtil.LooksBinary(bytes) ? null : SourceText.FromBytes(finding.Path, bytes);
            cache[finding.Path] = text;
        }
        if (text is null || finding.Span.StartLine > text.LineCount) return null;
        // Only a window of a long line is quoted (a one-line generated file must not be printed per finding).
        var (raw, offset) = text.LineWindow(finding.Span.StartLine, finding.Span.StartColumn - 1 < Window - 40 ? 0 : finding.Span.StartColumn - 1 - Window / 3, Window);
        var prefix = offset > 0 ? "…" : "";
        var suffix = text.LineLength(finding.Span.StartLine) > offset + raw.Length ? "…" : "";
        var start = Math.Clamp(finding.Span.StartColumn - 1 - offset, 0, raw.Length);
        var end = finding.Span.EndLine == finding.Span.StartLine ? finding.Span.EndColumn - 1 - offset : raw.Length;
        end = Math.Clamp(end, start, raw.Length);
        // Each part is escaped on its own, so the caret stays under what it marks when an escape widens the line.
        var before = Sanitize(raw[..start]);
        var marked = Sanitize(raw[start..end]);
        var after = Sanitize(raw[end..]);
        return (prefix + before + marked + after + suffix, prefix.Length + before.Length, Math.Max(1, marked.Length));
    }

    /// <summary>
    /// Quoted source as the terminal shows it: a tab as one space (so the caret lines up), control
    /// characters and bidirectional controls as visible escapes (<see cref="VisibleText"/>), so that
    /// a hostile file can neither drive the terminal nor reorder what the reader sees.
    /// </summary>
    public static string Sanitize(string text) => VisibleText.Escape(text.Replace('\t', ' '));

    private static string LevelColor(Severity severity) => severity switch
    {
        Severity.Error => "1;31",
        Severity.Warning => "1;33",
        _ => "1;36",
    };

    private static string Paint(ReportOptions options, string code, string text) =>
        options.Color ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
