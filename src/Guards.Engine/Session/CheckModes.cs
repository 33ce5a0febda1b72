namespace UltraCloud.Guards.Engine.Session;

/// <summary>How <c>check</c> chooses and filters its findings besides the plain scan.</summary>
public sealed record CheckModes
{
    /// <summary>Scan the index (pre-commit) instead of the work tree.</summary>
    public bool Staged { get; init; }
    /// <summary>With <see cref="Staged"/>: the index file to read instead of the repository's (GIT_INDEX_FILE, as git sets it for hooks).</summary>
    public string? IndexPath { get; init; }
    /// <summary>Report only findings new against the merge base of this revision and HEAD.</summary>
    public string? ChangedSince { get; init; }
    /// <summary>Report only findings not in this baseline file.</summary>
    public string? BaselinePath { get; init; }
    /// <summary>Ask git to describe the repository (SARIF versionControlProvenance); a GitHub Actions run's own description is always used.</summary>
    public bool VersionControl { get; init; } = true;
}
