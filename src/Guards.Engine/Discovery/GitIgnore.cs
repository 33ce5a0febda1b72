using System.Text;
using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// .gitignore rules for folders that are not git repositories: patterns, '!' negation, trailing
/// '/' for folders, leading or inner '/' anchoring to the file's folder, '**'. Inside a repository
/// libgit2 decides instead.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<(string BaseDir, Regex Pattern, bool Negated, bool DirectoryOnly)> _rules = [];

    public void AddFile(string baseDir, string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            line = line.TrimEnd(' ');
            var negated = line.StartsWith('!');
            if (negated) line = line[1..];
            if (line.StartsWith("\\#") || line.StartsWith("\\!")) line = line[1..];
            var directoryOnly = line.EndsWith('/');
            if (directoryOnly) line = line.TrimEnd('/');
            if (line.Length == 0) continue;
            var anchored = line.Contains('/');
            if (line.StartsWith('/')) line = line[1..];
            var body = Translate(line);
            var regex = anchored ? "^" + body + "$" : "^(?:.*/)?" + body + "$";
            // Backtracking is bounded here (segment-wise pieces, see Policy.Glob) and far cheaper to build
            // than a NonBacktracking automaton, which a walk would pay for every pattern of every .gitignore.
            _rules.Add((baseDir, new Regex(regex, RegexOptions.CultureInvariant, MatchTimeout), negated, directoryOnly));
        }
    }

    /// <summary>Decides a path relative to the walk root; later rules win, as in git.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        var ignored = false;
        foreach (var (baseDir, pattern, negated, directoryOnly) in _rules)
        {
            if (directoryOnly && !isDirectory) continue;
            string local;
            if (baseDir.Length == 0) local = relativePath;
            else if (relativePath.Length > baseDir.Length && relativePath[baseDir.Length] == '/' && relativePath.StartsWith(baseDir, StringComparison.Ordinal))
                local = relativePath[(baseDir.Length + 1)..];
            else continue;
            bool matches;
            // A hostile .gitignore in the scanned tree cannot stall the walk: a pattern that runs
            // out of time counts as not matching, so the file is scanned rather than hidden.
            try { matches = pattern.IsMatch(local); }
            catch (RegexMatchTimeoutException) { matches = false; }
            if (matches) ignored = !negated;
        }
        return ignored;
    }

    private static string Translate(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                if (i + 2 < glob.Length && glob[i + 2] == '/') { sb.Append("(?:.*/)?"); i += 2; }
                else { sb.Append(".*"); i++; }
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '[')
            {
                var end = glob.IndexOf(']', i + 1);
                if (end < 0) { sb.Append("\\["); continue; }
                var set = glob[(i + 1)..end].Replace("\\", "\\\\");
                if (set.StartsWith('!')) set = "^" + set[1..];
                sb.Append('[').Append(set).Append(']');
                i = end;
            }
            else if (c == '\\' && i + 1 < glob.Length) { sb.Append(Regex.Escape(glob[i + 1].ToString())); i++; }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
