using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>The comparison behind <c>check --baseline FILE</c>.</summary>
internal static class BaselineComparison
{
    /// <summary>
    /// Findings in the baseline become suppressed and unchanged; its entries that matched nothing
    /// and that this scan can speak for are stale, and are added as absent findings (once each,
    /// beside the merge base's).
    /// </summary>
    public static ScanResult Apply(BaselineFile baseline, ScanResult result, string displayName, string scannedPath)
    {
        var applied = baseline.Apply(result.Findings, result.Policy, displayName, Scope(result, scannedPath));
        var absent = result.Absent.ToList();
        absent.AddRange(applied.Absent.Where(a => absent.All(x => x.Fingerprint != a.Fingerprint)));
        absent.Sort(GuardsEngine.CompareFindings);
        return result with
        {
            Findings = applied.Findings,
            Absent = absent,
            StaleBaseline = applied.Stale,
        };
    }

    /// <summary>The baseline entries this scan can speak for: rules that ran, files that were in the scan.</summary>
    private static Func<BaselineEntry, bool> Scope(ScanResult result, string scannedPath)
    {
        var rules = result.RulesRun.ToHashSet(StringComparer.Ordinal);
        if (result.StagedPaths is { } staged) return e => rules.Contains(e.RuleId) && staged.Contains(e.Path);
        var prefix = PathUtil.ToRelative(result.Root, scannedPath);
        if (prefix == "." || prefix.StartsWith("..", StringComparison.Ordinal)) prefix = "";
        return e => rules.Contains(e.RuleId) && (prefix.Length == 0 || e.Path == prefix || e.Path.StartsWith(prefix + "/", StringComparison.Ordinal));
    }
}
