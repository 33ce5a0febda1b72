using System.Text;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// The patterns of one ignore file (a <c>.gitignore</c>, <c>.git/info/exclude</c> or
/// <c>core.excludesFile</c>), parsed as git parses them: a UTF-8 byte-order mark skipped, lines
/// split at '\n' (a '\r' before it dropped), '#' comments, trailing spaces trimmed unless escaped,
/// '!' negation, one trailing '/' for folders only, a pattern without an inner '/' matched against
/// the name alone at any depth, any other against the path below the file's folder. Paths and
/// patterns are bytes, carried in chars 0-255, as git compares them.
/// <para>
/// Which pattern decides is found without trying the patterns one by one: exact names and paths
/// and <c>*suffix</c> patterns (the common cases, and what a file of thousands of patterns is
/// mostly made of) are looked up in hash tables; the rest run together in one
/// <see cref="IgnoreAutomaton"/> per kind. The last matching pattern decides, as in git.
/// </para>
/// </summary>
internal sealed class IgnorePatterns
{
    private readonly List<bool> _negated = [];
    private readonly Dictionary<string, Last> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Last> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Last> _suffixes = new(StringComparer.Ordinal);
    private readonly SortedSet<int> _suffixLengths = [];
    private readonly IgnoreAutomaton _nameAutomaton = new();
    private readonly IgnoreAutomaton _pathAutomaton = new();

    /// <summary>The last pattern index of a key applying to folders (any pattern) and to files (not folder-only).</summary>
    private readonly record struct Last(int Any, int File)
    {
        public Last With(int index, bool directoryOnly) => new(index, directoryOnly ? File : index);
        public int For(bool isDirectory) => isDirectory ? Any : File;
    }

    private IgnorePatterns(string baseDirectory) => BaseDirectory = baseDirectory;

    /// <summary>The folder the file applies to, relative to the walk's top ("" at the top), without a trailing '/'.</summary>
    public string BaseDirectory { get; }

    public int Count => _negated.Count;

    private long _lookupWork;

    /// <summary>Operations done so far: bytes hashed for table look-ups and the automata's steps (what a complexity test counts).</summary>
    public long Work => _lookupWork + _nameAutomaton.Work + _pathAutomaton.Work;

    public static IgnorePatterns Parse(string baseDirectory, ReadOnlySpan<byte> content)
    {
        var patterns = new IgnorePatterns(baseDirectory);
        if (content.StartsWith("\xEF\xBB\xBF"u8)) content = content[3..];
        while (content.Length > 0)
        {
            var newline = content.IndexOf((byte)'\n');
            var line = newline < 0 ? content : content[..newline];
            content = newline < 0 ? [] : content[(newline + 1)..];
            if (line.Length == 0 || line[0] == (byte)'#') continue;
            if (newline >= 0 && line[^1] == (byte)'\r') line = line[..^1];
            patterns.Add(Encoding.Latin1.GetString(TrimTrailingSpaces(line)));
        }
        return patterns;
    }

    /// <summary>git's trim_trailing_spaces: the run of spaces at the end goes, unless a backslash escapes its first.</summary>
    private static ReadOnlySpan<byte> TrimTrailingSpaces(ReadOnlySpan<byte> line)
    {
        var lastSpace = -1;
        for (var i = 0; i < line.Length; i++)
        {
            switch (line[i])
            {
                case (byte)' ':
                    if (lastSpace < 0) lastSpace = i;
                    break;
                case (byte)'\\':
                    i++;
                    if (i >= line.Length) return line;
                    lastSpace = -1;
                    break;
                default:
                    lastSpace = -1;
                    break;
            }
        }
        return lastSpace < 0 ? line : line[..lastSpace];
    }

    private void Add(string pattern)
    {
        var index = _negated.Count;
        var negated = pattern.StartsWith('!');
        if (negated) pattern = pattern[1..];
        _negated.Add(negated);
        var directoryOnly = pattern.EndsWith('/');
        if (directoryOnly) pattern = pattern[..^1];
        var nameOnly = !pattern.Contains('/');
        if (!nameOnly && pattern.StartsWith('/')) pattern = pattern[1..];
        var literal = pattern.IndexOfAny(['*', '?', '[', '\\']) < 0;
        if (literal)
        {
            var table = nameOnly ? _names : _paths;
            table[pattern] = (table.TryGetValue(pattern, out var last) ? last : new Last(-1, -1)).With(index, directoryOnly);
        }
        else if (nameOnly && pattern.Length > 1 && pattern[0] == '*' && pattern.AsSpan(1).IndexOfAny(['*', '?', '[', '\\']) < 0)
        {
            var suffix = pattern[1..];
            _suffixes[suffix] = (_suffixes.TryGetValue(suffix, out var last) ? last : new Last(-1, -1)).With(index, directoryOnly);
            _suffixLengths.Add(suffix.Length);
        }
        else
        {
            (nameOnly ? _nameAutomaton : _pathAutomaton).Add(pattern, index, directoryOnly);
        }
    }

    /// <summary>
    /// The verdict of this file on <paramref name="path"/> (relative to the walk's top, bytes in
    /// chars): true ignored, false re-included by a negated pattern, null when no pattern matches.
    /// </summary>
    public bool? Decide(string path, bool isDirectory)
    {
        var relative = path.AsSpan();
        if (BaseDirectory.Length > 0)
        {
            if (path.Length <= BaseDirectory.Length + 1 || path[BaseDirectory.Length] != '/' || !path.StartsWith(BaseDirectory, StringComparison.Ordinal))
                return null;
            relative = relative[(BaseDirectory.Length + 1)..];
        }
        var slash = path.LastIndexOf('/');
        var name = path.AsSpan(slash + 1);
        var best = -1;
        if (_names.Count > 0) _lookupWork += name.Length;
        if (_paths.Count > 0) _lookupWork += relative.Length;
#if NET9_0_OR_GREATER
        if (_names.Count > 0 && _names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var byName)) best = Math.Max(best, byName.For(isDirectory));
        if (_paths.Count > 0 && _paths.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(relative, out var byPath)) best = Math.Max(best, byPath.For(isDirectory));
#else
        // The net8.0 build (the MSBuild task) has no span lookups: the same lookups through strings.
        if (_names.Count > 0 && _names.TryGetValue(name.ToString(), out var byName)) best = Math.Max(best, byName.For(isDirectory));
        if (_paths.Count > 0 && _paths.TryGetValue(relative.ToString(), out var byPath)) best = Math.Max(best, byPath.For(isDirectory));
#endif
        if (_suffixes.Count > 0)
        {
#if NET9_0_OR_GREATER
            var suffixes = _suffixes.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
            foreach (var length in _suffixLengths)
            {
                if (length > name.Length) break;
                _lookupWork += length;
#if NET9_0_OR_GREATER
                if (suffixes.TryGetValue(name[^length..], out var bySuffix)) best = Math.Max(best, bySuffix.For(isDirectory));
#else
                if (_suffixes.TryGetValue(name[^length..].ToString(), out var bySuffix)) best = Math.Max(best, bySuffix.For(isDirectory));
#endif
            }
        }
        best = Math.Max(best, _nameAutomaton.LastMatch(name, isDirectory));
        best = Math.Max(best, _pathAutomaton.LastMatch(relative, isDirectory));
        return best < 0 ? null : !_negated[best];
    }
}
