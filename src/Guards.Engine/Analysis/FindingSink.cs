using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>Collects findings from many threads; order is restored by the engine at the end.</summary>
public sealed class FindingSink
{
    private readonly ConcurrentBag<Finding> _findings = [];
    private readonly ConcurrentBag<string> _internalErrors = [];
    private readonly GuardsPolicy _policy;

    public FindingSink(GuardsPolicy policy) => _policy = policy;

    public IReadOnlyCollection<Finding> Findings => _findings;
    public IReadOnlyCollection<string> InternalErrors => _internalErrors;

    public void Add(RuleSettings rule, string path, SourceSpan span, string matchedText, string message)
    {
        if (!rule.Enabled) return;
        _findings.Add(new Finding(rule.Id, rule.Severity, path, span, message, matchedText));
    }

    /// <summary>An engine diagnostic (UCG0001–UCG0003) by id; dropped when the policy disables it.</summary>
    public void AddEngine(string ruleId, string path, SourceSpan span, string message)
    {
        var rule = _policy.Rule(ruleId);
        if (rule is null || !rule.Enabled) return;
        _findings.Add(new Finding(ruleId, rule.Severity, path, span, message, message));
    }

    public void AddInternalError(string message) => _internalErrors.Add(message);
}
