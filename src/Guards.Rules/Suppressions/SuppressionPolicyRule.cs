using System.Globalization;
using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Rules.Suppressions;

/// <summary>
/// UCG0005 suppression-policy: with <c>suppressions: { max-age, require-reason-pattern }</c> in the
/// policy, an inline suppression whose line git blame dates further back than the maximum age, or
/// whose reason does not match the required pattern, is a finding at the directive. Exceptions to
/// the contract expire: renewing one means editing it, which a reviewer sees. Without either
/// setting the rule reads no file. A suppression with no reason at all is UCG0002's.
/// </summary>
public sealed class SuppressionPolicyRule : FileRule<SuppressionPolicyOptions>
{
    public override string Id => "UCG0005";

    private readonly Lock _gate = new();
    private (ISourceTree Tree, LineHistory? History)? _history;

    private bool Active => Options.MaxAge is not null || Options.ReasonPattern is not null;

    /// <summary>
    /// One history per scanned tree, shared by the files of the scan, so that each commit's changes
    /// are read once however many files hold suppressions. Its repository is released with the rule.
    /// </summary>
    private LineHistory? History(ISourceTree tree)
    {
        lock (_gate)
        {
            if (_history is { } known && ReferenceEquals(known.Tree, tree)) return known.History;
            var history = LineHistory.For(tree);
            _history = (tree, history);
            return history;
        }
    }

    public override bool HandlesFile(string relativePath) => Active;

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => Engine.Analysis.Suppressions.MayHold(utf8);

    public override void Analyze(FileContext context)
    {
        var directives = Engine.Analysis.Suppressions.Find(context.Text).Where(d => d.Reason.Length > 0).ToList();
        if (directives.Count == 0) return;
        if (Options.ReasonPattern is { } pattern)
        {
            foreach (var directive in directives.Where(d => !pattern.IsMatch(d.Reason)))
            {
                Report(context, directive.Span, $"reason:{string.Join(",", directive.RuleIds)}:{directive.Reason}",
                    $"the reason of this suppression of {string.Join(", ", directive.RuleIds)} does not match the policy's required pattern `{Options.ReasonPatternText}`");
            }
        }
        if (Options.MaxAge is not { } maxAge) return;
        if (History(context.Tree) is not { } history) return;
        var now = AuditClock.Now;
        foreach (var record in SuppressionInventory.Describe([(context.Text, directives)], history))
        {
            if (record.Introduced is not { } introduced || now - introduced.Date <= maxAge) continue;
            Report(context, record.Span, $"expired:{string.Join(",", record.RuleIds)}:{record.Reason}",
                $"this suppression of {string.Join(", ", record.RuleIds)} is {record.AgeDays(now)} days old (introduced {introduced.Date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} in {introduced.Commit[..12]} by {introduced.Author}); the policy allows {Options.MaxAgeText}");
        }
    }
}

/// <summary>UCG0005's options: also written at the top level of uc-guards.yaml as <c>suppressions: { max-age, require-reason-pattern }</c>.</summary>
public sealed record SuppressionPolicyOptions(TimeSpan? MaxAge, string? MaxAgeText, Regex? ReasonPattern, string? ReasonPatternText) : IRuleOptions<SuppressionPolicyOptions>
{
    public static SuppressionPolicyOptions Read(RuleOptionsReader options)
    {
        var maxAgeText = options.OptionalText("max-age", "how old an inline suppression may get, by the date git blame gives its line: a number of days or weeks, such as 90d or 12w", out var maxAgeWhere);
        var pattern = options.OptionalPattern("require-reason-pattern", "a regular expression every suppression's reason must contain a match of, such as '#[0-9]+' for an issue number", out var patternWhere);
        TimeSpan? maxAge = maxAgeText is null ? null : ParseAge(maxAgeText, maxAgeWhere!);
        return new(maxAge, maxAgeText, pattern is null ? null : PolicyRegex.Compile(pattern, patternWhere!), pattern);
    }

    /// <summary>"90d", "12w": a positive whole number of days or weeks.</summary>
    public static TimeSpan ParseAge(string text, PolicyNode where)
    {
        var value = text.Trim();
        if (value.Length >= 2 && value[^1] is 'd' or 'w'
            && int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 && count <= 100_000)
            return TimeSpan.FromDays(value[^1] == 'w' ? count * 7 : count);
        throw new PolicyException(where, $"max-age must be a positive number of days or weeks, such as 90d or 12w, not '{text}'");
    }
}
