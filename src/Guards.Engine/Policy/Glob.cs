namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// A path glob over '/'-separated relative paths: <c>**</c> any number of segments, <c>*</c> and
/// <c>?</c> within a segment, <c>[...]</c> one character of a set, <c>{a,b}</c> alternatives.
/// Compiled once to a <see cref="GlobAutomaton"/>, which matches in linear time.
/// </summary>
public sealed class Glob
{
    private readonly GlobAutomaton _automaton;
    private readonly bool _literal;
    private readonly string _required;

    public Glob(string pattern)
    {
        Pattern = pattern;
        _literal = pattern.IndexOfAny(['*', '?', '{', '[', '\\']) < 0;
        LiteralPrefix = ComputeLiteralPrefix(pattern);
        // The prefix is compared as a string; only the rest of the pattern needs the automaton.
        _automaton = GlobAutomaton.Compile(pattern[LiteralPrefix.Length..]);
        _required = RequiredLiteral(pattern[LiteralPrefix.Length..]);
    }

    public string Pattern { get; }

    /// <summary>The leading directory part that has no wildcard, e.g. "nix/test-cluster/" for "nix/test-cluster/**".</summary>
    public string LiteralPrefix { get; }

    public bool IsMatch(string relativePath)
    {
        if (_literal) return string.Equals(relativePath, Pattern, StringComparison.Ordinal);
        if (!relativePath.StartsWith(LiteralPrefix, StringComparison.Ordinal)) return false;
        var rest = relativePath.AsSpan(LiteralPrefix.Length);
        return (_required.Length == 0 || rest.Contains(_required, StringComparison.Ordinal)) && _automaton.IsMatch(rest);
    }

    /// <summary>
    /// The longest run of plain characters that every match must contain: the fast path rejects a
    /// path without it (most paths, for "**/target/**") before the automaton runs. Runs end at any
    /// wildcard or escape; the '/' of "**/" can match nothing, so it starts no run; the scan stops
    /// at the first class or brace group (optional or variable text).
    /// </summary>
    internal static string RequiredLiteral(string pattern)
    {
        var longest = "";
        void Keep(int start, int end)
        {
            if (end - start > longest.Length) longest = pattern[start..end];
        }

        var runStart = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c is not ('*' or '?' or '\\' or '[' or '{'))
            {
                i++;
                continue;
            }
            Keep(runStart, i);
            if (c is '[' or '{') return longest;
            if (c == '\\') i += 2;
            else if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*') i += i + 2 < pattern.Length && pattern[i + 2] == '/' ? 3 : 2;
            else i++;
            runStart = i;
        }
        Keep(runStart, pattern.Length);
        return longest;
    }

    private static string ComputeLiteralPrefix(string pattern)
    {
        var end = pattern.IndexOfAny(['*', '?', '{', '[', '\\']);
        var literal = end < 0 ? pattern : pattern[..end];
        var slash = literal.LastIndexOf('/');
        return slash < 0 ? "" : literal[..(slash + 1)];
    }
}

/// <summary>A named set of paths: included by any include glob and not excluded by any exclude glob.</summary>
public sealed class Scope(string name, IReadOnlyList<Glob> include, IReadOnlyList<Glob> exclude)
{
    public string Name { get; } = name;
    public IReadOnlyList<Glob> Include { get; } = include;
    public IReadOnlyList<Glob> Exclude { get; } = exclude;

    public bool Contains(string relativePath)
    {
        var included = false;
        foreach (var glob in Include)
        {
            if (glob.IsMatch(relativePath)) { included = true; break; }
        }
        if (!included) return false;
        foreach (var glob in Exclude)
        {
            if (glob.IsMatch(relativePath)) return false;
        }
        return true;
    }
}
