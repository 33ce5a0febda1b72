using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// .gitignore rules for folders that are not git repositories: patterns, '!' negation, trailing
/// '/' for folders, leading or inner '/' anchoring to the file's folder, '**'. Inside a repository
/// libgit2 decides instead.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<(string BaseDir, GlobAutomaton Pattern, bool Negated, bool DirectoryOnly)> _rules = [];

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
            // git's patterns have no brace alternatives; an unanchored one matches at any depth.
            _rules.Add((baseDir, GlobAutomaton.Compile(anchored ? line : "**/" + line, braces: false), negated, directoryOnly));
        }
    }

    /// <summary>Decides a path relative to the walk root; later rules win, as in git.</summary>
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
            if (pattern.IsMatch(local)) ignored = !negated;
        }
        return ignored;
    }
}
