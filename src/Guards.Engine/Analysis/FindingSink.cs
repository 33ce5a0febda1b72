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

    private readonly ConcurrentDictionary<(string Path, SourceSpan Span, string Reason), Undecided> _undecided = new();

    /// <summary>Every finding; undecided questions come as one UCG0003 per root cause.</summary>
    public IReadOnlyCollection<Finding> Findings => _undecided.IsEmpty ? _findings : [.. _findings, .. _undecided.Select(kv => UndecidedFinding(kv.Key, kv.Value))];

    /// <summary>How many findings so far (for progress), without building them.</summary>
    public int Count => _findings.Count + _undecided.Count;
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
    public IReadOnlyDictionary<string, IReadOnlyList<Finding>> ReportedBy()
    {
        var byReporter = _byReporter.ToDictionary(kv => kv.Key, kv => kv.Value.Distinct().ToList(), StringComparer.Ordinal);
        foreach (var (key, undecided) in _undecided)
        {
            var finding = UndecidedFinding(key, undecided);
            foreach (var reporter in undecided.Reporters.Keys)
            {
                if (!byReporter.TryGetValue(reporter, out var list)) byReporter[reporter] = list = [];
                list.Add(finding);
            }
        }
        return byReporter.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Finding>)kv.Value, StringComparer.Ordinal);
    }

    /// <summary>A question that cannot be decided because of a root cause (a place and a reason).</summary>
    public void AddUndecided(string path, SourceSpan span, string question, string reason, string? reportedBy = null)
    {
        var rule = _policy.Rule("UCG0003");
        if (rule is null || !rule.Enabled) return;
        var undecided = _undecided.GetOrAdd((path, span, reason), _ => new Undecided());
        undecided.Questions.TryAdd(question, 0);
        if (reportedBy is not null) undecided.Reporters.TryAdd(reportedBy, 0);
    }

    private sealed class Undecided
    {
        public ConcurrentDictionary<string, byte> Questions { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, byte> Reporters { get; } = new(StringComparer.Ordinal);
    }

    private const int MaxQuestionsNamed = 8;

    /// <summary>One UCG0003 for a root cause, naming the questions that depend on it (sorted: the same at any parallelism).</summary>
    private Finding UndecidedFinding((string Path, SourceSpan Span, string Reason) cause, Undecided undecided)
    {
        var rule = _policy.Rule("UCG0003")!;
        var questions = undecided.Questions.Keys.Order(StringComparer.Ordinal).ToList();
        var message = questions.Count == 1
            ? $"{questions[0]} is not known statically: {cause.Reason}"
            : $"not known statically: {cause.Reason}; {questions.Count} questions depend on it: "
              + string.Join("; ", questions.Take(MaxQuestionsNamed))
              + (questions.Count > MaxQuestionsNamed ? $"; and {questions.Count - MaxQuestionsNamed} more" : "");
        return new Finding("UCG0003", rule.Severity, cause.Path, cause.Span, message, $"not known statically: {cause.Reason}");
    }

    private void Keep(Finding finding, string? reportedBy)
    {
        _findings.Add(finding);
        if (reportedBy is not null) _byReporter.GetOrAdd(reportedBy, _ => []).Add(finding);
    }
}
