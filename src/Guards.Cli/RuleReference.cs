using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Examples;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Serialization;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// The rule reference, rendered from the policy data only: the `rules` listing (text, JSON,
/// Markdown), the README's generated section and `explain`.
/// </summary>
public static class RuleReference
{
    public const string BeginMarker = "<!-- rules:begin -->";
    public const string EndMarker = "<!-- rules:end -->";

    public sealed record Row(string Id, string Name, string Severity, string Scopes, string Summary);

    public static IReadOnlyList<RuleSettings> Ordered(GuardsPolicy policy) =>
        policy.Rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    public static Row RowOf(RuleSettings rule) => new(
        rule.Id,
        rule.Descriptor.Name,
        rule.Severity.ToName(),
        rule.Descriptor.Scopes.Count == 0 ? "-" : string.Join(", ", rule.Descriptor.Scopes),
        OneLine(rule.Descriptor.Summary.Length > 0 ? rule.Descriptor.Summary : rule.Descriptor.Title));

    /// <summary>Aligned plain-text columns (what `rules` prints when not on a terminal).</summary>
    public static void WritePlainTable(GuardsPolicy policy, TextWriter output)
    {
        var rows = Ordered(policy).Select(RowOf).ToList();
        var header = new Row("ID", "NAME", "SEVERITY", "SCOPES", "SUMMARY");
        int w0 = Width(rows, header, r => r.Id), w1 = Width(rows, header, r => r.Name), w2 = Width(rows, header, r => r.Severity), w3 = Width(rows, header, r => r.Scopes);
        foreach (var row in rows.Prepend(header))
            output.WriteLine($"{row.Id.PadRight(w0)}  {row.Name.PadRight(w1)}  {row.Severity.PadRight(w2)}  {row.Scopes.PadRight(w3)}  {row.Summary}".TrimEnd());
    }

    private static int Width(List<Row> rows, Row header, Func<Row, string> field) => rows.Prepend(header).Max(r => field(r).Length);

    public static void WriteJson(GuardsPolicy policy, TextWriter output) =>
        OutputJson.Write(output, Listing(policy), c => c.IReadOnlyListRuleListingDto);

    /// <summary>Every rule as the JSON listing writes it, by id.</summary>
    public static IReadOnlyList<RuleListingDto> Listing(GuardsPolicy policy) => Ordered(policy).Select(rule =>
    {
        var d = rule.Descriptor;
        return new RuleListingDto(
            d.Id,
            d.Name,
            d.Title,
            rule.Severity.ToName(),
            d.DefaultSeverity.ToName(),
            d.Scopes,
            d.Summary.Trim(),
            d.Description.Trim(),
            d.Rationale.Trim(),
            d.Help.Trim(),
            d.HelpUri,
            d.Examples.Count(e => e.Valid),
            d.Examples.Count(e => !e.Valid));
    }).ToList();

    /// <summary>The Markdown rule reference: a summary table, then one section per rule (anchored by lower-case id).</summary>
    public static string Markdown(GuardsPolicy policy)
    {
        var sb = new StringBuilder();
        sb.Append("<!-- Generated from rules/*.yaml by `uc-guards rules --format markdown --update-readme README.md`; edit the rule files, not this section. -->\n\n");
        sb.Append("| Rule | Name | Severity | Scopes | What it rejects |\n");
        sb.Append("| --- | --- | --- | --- | --- |\n");
        foreach (var rule in Ordered(policy))
        {
            var row = RowOf(rule);
            sb.Append($"| [{row.Id}](#{row.Id.ToLowerInvariant()}) | {Cell(row.Name)} | {row.Severity} | {Cell(row.Scopes == "-" ? "every file" : row.Scopes)} | {Cell(row.Summary)} |\n");
        }
        foreach (var rule in Ordered(policy))
        {
            var d = rule.Descriptor;
            sb.Append('\n');
            sb.Append($"<a id=\"{d.Id.ToLowerInvariant()}\"></a>\n");
            sb.Append($"### {d.Id} {d.Name}: {d.Title}\n\n");
            if (d.Description.Trim().Length > 0) sb.Append(Paragraphs(d.Description)).Append("\n\n");
            if (d.Rationale.Trim().Length > 0) sb.Append("**Why:** ").Append(Paragraphs(d.Rationale)).Append("\n\n");
            if (d.Help.Trim().Length > 0) sb.Append("**Fix:** ").Append(Paragraphs(d.Help)).Append("\n\n");
            sb.Append($"Severity `{rule.Severity.ToName()}`");
            if (d.Scopes.Count > 0) sb.Append("; scopes ").Append(string.Join(", ", d.Scopes.Select(s => $"`{s}`")));
            sb.Append($". Suppress one finding with a reason: `uc-guards: allow({d.Id}) <reason>`; examples and details: `uc-guards explain {d.Id}`.\n");
        }
        return sb.ToString();
    }

    /// <summary>Replaces the text between the rules markers of a README with <paramref name="generated"/>.</summary>
    public static string ReplaceSection(string readme, string generated, string readmeName)
    {
        var begin = readme.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < 0 || end < begin)
            throw new Commands.UsageException($"{readmeName} has no rule reference section: add a line '{BeginMarker}' and a later line '{EndMarker}' where it belongs");
        if (readme.IndexOf(BeginMarker, begin + 1, StringComparison.Ordinal) >= 0)
            throw new Commands.UsageException($"{readmeName} has more than one '{BeginMarker}'");
        var newline = readme.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = generated.Replace("\r\n", "\n").Trim('\n').Replace("\n", newline);
        return readme[..(begin + BeginMarker.Length)] + newline + newline + body + newline + newline + readme[end..];
    }

    /// <summary>The generated section currently in a README (between the markers), or null when it has none.</summary>
    public static string? CurrentSection(string readme)
    {
        var begin = readme.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin) return null;
        return readme[(begin + BeginMarker.Length)..end].Replace("\r\n", "\n").Trim('\n') + "\n";
    }

    /// <summary>`uc-guards explain ID`: what the rule rejects, why, a rejected and an allowed example, how to fix and suppress.</summary>
    public static void WriteExplanation(RuleSettings rule, TextWriter output)
    {
        var d = rule.Descriptor;
        output.WriteLine($"{d.Id} {d.Name}: {d.Title}");
        var scopes = d.Scopes.Count == 0 ? "every scanned file" : string.Join(", ", d.Scopes);
        output.WriteLine($"severity: {rule.Severity.ToName()}{(rule.Severity != d.DefaultSeverity ? $" (default {d.DefaultSeverity.ToName()})" : "")}; scopes: {scopes}");
        foreach (var scope in rule.Scopes)
        {
            output.WriteLine($"  {scope.Name}: {string.Join(" ", scope.Include.Select(g => g.Pattern))}" +
                (scope.Exclude.Count > 0 ? $" (except {string.Join(" ", scope.Exclude.Select(g => g.Pattern))})" : ""));
        }

        Section(output, "What it rejects", string.Join("\n\n", new[] { d.Summary, d.Description }.Select(t => t.Trim()).Where(t => t.Length > 0)));
        Section(output, "Why", d.Rationale);

        var rejected = d.Examples.FirstOrDefault(e => !e.Valid);
        var allowed = d.Examples.FirstOrDefault(e => e.Valid);
        if (rejected is not null) ExampleSection(output, "Rejected", rejected);
        if (allowed is not null) ExampleSection(output, "Allowed", allowed);
        if (rejected is null && allowed is null)
        {
            output.WriteLine();
            output.WriteLine($"(no examples in {Commands.CommandSupport.DisplayPath(d.SourceFile)})");
        }

        Section(output, "How to fix", d.Help);

        output.WriteLine();
        output.WriteLine("How to suppress");
        output.WriteLine("  One finding, with the reason it is acceptable, in a comment on its line or the line above:");
        output.WriteLine($"    {SuppressionComment(rejected?.Path ?? allowed?.Path, d.Id)}");
        output.WriteLine("  A suppression without a reason is itself reported (UCG0002). For a whole repository, in uc-guards.yaml:");
        output.WriteLine($"    disable: [{d.Id}]");
        if (d.HelpUri.Length > 0)
        {
            output.WriteLine();
            output.WriteLine($"More: {d.HelpUri}");
        }
    }

    /// <summary>The inline suppression comment in the language of <paramref name="path"/>.</summary>
    public static string SuppressionComment(string? path, string id) =>
        Suppressions.Comment(Suppressions.StyleOf(path ?? ""), [id], Suppressions.PlaceholderReason);

    private static void Section(TextWriter output, string heading, string text)
    {
        text = text.Trim();
        if (text.Length == 0) return;
        output.WriteLine();
        output.WriteLine(heading);
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            output.WriteLine(line.Length == 0 ? "" : "  " + line);
    }

    private static void ExampleSection(TextWriter output, string heading, RuleExample example)
    {
        output.WriteLine();
        output.WriteLine(heading);
        IReadOnlyList<ExampleFile> files;
        try
        {
            files = ExampleMarkup.Parse(example);
        }
        catch (ExampleMarkupException ex)
        {
            output.WriteLine($"  (example cannot be shown: {ex.Message})");
            return;
        }
        foreach (var file in files)
        {
            output.WriteLine($"  {file.Path}");
            var lines = file.Text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            var gutter = lines.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            for (var i = 0; i < lines.Length; i++)
            {
                var number = i + 1;
                output.WriteLine($"  {number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(gutter)} | {lines[i]}".TrimEnd());
                var marks = new char[lines[i].Length + 1];
                Array.Fill(marks, ' ');
                var any = false;
                foreach (var span in file.ExpectedSpans.Where(s => s.StartLine <= number && number <= s.EndLine))
                {
                    var start = span.StartLine == number ? span.StartColumn - 1 : 0;
                    var end = span.EndLine == number ? span.EndColumn - 1 : lines[i].Length;
                    start = Math.Clamp(start, 0, lines[i].Length);
                    end = Math.Clamp(Math.Max(end, start + 1), 0, lines[i].Length + 1);
                    for (var c = start; c < end; c++) marks[c] = '^';
                    any = true;
                }
                if (any) output.WriteLine($"  {new string(' ', gutter)} | {new string(marks).TrimEnd()}");
            }
        }
    }

    private static string OneLine(string text)
    {
        var flat = string.Join(' ', text.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat;
    }

    /// <summary>YAML block text as Markdown: lines of one paragraph joined, blank lines kept.</summary>
    private static string Paragraphs(string text) =>
        string.Join("\n\n", text.Replace("\r", "").Trim().Split("\n\n").Select(p => OneLine(p)));

    private static string Cell(string text) => text.Replace("|", "\\|");
}
