using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// Inline suppressions applied to the findings of one file at a time, as a scan applies them: the
/// findings a directive covers are marked suppressed, and bad directives become UCG0002 findings.
/// A caller that merges the findings of several scans of one policy (an editor's file-rule and
/// repository-rule runs) resolves each file once over their union.
/// </summary>
public sealed class SuppressionResolver
{
    private readonly HashSet<string> _known;
    private readonly HashSet<string> _ran;
    private readonly RuleSettings? _badSuppression;

    /// <param name="rulesRun">The rules whose findings are in play: a directive for one of them that suppresses nothing is reported.</param>
    public SuppressionResolver(GuardsPolicy policy, IEnumerable<string> rulesRun)
    {
        _known = policy.Rules.Keys.ToHashSet(StringComparer.Ordinal);
        _ran = rulesRun.ToHashSet(StringComparer.Ordinal);
        _badSuppression = policy.Rule("UCG0002");
    }

    /// <summary>
    /// The findings of <paramref name="text"/>'s file (duplicates removed, suppressed ones marked) and
    /// the UCG0002 findings of its directives, unsorted.
    /// </summary>
    public List<Finding> Resolve(SourceText text, IEnumerable<Finding> findings)
    {
        var list = findings.Distinct().ToList();
        list.AddRange(Suppressions.Apply(text, list, _known, _ran, (span, message) =>
            _badSuppression is { Enabled: true } ? new Finding("UCG0002", _badSuppression.Severity, text.Path, span, message, message) : null));
        return list;
    }
}
