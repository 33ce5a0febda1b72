using System.Text;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Fixes;

/// <summary>One file a fix rewrites: its text before and after, and what was done, by rule.</summary>
public sealed record FileFix(string Path, string Before, string After, IReadOnlyList<(string RuleId, string Description)> Changes);

/// <summary>
/// What <c>uc-guards fix</c> does: the files it rewrites (sorted by path), the rules it fixed, and
/// the findings of those rules that remain in the fixed tree (the ones no fix can decide).
/// </summary>
public sealed record FixPlan(IReadOnlyList<FileFix> Files, IReadOnlyList<string> Rules, IReadOnlyList<Finding> Remaining)
{
    /// <summary>Faults of the tool in any scan of the fix (a rule that crashed): a plan with any is not to be written.</summary>
    public IReadOnlyList<string> InternalErrors { get; init; } = [];

    public bool ChangesAnything => Files.Count > 0;

    /// <summary>The plan as a unified diff (<c>--- a/PATH</c>, <c>+++ b/PATH</c>, three lines of context).</summary>
    public string Diff()
    {
        var diff = new StringBuilder();
        foreach (var file in Files) diff.Append(UnifiedDiff.Of(file.Path, file.Before, file.After));
        return diff.ToString();
    }
}
