using UltraCloud.Guards.Engine.Baselines;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>The comparison behind <c>check --baseline FILE</c>.</summary>
internal static class BaselineComparison
{
    /// <summary>
    /// Findings in the baseline become suppressed and unchanged; its entries that matched nothing
    /// and that this scan can speak for are stale, and are added as absent findings (once each,
    /// beside the merge base's).
    /// </summary>
    public static ScanResult Apply(BaselineFile baseline, ScanResult result, string displayName, Func<string, bool> isWithin)
    {
        var applied = baseline.Apply(result.Findings, result.Policy, displayName, Scope(result, isWithin));
        var absent = result.Absent.ToList();
        var known = absent.Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        absent.AddRange(applied.Absent.Where(a => known.Add(a.Fingerprint)));
        absent.Sort(GuardsEngine.CompareFindings);
        return result with
        {
            Findings = applied.Findings,
            Absent = absent,
            StaleBaseline = applied.Stale,
        };
    }

    /// <summary>The baseline entries this scan can speak for: rules that ran, files that were in the scan.</summary>
    private static Func<BaselineEntry, bool> Scope(ScanResult result, Func<string, bool> isWithin)
    {
        var rules = result.RulesRun.ToHashSet(StringComparer.Ordinal);
        if (result.StagedPaths is { } staged) return e => rules.Contains(e.RuleId) && staged.Contains(e.Path);
        return e => rules.Contains(e.RuleId) && isWithin(e.Path);
    }
}
