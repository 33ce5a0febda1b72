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

    private readonly ConcurrentDictionary<(string Path, SourceSpan Span, string Reason), ConcurrentDictionary<string, byte>> _undecided = new();

    /// <summary>Every finding; undecided questions come as one UCG0003 per root cause.</summary>
    public IReadOnlyCollection<Finding> Findings => _undecided.IsEmpty ? _findings : [.. _findings, .. UndecidedFindings()];
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

    /// <summary>A question that cannot be decided because of a root cause (a place and a reason).</summary>
    public void AddUndecided(string path, SourceSpan span, string question, string reason)
    {
        var rule = _policy.Rule("UCG0003");
        if (rule is null || !rule.Enabled) return;
        _undecided.GetOrAdd((path, span, reason), _ => new(StringComparer.Ordinal)).TryAdd(question, 0);
    }

    private const int MaxQuestionsNamed = 8;

    private IEnumerable<Finding> UndecidedFindings()
    {
        var rule = _policy.Rule("UCG0003")!;
        foreach (var ((path, span, reason), set) in _undecided)
        {
            var questions = set.Keys.Order(StringComparer.Ordinal).ToList();
            var message = questions.Count == 1
                ? $"{questions[0]} is not known statically: {reason}"
                : $"not known statically: {reason}; {questions.Count} questions depend on it: "
                  + string.Join("; ", questions.Take(MaxQuestionsNamed))
                  + (questions.Count > MaxQuestionsNamed ? $"; and {questions.Count - MaxQuestionsNamed} more" : "");
            yield return new Finding("UCG0003", rule.Severity, path, span, message, $"not known statically: {reason}");
        }
    }
}
