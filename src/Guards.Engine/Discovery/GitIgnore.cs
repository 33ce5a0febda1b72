using System.Text;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// A set of ignore files answering whether a path is ignored, as git decides: a path inside an
/// ignored folder is ignored; otherwise the deepest file with a matching pattern decides, and
/// within a file the last matching pattern (see <see cref="IgnorePatterns"/>). The working tree's
/// walk keeps its own chain of files per folder; this is the same decision for a single path.
/// </summary>
public sealed class GitIgnore
{
    private readonly List<IgnorePatterns> _files = [];

    /// <summary>Adds an ignore file applying to <paramref name="baseDir"/> ("" for the top); files are consulted latest first.</summary>
    public void AddFile(string baseDir, string text) => AddFile(baseDir, Encoding.UTF8.GetBytes(text));

    public void AddFile(string baseDir, ReadOnlySpan<byte> content) =>
        _files.Add(IgnorePatterns.Parse(Latin1(baseDir.Trim('/')), content));

    /// <summary>Decides a path relative to the top: true when it, or a folder holding it, is ignored.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        var path = Latin1(relativePath);
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (Decide(path[..slash], isDirectory: true)) return true;
        }
        return Decide(path, isDirectory);
    }

    private bool Decide(string path, bool isDirectory)
    {
        for (var i = _files.Count - 1; i >= 0; i--)
        {
            if (_files[i].Decide(path, isDirectory) is { } verdict) return verdict;
        }
        return false;
    }

    /// <summary>A path's UTF-8 bytes carried one per char, the form ignore patterns are matched in.</summary>
    internal static string Latin1(string path) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(path));
}
