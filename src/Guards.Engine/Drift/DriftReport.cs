using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Drift;

/// <summary>One side of a drift comparison: the revision as given and the commit it names.</summary>
public sealed record DriftSide(string Ref, string Commit);

/// <summary>A finding introduced (located on the --to side) or resolved (located on the --from side).</summary>
public sealed record DriftFinding(
    string RuleId,
    string RuleName,
    Severity Severity,
    string Path,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    string Message,
    string Fingerprint);

/// <summary>
/// One change of the product surface between the two sides. <see cref="Area"/> is one of
/// <see cref="SurfaceAreas"/>; <see cref="Change"/> says what happened (added, removed, now
/// unknown; gained, lost; appeared, left; changed); <see cref="Subject"/> names the entrypoint,
/// the profile/node/component, the helper or the doc; <see cref="Location"/> is path:line at the
/// side where the subject exists (the --to side unless it is gone).
/// </summary>
public sealed record SurfaceChange(string Area, string Change, string Subject, string? Location, string? Detail = null);

public static class SurfaceAreas
{
    public const string Entrypoint = "entrypoint";
    public const string Component = "component";
    public const string ArchivedHelper = "archived-helper";
    public const string ProfileTable = "profile-table";

    /// <summary>The areas in report order.</summary>
    public static readonly string[] All = [Entrypoint, Component, ArchivedHelper, ProfileTable];
}

/// <summary>
/// Compares the product surface of two scanned trees. The product model (and so its comparer)
/// lives with the rules; the rule catalog finds the implementation in the rules assembly.
/// </summary>
public interface ISurfaceComparer
{
    IReadOnlyList<SurfaceChange> Compare(ScanResult from, ScanResult to);
}

/// <summary>Introduced and resolved counts of one rule.</summary>
public sealed record RuleDrift(string RuleId, string RuleName, Severity Severity, int Introduced, int Resolved);

/// <summary>
/// What changed in the supported surface between two revisions: findings introduced and resolved
/// (matched by fingerprint, renames followed) and, when the surface manifest is available, the
/// product surface itself. Rendered by <see cref="DriftMarkdownWriter"/> and <see cref="DriftJsonWriter"/>.
/// </summary>
public sealed class DriftReport
{
    public required DriftSide From { get; init; }
    public required DriftSide To { get; init; }
    /// <summary>Sorted by path, line, column, rule id.</summary>
    public required IReadOnlyList<DriftFinding> Introduced { get; init; }
    /// <summary>Sorted by path, line, column, rule id (locations on the --from side).</summary>
    public required IReadOnlyList<DriftFinding> Resolved { get; init; }
    /// <summary>Files renamed between the two sides (new path → old path), sorted by new path.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Renames { get; init; } = [];

    /// <summary>
    /// Changes of the product surface, sorted by area (in <see cref="SurfaceAreas.All"/> order),
    /// subject and change; null when no surface comparer was given.
    /// </summary>
    public IReadOnlyList<SurfaceChange>? Surface { get; init; }

    /// <summary>
    /// The inline suppressions added and removed between the two sides; ages are counted as of the
    /// --to commit's date, so the report stays the same whenever it is made.
    /// </summary>
    public SuppressionChanges Suppressions { get; init; } = SuppressionChanges.None;

    /// <summary>The date suppression ages are counted to: the --to commit's committer date.</summary>
    public DateTimeOffset SuppressionsAsOf { get; init; }

    /// <summary>Rules with any change, by id.</summary>
    public IReadOnlyList<RuleDrift> ByRule =>
        Introduced.Select(f => (f.RuleId, f.RuleName, f.Severity)).Concat(Resolved.Select(f => (f.RuleId, f.RuleName, f.Severity)))
            .DistinctBy(r => r.RuleId)
            .OrderBy(r => r.RuleId, StringComparer.Ordinal)
            .Select(r => new RuleDrift(r.RuleId, r.RuleName, r.Severity,
                Introduced.Count(f => f.RuleId == r.RuleId), Resolved.Count(f => f.RuleId == r.RuleId)))
            .ToList();

    /// <summary>True when the drift adds a finding of error severity (exit code 1).</summary>
    public bool AddsErrors => Introduced.Any(f => f.Severity == Severity.Error);
}
