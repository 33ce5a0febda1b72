using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Baselines;

/// <summary>
/// Matches the findings of a current scan against an earlier one (a merge base, a release, a
/// baseline file) by fingerprint: rule, path, normalised matched text and occurrence index, so a
/// finding keeps its identity when lines move or other code changes. A file renamed since the
/// earlier side is compared under its earlier path.
/// </summary>
public static class FindingComparison
{
    public const string New = "new";
    public const string Unchanged = "unchanged";
    public const string Absent = "absent";

    /// <summary>
    /// The fingerprint each current finding would have had at its earlier path. The list must be
    /// the whole, sorted finding list of one scan (occurrence indices count over it).
    /// </summary>
    public static IReadOnlyList<string> FingerprintsAtEarlierPaths(IReadOnlyList<Finding> current, IReadOnlyDictionary<string, string> currentToEarlierPath)
    {
        if (currentToEarlierPath.Count == 0) return current.Select(f => f.Fingerprint).ToList();
        return Fingerprints.Assign(current, f => currentToEarlierPath.GetValueOrDefault(f.Path, f.Path)).Select(f => f.Fingerprint).ToList();
    }

    /// <summary>The outcome of one comparison.</summary>
    public sealed record Outcome(
        IReadOnlyList<Finding> Current,
        IReadOnlyList<Finding> Introduced,
        IReadOnlyList<Finding> Absent);

    /// <summary>
    /// Marks every current finding new or unchanged (unchanged ones that are not already suppressed
    /// get a suppression of kind "baseline" with <paramref name="unchangedReason"/> when it is given)
    /// and lists the earlier side's active findings that no longer exist, marked absent.
    /// </summary>
    public static Outcome Compare(
        IReadOnlyList<Finding> current,
        IReadOnlyList<Finding> earlier,
        IReadOnlyDictionary<string, string> currentToEarlierPath,
        string? unchangedReason)
    {
        var earlierFingerprints = earlier.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var mapped = FingerprintsAtEarlierPaths(current, currentToEarlierPath);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var marked = new List<Finding>(current.Count);
        var introduced = new List<Finding>();
        for (var i = 0; i < current.Count; i++)
        {
            var finding = current[i];
            if (earlierFingerprints.Contains(mapped[i]))
            {
                seen.Add(mapped[i]);
                marked.Add(finding with
                {
                    BaselineState = Unchanged,
                    Suppression = finding.Suppression ?? (unchangedReason is null ? null : new Suppression("baseline", unchangedReason)),
                });
            }
            else
            {
                var fresh = finding with { BaselineState = New };
                marked.Add(fresh);
                if (!fresh.IsSuppressed) introduced.Add(fresh);
            }
        }
        var absent = earlier.Where(f => !f.IsSuppressed && !seen.Contains(f.Fingerprint))
            .Select(f => f with { BaselineState = Absent })
            .ToList();
        return new Outcome(marked, introduced, absent);
    }
}
