using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// The one way to check and compile a regular expression that comes from policy or configuration
/// data (a marker pattern): linear-time matching (<see cref="RegexOptions.NonBacktracking"/>, so no
/// pattern can backtrack catastrophically), culture-invariant, and a match timeout as a second
/// fence. The load-time check accepts exactly the patterns that engine runs; anything it refuses
/// (backreferences, lookarounds, atomic groups, conditionals, balancing groups, <c>\G</c>, an
/// automaton over its size limit such as <c>a{20000}</c>) or that does not parse is a
/// <see cref="PolicyException"/> naming the file, line and column of the pattern.
/// </summary>
public static class PolicyRegex
{
    /// <summary>How long one match may take before the engine gives the file up for that rule (UCG0001).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public const RegexOptions SafeOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>
    /// Patterns up to this length without a counted repetition stay far below the linear engine's
    /// automaton limit (10,000 nodes; a pattern without <c>{n}</c> costs about one node a
    /// character), so the size never needs the engine's own verdict.
    /// </summary>
    private const int VouchedLength = 2000;

    /// <summary>
    /// Checks at policy load that <paramref name="pattern"/> parses, that the linear matcher runs it,
    /// and that it can stand inside a group of a larger pattern (rules combine several). The cheap
    /// path: the interpreter parses the same syntax in microseconds, and a pattern made only of
    /// constructs the linear matcher always runs needs nothing more. Any other pattern is built by the
    /// linear matcher itself (about 100 ms the first time in a process), so the verdict is the
    /// engine's own and a pattern that loads always runs.
    /// </summary>
    public static void Validate(string pattern, PolicyNode where)
    {
        if (Refusal(pattern) is { } reason) throw new PolicyException(where, reason);
    }

    /// <summary>Why the linear matcher would not run <paramref name="pattern"/> as a policy pattern, or null when it would.</summary>
    public static string? Refusal(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            return $"invalid pattern '{pattern}': {ex.Message}";
        }
        try
        {
            // A pattern that ends inside an (?x) comment or closes a group it did not open parses
            // alone and breaks the pattern a rule builds around it.
            _ = new Regex("(?:" + pattern + ")", RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            return $"pattern '{pattern}' cannot stand inside a group ({ex.Message}); an (?x) comment runs to the end of the line: "
                + "end it with a newline or write it as (?#...)";
        }
        if (IsVouched(pattern)) return null;
        try
        {
            _ = new Regex(pattern, SafeOptions, MatchTimeout);
            return null;
        }
        catch (NotSupportedException ex)
        {
            return $"pattern '{pattern}' cannot run in linear time: {ex.Message} (backreferences, lookarounds, atomic groups, conditionals, "
                + "balancing groups, \\G and very large repetition counts are not allowed in policy patterns)";
        }
        catch (ArgumentException ex)
        {
            return $"invalid pattern '{pattern}': {ex.Message}";
        }
    }

    /// <summary><see cref="Validate"/>, then the linear-time regex itself.</summary>
    public static Regex Compile(string pattern, PolicyNode where, RegexOptions extra = RegexOptions.None)
    {
        Validate(pattern, where);
        try
        {
            return new Regex(pattern, SafeOptions | extra, MatchTimeout);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            throw new PolicyException(where, $"pattern '{pattern}' cannot run in linear time: {ex.Message}");
        }
    }

    /// <summary>
    /// True for a pattern (that parses) built only of constructs the linear matcher always runs:
    /// no escape that names a group or a position (<c>\1</c>, <c>\k</c>, <c>\G</c>), no group
    /// construct but <c>(?:</c>, a named group and inline options without <c>x</c>, no counted
    /// repetition, and short. It never vouches for a pattern the matcher refuses; a pattern it does
    /// not vouch for is decided by the matcher.
    /// </summary>
    internal static bool IsVouched(string pattern)
    {
        if (pattern.Length > VouchedLength) return false;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length) return false;
                var next = pattern[++i];
                // \p{..} and \P{..} carry braces; a backreference, \k<name> or \G name a group or position.
                if (next is 'p' or 'P' or 'k' or 'G' or (>= '0' and <= '9')) return false;
            }
            else if (inClass)
            {
                if (c == ']') inClass = false;
            }
            else if (c == '[')
            {
                inClass = true;
                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++;
            }
            else if (c == '{')
            {
                return false;
            }
            else if (c == '(' && i + 1 < pattern.Length && pattern[i + 1] == '?')
            {
                if (!IsPlainGroupConstruct(pattern.AsSpan(i + 2))) return false;
            }
        }
        return true;
    }

    /// <summary>After "(?": a non-capturing group, a named group without balancing, or inline options other than x.</summary>
    private static bool IsPlainGroupConstruct(ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith(":")) return true;
        if ((rest.StartsWith("<") || rest.StartsWith("'")) && rest.Length > 1 && (char.IsLetter(rest[1]) || rest[1] == '_'))
        {
            var close = rest[0] == '<' ? '>' : '\'';
            var end = rest.IndexOf(close);
            return end > 0 && !rest[1..end].Contains('-');
        }
        var j = 0;
        while (j < rest.Length && rest[j] is 'i' or 'm' or 'n' or 's' or '-') j++;
        return j > 0 && j < rest.Length && rest[j] is ':' or ')';
    }
}
