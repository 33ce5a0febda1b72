using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// Inline suppressions: <c>uc-guards: allow(UCG1001, UCG1002) reason</c> in a comment (Rust and C#
/// <c>//</c> or <c>/* */</c>, Nix and shell <c>#</c>, Markdown <c>&lt;!-- --&gt;</c>) on the finding's line
/// or the line above. A reason is required.
/// </summary>
public static class Suppressions
{
    public const string Marker = "uc-guards:";

    /// <summary>
    /// The reason a template or an editor's quick fix writes for the user to replace: it is not a
    /// reason, so a directive that still holds it is UCG0002's finding.
    /// </summary>
    public const string PlaceholderReason = "<reason>";

    /// <summary>How a file's language writes a comment, as far as a suppression needs it.</summary>
    public enum CommentStyle
    {
        /// <summary><c>// ...</c> on its own line (Rust, C#, and any other file).</summary>
        DoubleSlash,
        /// <summary><c># ...</c> on its own line (Nix, shell, TOML, YAML).</summary>
        Hash,
        /// <summary><c>&lt;!-- ... --&gt;</c> (Markdown), which can end the finding's own line without changing the document's blocks.</summary>
        Html,
    }

    /// <summary>The comment style of a file, by its extension.</summary>
    public static CommentStyle StyleOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".md" or ".markdown" => CommentStyle.Html,
        ".nix" or ".sh" or ".bash" or ".toml" or ".yaml" or ".yml" => CommentStyle.Hash,
        _ => CommentStyle.DoubleSlash,
    };

    /// <summary>The directive <c>uc-guards: allow(IDS) REASON</c> as a comment in <paramref name="style"/>.</summary>
    public static string Comment(CommentStyle style, IEnumerable<string> ruleIds, string reason)
    {
        var directive = $"{Marker} allow({string.Join(", ", ruleIds)}) {reason}";
        return style switch
        {
            CommentStyle.Html => $"<!-- {directive} -->",
            CommentStyle.Hash => $"# {directive}",
            _ => $"// {directive}",
        };
    }

    public sealed record Directive(int Line, int Column, IReadOnlyList<string> RuleIds, string Reason, SourceSpan Span);

    private static readonly string[] Openers = ["//", "/*", "#", "<!--"];

    /// <summary>The fast path: false when the bytes cannot hold a directive.</summary>
    public static bool MayHold(ReadOnlySpan<byte> utf8) => utf8.IndexOf("uc-guards:"u8) >= 0;

    /// <summary>
    /// The directives of a file: on one line, a comment opener, later <c>uc-guards:</c>, optional
    /// blanks, <c>allow(IDS)</c> and the reason up to the end of the line; at most one per line.
    /// A single pass over the text (linear even on a one-line file of several megabytes).
    /// </summary>
    public static IReadOnlyList<Directive> Find(SourceText text)
    {
        if (!MayHold(text.Utf8)) return [];
        var directives = new List<Directive>();
        var s = text.Text;
        var lineStart = -1;
        var lineEnd = -1;
        var firstOpenerEnd = int.MaxValue;
        var position = 0;
        while (position < s.Length)
        {
            var marker = s.IndexOf(Marker, position, StringComparison.Ordinal);
            if (marker < 0) break;
            if (marker >= lineEnd)
            {
                lineStart = LineStartBefore(s, marker);
                lineEnd = LineEndFrom(s, marker);
                firstOpenerEnd = FirstOpenerEnd(s, lineStart, lineEnd);
            }
            position = marker + Marker.Length;
            if (firstOpenerEnd > marker) continue;

            var i = position;
            while (i < lineEnd && s[i] is ' ' or '\t') i++;
            if (string.CompareOrdinal(s, i, "allow(", 0, 6) != 0) continue;
            var idsStart = i + 6;
            var close = s.IndexOf(')', idsStart, lineEnd - idsStart);
            if (close < 0) { position = lineEnd; continue; }

            var reason = s[(close + 1)..lineEnd].Replace("-->", "").Replace("*/", "").Trim();
            var ids = s[idsStart..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var span = text.SpanOfChars(marker, lineEnd);
            directives.Add(new Directive(span.StartLine, span.StartColumn, ids, reason, span));
            position = lineEnd;
        }
        return directives;
    }

    private static int LineStartBefore(string s, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (s[i] is '\n' or '\r') return i + 1;
        }
        return 0;
    }

    private static int LineEndFrom(string s, int index)
    {
        var end = s.AsSpan(index).IndexOfAny('\n', '\r');
        return end < 0 ? s.Length : index + end;
    }

    private static int FirstOpenerEnd(string s, int lineStart, int lineEnd)
    {
        var best = int.MaxValue;
        var line = s.AsSpan(lineStart, lineEnd - lineStart);
        foreach (var opener in Openers)
        {
            var at = line.IndexOf(opener, StringComparison.Ordinal);
            if (at >= 0) best = Math.Min(best, lineStart + at + opener.Length);
        }
        return best;
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
            if (directive.Reason == PlaceholderReason)
            {
                Add(makeBadSuppression(directive.Span, $"suppression of {string.Join(", ", directive.RuleIds)} gives no reason: replace {PlaceholderReason} with why the finding is acceptable"));
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
