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

    /// <summary>
    /// Checks at policy load that <paramref name="pattern"/> parses and that the linear matcher can
    /// run it, without paying for the linear matcher's construction (a rule builds it on first use).
    /// </summary>
    public static void Validate(string pattern, PolicyNode where)
    {
        try
        {
            // The interpreter parses the same syntax and is built in microseconds.
            _ = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new PolicyException(where, $"invalid pattern '{pattern}': {ex.Message}");
        }
        if (NeedsBacktracking(pattern) is { } construct) throw NeedsBacktrackingError(pattern, where, construct);
    }

    /// <summary>The first construct of a pattern that parses which <see cref="RegexOptions.NonBacktracking"/> refuses, or null.</summary>
    public static string? NeedsBacktracking(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (!inClass && (next is >= '1' and <= '9' || next == 'k')) return "a backreference";
                i++;
            }
            else if (inClass) { if (c == ']') inClass = false; }
            else if (c == '[')
            {
                inClass = true;
                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++;
            }
            else if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
            {
                var rest = pattern.AsSpan(i + 2);
                if (rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!")) return "a lookaround";
                if (rest.StartsWith(">")) return "an atomic group";
                if (rest.StartsWith("(")) return "a conditional";
                if ((rest.StartsWith("<") || rest.StartsWith("'")) && rest.IndexOfAny('>', '\'') is var end && end > 0 && rest[1..end].Contains('-')) return "a balancing group";
            }
        }
        return null;
    }

    /// <summary><see cref="Validate"/>, then the linear-time regex itself.</summary>
    public static Regex Compile(string pattern, PolicyNode where, RegexOptions extra = RegexOptions.None)
    {
        Validate(pattern, where);
        try
        {
            return new Regex(pattern, SafeOptions | extra, MatchTimeout);
        }
        catch (NotSupportedException ex)
        {
            throw NeedsBacktrackingError(pattern, where, ex.Message);
        }
    }

    private static PolicyException NeedsBacktrackingError(string pattern, PolicyNode where, string what) =>
        new(where, $"pattern '{pattern}' needs backtracking ({what}; backreferences, lookarounds, atomic groups and conditionals are not allowed in policy patterns)");
}
