using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// Inline suppressions: <c>uc-guards: allow(UCG1001, UCG1002) reason</c> in a comment (Rust and C#
/// <c>//</c> or <c>/* */</c>, Nix and shell <c>#</c>, Markdown <c>&lt;!-- --&gt;</c>) on the finding's line
/// or the line above. A reason is required.
/// </summary>
public static partial class Suppressions
{
    public const string Marker = "uc-guards:";

    [GeneratedRegex(@"(?<opener>//|/\*|#|<!--)[^\n]*?uc-guards:\s*allow\((?<ids>[^)]*)\)(?<reason>[^\n]*)", RegexOptions.CultureInvariant)]
    private static partial Regex DirectivePattern();

    public sealed record Directive(int Line, int Column, IReadOnlyList<string> RuleIds, string Reason, SourceSpan Span);

    public static IReadOnlyList<Directive> Find(SourceText text)
    {
        if (text.Utf8.AsSpan().IndexOf("uc-guards:"u8) < 0) return [];
        var directives = new List<Directive>();
        foreach (Match match in DirectivePattern().Matches(text.Text))
        {
            var reason = match.Groups["reason"].Value;
            reason = reason.Replace("-->", "").Replace("*/", "").Trim();
            var ids = match.Groups["ids"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var idGroup = match.Groups["ids"];
            var start = match.Index + match.Value.IndexOf(Marker, StringComparison.Ordinal);
            var span = text.SpanOfChars(start, match.Index + match.Length);
            directives.Add(new Directive(span.StartLine, span.StartColumn, ids, reason, span));
        }
        return directives;
    }

    /// <summary>
    /// Marks the findings of one file that a directive covers, and returns UCG0002 findings for
    /// directives with no reason, unknown ids, or nothing suppressed among the rules that ran.
    /// </summary>
    public static List<Finding> Apply(SourceText text, List<Finding> findings, ISet<string> knownRuleIds, ISet<string> rulesThatRan, Func<SourceSpan, string, Finding?> makeBadSuppression)
    {
        var extra = new List<Finding>();
        var directives = Find(text);
        foreach (var directive in directives)
        {
            var unknown = directive.RuleIds.Where(id => !knownRuleIds.Contains(id)).ToList();
            if (directive.RuleIds.Count == 0)
            {
                Add(makeBadSuppression(directive.Span, "suppression names no rule: write `uc-guards: allow(RULE-ID) reason`"));
                continue;
            }
            if (unknown.Count > 0)
                Add(makeBadSuppression(directive.Span, $"suppression names unknown rule id {string.Join(", ", unknown)}"));
            if (directive.Reason.Length == 0)
            {
                Add(makeBadSuppression(directive.Span, $"suppression of {string.Join(", ", directive.RuleIds)} gives no reason"));
                continue;
            }

            var used = false;
            for (var i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                if (f.IsSuppressed || f.RuleId == "UCG0002") continue;
                if ((f.Span.StartLine == directive.Line || f.Span.StartLine == directive.Line + 1) && directive.RuleIds.Contains(f.RuleId))
                {
                    findings[i] = f with { Suppression = new Suppression("inSource", directive.Reason, text.Path, directive.Line) };
                    used = true;
                }
            }
            var ran = directive.RuleIds.Where(id => knownRuleIds.Contains(id) && rulesThatRan.Contains(id)).ToList();
            if (!used && ran.Count > 0 && unknown.Count == 0)
                Add(makeBadSuppression(directive.Span, $"suppression of {string.Join(", ", directive.RuleIds)} suppresses nothing on this line or the next"));
        }
        return extra;

        void Add(Finding? finding)
        {
            if (finding is not null) extra.Add(finding);
        }
    }
}
