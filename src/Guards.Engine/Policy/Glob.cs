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

    /// <summary>
    /// The globs a configuration entry stands for. Paths are '/'-separated and relative to the
    /// repository root. An entry without wildcards names a file or a folder, as a path on the command
    /// line or a git pathspec does: <c>srv/src</c> matches that path and everything beneath it. An
    /// entry ending in '/' names a folder: <c>srv/*/</c> matches everything beneath such folders.
    /// </summary>
    public static IReadOnlyList<Glob> ForPathEntry(string pattern)
    {
        if (pattern.EndsWith('/')) return [new Glob(pattern + "**")];
        return pattern.IndexOfAny(Wildcards) < 0 ? [new Glob(pattern), new Glob(pattern + "/**")] : [new Glob(pattern)];
    }

    private static readonly char[] Wildcards = ['*', '?', '{', '[', '\\'];

    /// <summary>
    /// Why a configuration glob can never match a repository-relative path, with how to write it, or
    /// null when it can: a leading <c>./</c> or <c>/</c>, a drive letter, a <c>..</c> or <c>.</c>
    /// segment, an empty segment, or '\' used as a path separator ('\' escapes the next character).
    /// </summary>
    public static string? WhyItNeverMatches(string pattern)
    {
        if (pattern.Length == 0) return "an empty glob matches nothing";
        if (pattern.Contains('\\'))
        {
            for (var i = 0; i + 1 < pattern.Length; i++)
            {
                if (pattern[i] != '\\') continue;
                var next = pattern[i + 1];
                if (char.IsLetterOrDigit(next) || next is '-' or '_' or '/')
                    return $"'\\' escapes the next character in a glob and is no path separator (paths are '/'-separated): write '{Normalise(pattern.Replace('\\', '/'))}'";
                i++;
            }
        }
        if (pattern.Length >= 2 && char.IsAsciiLetter(pattern[0]) && pattern[1] == ':')
            return "paths are relative to the repository root, never absolute: name the path from the root, such as 'srv/src/**/*.rs'";
        if (pattern.StartsWith('/'))
            return $"paths are relative to the repository root, never absolute: write '{Normalise(pattern)}'";
        if (pattern.StartsWith("./", StringComparison.Ordinal))
            return $"paths are relative to the repository root and never start with './': write '{Normalise(pattern)}'";
        var segments = pattern.TrimEnd('/').Split('/');
        if (segments.Contains(".."))
            return "a '..' segment never appears in a repository-relative path: name the path from the repository root";
        if (segments.Contains("."))
            return $"a '.' segment never appears in a repository-relative path: write '{Normalise(pattern)}'";
        if (segments.Contains(""))
            return $"an empty segment ('//') never appears in a repository-relative path: write '{Normalise(pattern)}'";
        return null;
    }

    private static string Normalise(string pattern)
    {
        var folder = pattern.EndsWith('/');
        var parts = pattern.Split('/').Where(p => p is not ("" or ".")).ToList();
        var joined = string.Join('/', parts);
        return folder && joined.Length > 0 ? joined + "/" : joined;
    }

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
    /// path without it (most paths, for "**/target/**" or "{a,b}/crates/{a,b}-server/**") before the
    /// automaton runs. Runs end at any wildcard, escape, class or brace group; the '/' of "**/" can
    /// match nothing, so it starts no run. A class or a balanced brace group is one piece of the
    /// path, so the text after it is required as well; where a group's extent is unclear (an
    /// escape or a class inside it, no closing brace) the scan stops.
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
            if (c == '[')
            {
                if (GlobAutomaton.ClassEnd(pattern, i) is not (> 0 and var close)) return longest;
                i = close + 1;
            }
            else if (c == '{')
            {
                if (BraceGroupEnd(pattern, i) is not (> 0 and var close)) return longest;
                i = close + 1;
            }
            else if (c == '\\') i += 2;
            else if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*') i += i + 2 < pattern.Length && pattern[i + 2] == '/' ? 3 : 2;
            else i++;
            runStart = i;
        }
        Keep(runStart, pattern.Length);
        return longest;
    }

    /// <summary>The '}' closing the group opened at <paramref name="open"/>, nested groups included; -1 when it has none or holds an escape or a class.</summary>
    private static int BraceGroupEnd(string pattern, int open)
    {
        var depth = 0;
        for (var i = open + 1; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\' or '[': return -1;
                case '{': depth++; break;
                case '}' when depth == 0: return i;
                case '}': depth--; break;
            }
        }
        return -1;
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
        // Indexed loops: a foreach over the interface would allocate an enumerator on every call.
        var included = false;
        for (var i = 0; i < Include.Count && !included; i++) included = Include[i].IsMatch(relativePath);
        if (!included) return false;
        for (var i = 0; i < Exclude.Count; i++)
        {
            if (Exclude[i].IsMatch(relativePath)) return false;
        }
        return true;
    }
}
