using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Common;
using UltraCloud.Guards.Engine.Syntax.Rust;

namespace UltraCloud.Guards.Rules.Rust;

/// <summary>
/// UCG1003 completeness-marker: <c>TODO:</c>, <c>FIXME</c>, <c>best-effort</c> and the other listed
/// markers inside comments (line, block, doc) of the supported provider servers, outside test code.
/// </summary>
public sealed class CompletenessMarkerRule : FileRule<CompletenessMarkerOptions>
{
    private Lazy<Regex> _markers = new(() => new Regex("(?!)"));
    private ByteLiterals _prefilter = new([]);
    private bool _alwaysRead;
    private RustCodeReading _reading = RustCodeReading.CfgOnly;

    public override string Id => "UCG1003";

    protected override void OnConfigure()
    {
        var alternatives = new List<string>();
        var exact = new List<string>();
        var ignoreCase = new List<string>();
        foreach (var (pattern, sensitive) in Options.Markers)
        {
            // Word boundaries on the sides where the marker is a word, so that `todoist` never matches.
            var leading = pattern.Length > 0 && char.IsLetterOrDigit(pattern[0]) ? @"\b" : "";
            var trailing = pattern.Length > 0 && char.IsLetterOrDigit(pattern[^1]) ? @"\b" : "";
            alternatives.Add($"(?{(sensitive ? "-i" : "i")}:{leading}(?:{pattern}){trailing})");
            var literal = new string(pattern.TakeWhile(char.IsLetterOrDigit).ToArray());
            if (literal.Length == 0) _alwaysRead = true;
            else (sensitive ? exact : ignoreCase).Add(literal);
        }
        // Built on first use: only a file that passes the literal prefilter needs the automaton.
        var combined = alternatives.Count == 0 ? @"[^\s\S]" : string.Join("|", alternatives);
        // Each marker runs alone; together they must also stay under the linear matcher's size limit.
        if (Settings.Options["markers"] is { } markers) PolicyRegex.Validate(combined, markers);
        _markers = new Lazy<Regex>(() => new Regex(combined, PolicyRegex.SafeOptions, PolicyRegex.MatchTimeout));
        _prefilter = new ByteLiterals(exact, ignoreCase);
        _reading = Options.Reading;
    }

    public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".rs", StringComparison.Ordinal);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _alwaysRead || _prefilter.AnyIn(utf8);

    public override void Analyze(FileContext context)
    {
        var rust = RustFile.Of(context);
        if (rust.Tree is null) return;
        var text = context.Text;
        var matches = new List<Match>();
        var targets = new List<(int Start, int End)>();
        foreach (Match match in _markers.Value.Matches(text.Text))
        {
            matches.Add(match);
            targets.Add((text.ByteOfChar(match.Index), text.ByteOfChar(match.Index + match.Length)));
        }
        rust.Locate(targets, _reading, (i, path) =>
        {
            if (!InComment(path) || path.InTestCode) return;
            var match = matches[i];
            Report(context, text.SpanOfChars(match.Index, match.Index + match.Length), match.Value, match.Value);
        });
    }

    /// <summary>The marker lies in a comment: the comment is the node holding it, or its parent (a doc comment's text).</summary>
    private static bool InComment(RustPath path) =>
        RustSyntaxFacts.IsComment(path[^1]) || (path.Count >= 2 && RustSyntaxFacts.IsComment(path[^2]));
}

/// <summary>One completeness marker: a pattern (checked at load) and whether letter case counts.</summary>
public sealed record CompletenessMarker(string Pattern, bool CaseSensitive);

/// <summary>UCG1003's options.</summary>
public sealed record CompletenessMarkerOptions(IReadOnlyList<CompletenessMarker> Markers, RustCodeReading Reading) : IRuleOptions<CompletenessMarkerOptions>
{
    public static CompletenessMarkerOptions Read(RuleOptionsReader options) => new(
        options.List("markers",
            "markers reported in comments: {pattern, case}, the pattern a regular expression the linear matcher runs, matched on word boundaries where it starts or ends with a letter or digit",
            marker => new CompletenessMarker(
                marker.Pattern("pattern", "the regular expression", out _),
                marker.Choice("case", "sensitive or insensitive (the default)", ["sensitive", "insensitive"], "insensitive") == "sensitive"),
            required: true),
        RustRuleOptions.ReadReading(options, templates: false));
}
