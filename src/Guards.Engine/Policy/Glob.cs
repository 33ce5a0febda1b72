using System.Text;
using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// A path glob over '/'-separated relative paths: <c>**</c> any number of segments, <c>*</c> and
/// <c>?</c> within a segment, <c>{a,b}</c> alternatives. Translated once to an anchored regex.
/// The translation only emits segment-bounded pieces (<c>[^/]*</c>, <c>(?:[^/]*/)*</c>, <c>.*</c>), so
/// the backtracking interpreter matches a path in time polynomial in its length; it is used rather
/// than RegexOptions.NonBacktracking, whose construction (symbolic automata, per glob, at every
/// start-up) cost more than the rest of a pre-commit scan.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    public Glob(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex("^" + Translate(pattern) + "$", RegexOptions.CultureInvariant, PolicyRegex.MatchTimeout);
        LiteralPrefix = ComputeLiteralPrefix(pattern);
    }

    public string Pattern { get; }

    /// <summary>The leading directory part that has no wildcard, e.g. "nix/test-cluster/" for "nix/test-cluster/**".</summary>
    public string LiteralPrefix { get; }

    public bool IsMatch(string relativePath) => _regex.IsMatch(relativePath);

    private static string ComputeLiteralPrefix(string pattern)
    {
        var end = pattern.IndexOfAny(['*', '?', '{', '[']);
        var literal = end < 0 ? pattern : pattern[..end];
        var slash = literal.LastIndexOf('/');
        return slash < 0 ? "" : literal[..(slash + 1)];
    }

    private static string Translate(string pattern)
    {
        var sb = new StringBuilder();
        var braceDepth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    var atSegmentStart = i == 0 || pattern[i - 1] == '/';
                    var followedBySlash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    if (atSegmentStart && followedBySlash)
                    {
                        sb.Append("(?:[^/]*/)*");
                        i += 2;
                    }
                    else
                    {
                        sb.Append(".*");
                        i += 1;
                    }
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '{':
                    braceDepth++;
                    sb.Append("(?:");
                    break;
                case '}' when braceDepth > 0:
                    braceDepth--;
                    sb.Append(')');
                    break;
                case ',' when braceDepth > 0:
                    sb.Append('|');
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (braceDepth != 0) throw new ArgumentException($"unbalanced braces in glob '{pattern}'");
        return sb.ToString();
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
