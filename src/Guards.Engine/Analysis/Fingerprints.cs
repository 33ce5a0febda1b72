using System.Security.Cryptography;
using System.Text;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// Line-independent identities for findings, as Semgrep's baselines do: rule, path, the matched
/// text with whitespace collapsed, and the occurrence index among equal matches in the file. A
/// finding keeps its fingerprint when lines move or other code changes.
/// </summary>
public static class Fingerprints
{
    public static string Normalize(string matchedText)
    {
        var sb = new StringBuilder(matchedText.Length);
        var space = false;
        foreach (var c in matchedText.Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Compute(string ruleId, string path, string normalizedText, int occurrence)
    {
        var input = $"{ruleId}\n{path}\n{normalizedText}\n{occurrence}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..32];
    }

    /// <summary>Assigns fingerprints to findings sorted in document order.</summary>
    public static IReadOnlyList<Finding> Assign(IReadOnlyList<Finding> sorted, Func<Finding, string>? pathFor = null)
    {
        var counts = new Dictionary<(string, string, string), int>();
        var result = new List<Finding>(sorted.Count);
        foreach (var finding in sorted)
        {
            var path = pathFor?.Invoke(finding) ?? finding.Path;
            var normalized = Normalize(finding.MatchedText);
            var key = (finding.RuleId, path, normalized);
            counts.TryGetValue(key, out var occurrence);
            counts[key] = occurrence + 1;
            result.Add(finding with { Fingerprint = Compute(finding.RuleId, path, normalized, occurrence) });
        }
        return result;
    }
}
