using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// The one way to compile a regular expression that comes from policy or configuration data (a
/// marker pattern, a wording entry): linear-time matching (<see cref="RegexOptions.NonBacktracking"/>,
/// so no pattern can backtrack catastrophically), culture-invariant, and a match timeout as a
/// second fence. A pattern the linear matcher cannot run (backreferences, lookarounds, atomic
/// groups) or that does not parse is a <see cref="PolicyException"/> naming the file and line.
/// </summary>
public static class PolicyRegex
{
    /// <summary>How long one match may take before the engine gives the file up for that rule (UCG0001).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public const RegexOptions SafeOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    public static Regex Compile(string pattern, PolicyNode where, RegexOptions extra = RegexOptions.None)
    {
        try
        {
            return new Regex(pattern, SafeOptions | extra, MatchTimeout);
        }
        catch (NotSupportedException ex)
        {
            throw new PolicyException(where, $"pattern '{pattern}' needs backtracking (backreferences, lookarounds or atomic groups are not allowed in policy patterns): {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw new PolicyException(where, $"invalid pattern '{pattern}': {ex.Message}");
        }
    }
}
