using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Fixes;

/// <summary>Replaces the chars [<see cref="Start"/>, <see cref="End"/>) of a file's text with <see cref="NewText"/>.</summary>
public sealed record TextEdit(int Start, int End, string NewText, string Description);

/// <summary>What a rule's fix sees of one file: its text and the rule's unsuppressed findings in it.</summary>
public sealed record FixContext(SourceText Text, IReadOnlyList<Finding> Findings);

/// <summary>
/// A rule whose findings the policy alone determines how to repair (<c>uc-guards fix</c>): it returns
/// the edits of one file, or none for findings it cannot repair. Called on a configured rule, from
/// one thread; the edits of one call must not overlap.
/// </summary>
public interface IFixableRule
{
    string Id { get; }

    IReadOnlyList<TextEdit> Fix(FixContext context);
}

public static class TextEdits
{
    /// <summary>
    /// The text with the edits applied (sorted by position; an edit that overlaps an earlier one is
    /// left out and returned in <paramref name="skipped"/>).
    /// </summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits, out IReadOnlyList<TextEdit> applied, out IReadOnlyList<TextEdit> skipped)
    {
        var ordered = edits.OrderBy(e => e.Start).ThenBy(e => e.End).ToList();
        var kept = new List<TextEdit>();
        var left = new List<TextEdit>();
        var end = -1;
        foreach (var edit in ordered)
        {
            if (edit.Start < end || edit.Start < 0 || edit.End > text.Length || edit.End < edit.Start) { left.Add(edit); continue; }
            kept.Add(edit);
            end = Math.Max(end, edit.End);
        }
        var result = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var edit in kept)
        {
            result.Append(text, at, edit.Start - at);
            result.Append(edit.NewText);
            at = edit.End;
        }
        result.Append(text, at, text.Length - at);
        applied = kept;
        skipped = left;
        return result.ToString();
    }
}
