using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>Collects findings from many threads; order is restored by the engine at the end.</summary>
public sealed class FindingSink
{
    private readonly ConcurrentBag<Finding> _findings = [];
    private readonly ConcurrentBag<string> _internalErrors = [];
    private readonly ConcurrentDictionary<string, ConcurrentBag<Finding>> _byReporter = new(StringComparer.Ordinal);
    private readonly GuardsPolicy _policy;

    public FindingSink(GuardsPolicy policy) => _policy = policy;

    public IReadOnlyCollection<Finding> Findings => _findings;
    public IReadOnlyCollection<string> InternalErrors => _internalErrors;

    /// <summary>
    /// A rule's finding. <paramref name="reportedBy"/> names the repository rule on whose run it was
    /// reported (itself, or a shared model it built), for callers that re-run some rules and
    /// replace their findings (see <see cref="ReportedBy"/>).
    /// </summary>
    public void Add(RuleSettings rule, string path, SourceSpan span, string matchedText, string message, RelatedLocations? related = null, string? reportedBy = null)
    {
        if (!rule.Enabled) return;
        Keep(new Finding(rule.Id, rule.Severity, path, span, message, matchedText) { Related = related ?? RelatedLocations.None }, reportedBy);
    }

    /// <summary>An engine diagnostic (UCG0001–UCG0003) by id; dropped when the policy disables it.</summary>
    public void AddEngine(string ruleId, string path, SourceSpan span, string message, string? reportedBy = null)
    {
        var rule = _policy.Rule(ruleId);
        if (rule is null || !rule.Enabled) return;
        Keep(new Finding(ruleId, rule.Severity, path, span, message, message), reportedBy);
    }

    public void AddInternalError(string message) => _internalErrors.Add(message);

    /// <summary>
    /// The findings reported on each repository rule's run, by the rule's id: its own, and the
    /// engine diagnostics of the models it built. A finding two rules reported is under both.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Finding>> ReportedBy() =>
        _byReporter.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Finding>)kv.Value.Distinct().ToList(), StringComparer.Ordinal);

    private void Keep(Finding finding, string? reportedBy)
    {
        _findings.Add(finding);
        if (reportedBy is not null) _byReporter.GetOrAdd(reportedBy, _ => []).Add(finding);
    }
}
