namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// Many git wildmatch patterns compiled into one automaton over bytes, answering which of them is
/// the last to match a name. The patterns are combined into one nondeterministic automaton
/// (Thompson's construction; <c>*</c>, <c>?</c> and classes never cross '/', <c>**/</c> at a
/// segment start is zero or more whole folders, a final <c>/**</c> anything); a name is matched by
/// running a deterministic automaton built lazily from it, one cached state per set of live
/// pattern positions. Each byte costs one table look-up once its transition is known, and
/// computing a transition costs at most the automaton's size, so no pattern can make matching
/// backtrack: the work is linear in the name's length times the patterns' total size at worst
/// (<see cref="MaxCachedStates"/> bounds the cache; past it the cache is dropped and rebuilt).
/// Inputs are byte strings carried in chars 0-255. Not thread-safe.
/// </summary>
internal sealed class IgnoreAutomaton
{
    /// <summary>Cached deterministic states before the cache is dropped: bounds memory at about 1 KB each.</summary>
    public const int MaxCachedStates = 4096;

    private enum Kind : byte { Byte, NotSlash, Any, Class, Split, Accept }

    private readonly record struct Node(Kind Kind, int Next, int Alternative, int Value, bool[]? Set);

    private readonly List<Node> _nodes = [];
    private readonly List<int> _starts = [];
    private readonly List<bool> _directoryOnly = [];

    // The lazy deterministic automaton: state 0 is the dead state.
    private readonly Dictionary<StateKey, int> _ids = new();
    private readonly List<int[]> _sets = [];
    private readonly List<int[]?> _transitions = [];
    private readonly List<(int AnyPattern, int FilePattern)> _accepts = [];
    private int _start = -1;
    private int[] _seen = [];
    private int _stamp;
    private readonly Stack<int> _stack = new();

    /// <summary>Operations done so far (automaton nodes visited and bytes stepped): what a complexity test counts.</summary>
    public long Work { get; private set; }

    public int PatternCount => _starts.Count;

    /// <summary>
    /// Adds a wildmatch pattern (bytes in chars) whose match means pattern index <paramref name="index"/>;
    /// false when the pattern can never match (a malformed class or a trailing backslash), as in git.
    /// Indexes must grow with each call.
    /// </summary>
    public bool Add(string pattern, int index, bool directoryOnly)
    {
        var pieces = Parse(pattern);
        if (pieces is null) return false;
        var follow = AddNode(new Node(Kind.Accept, -1, -1, index, null));
        for (var i = pieces.Count - 1; i >= 0; i--) follow = pieces[i](follow);
        _starts.Add(follow);
        while (_directoryOnly.Count <= index) _directoryOnly.Add(false);
        _directoryOnly[index] = directoryOnly;
        _start = -1;
        return true;
    }

    /// <summary>The last pattern index matching the whole of <paramref name="text"/> (for a folder or a file), -1 for none.</summary>
    public int LastMatch(ReadOnlySpan<char> text, bool isDirectory)
    {
        if (_starts.Count == 0) return -1;
        if (_start < 0) Reset();
        var state = _start;
        foreach (var c in text)
        {
            Work++;
            var table = _transitions[state] ??= NewTable();
            var next = table[c & 0xFF];
            if (next < 0)
            {
                next = Step(state, (byte)c);
                // A rebuilt cache renumbers the states: the current state's table is gone with it.
                if (_transitions.Count > state && ReferenceEquals(_transitions[state], table)) table[c & 0xFF] = next;
            }
            state = next;
            if (state == 0) return -1;
        }
        var (any, file) = _accepts[state];
        return isDirectory ? any : file;
    }

    private static int[] NewTable()
    {
        var table = new int[256];
        Array.Fill(table, -1);
        return table;
    }

    private void Reset()
    {
        _ids.Clear();
        _sets.Clear();
        _transitions.Clear();
        _accepts.Clear();
        if (_seen.Length < _nodes.Count) _seen = new int[_nodes.Count];
        Intern([]);
        var start = new List<int>();
        _stamp++;
        foreach (var s in _starts) Closure(s, start);
        _start = Intern([.. start]);
    }

    private int Step(int state, byte c)
    {
        var set = _sets[state];
        var next = new List<int>();
        _stamp++;
        foreach (var s in set)
        {
            Work++;
            var node = _nodes[s];
            var accepts = node.Kind switch
            {
                Kind.Byte => node.Value == c,
                Kind.NotSlash => c != '/',
                Kind.Any => true,
                Kind.Class => c != '/' && node.Set![c],
                _ => false,
            };
            if (accepts) Closure(node.Next, next);
        }
        next.Sort();
        var nextSet = next.ToArray();
        if (_sets.Count >= MaxCachedStates)
        {
            // Drop the cache and go on from the new set: memory stays bounded, the work per byte too.
            Reset();
        }
        return Intern(nextSet);
    }

    private void Closure(int state, List<int> into)
    {
        var stack = _stack;
        if (_seen[state] == _stamp) return;
        _seen[state] = _stamp;
        stack.Push(state);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            Work++;
            var node = _nodes[s];
            if (node.Kind != Kind.Split)
            {
                into.Add(s);
                continue;
            }
            if (node.Alternative >= 0 && _seen[node.Alternative] != _stamp) { _seen[node.Alternative] = _stamp; stack.Push(node.Alternative); }
            if (_seen[node.Next] != _stamp) { _seen[node.Next] = _stamp; stack.Push(node.Next); }
        }
    }

    private int Intern(int[] set)
    {
        var key = new StateKey(set);
        if (_ids.TryGetValue(key, out var id)) return id;
        id = _sets.Count;
        _ids[key] = id;
        _sets.Add(set);
        _transitions.Add(null);
        int any = -1, file = -1;
        foreach (var s in set)
        {
            var node = _nodes[s];
            if (node.Kind != Kind.Accept) continue;
            any = Math.Max(any, node.Value);
            if (!_directoryOnly[node.Value]) file = Math.Max(file, node.Value);
        }
        _accepts.Add((any, file));
        return id;
    }

    private int AddNode(Node node)
    {
        _nodes.Add(node);
        return _nodes.Count - 1;
    }

    /// <summary>
    /// The pattern as pieces, each compiling itself in front of the state that follows it; null
    /// when git's wildmatch would abort on it (it then never matches).
    /// </summary>
    private List<Func<int, int>>? Parse(string p)
    {
        var pieces = new List<Func<int, int>>();
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= p.Length) return null;
                    var literal = p[i + 1];
                    pieces.Add(follow => AddNode(new Node(Kind.Byte, follow, -1, literal, null)));
                    i += 2;
                    break;
                case '?':
                    pieces.Add(follow => AddNode(new Node(Kind.NotSlash, follow, -1, 0, null)));
                    i++;
                    break;
                case '*':
                {
                    var j = i;
                    while (j < p.Length && p[j] == '*') j++;
                    var atSegmentStart = i == 0 || p[i - 1] == '/';
                    if (j - i >= 2 && atSegmentStart && j < p.Length && p[j] == '/')
                    {
                        pieces.Add(WholeFolders);
                        i = j + 1;
                    }
                    else if (j - i >= 2 && atSegmentStart && j == p.Length)
                    {
                        pieces.Add(follow => Loop(Kind.Any, follow));
                        i = j;
                    }
                    else
                    {
                        pieces.Add(follow => Loop(Kind.NotSlash, follow));
                        i = j;
                    }
                    break;
                }
                case '[':
                {
                    var end = WildmatchClass.Parse(p, i, out var set);
                    if (end < 0) return null;
                    pieces.Add(follow => AddNode(new Node(Kind.Class, follow, -1, 0, set)));
                    i = end + 1;
                    break;
                }
                default:
                    pieces.Add(follow => AddNode(new Node(Kind.Byte, follow, -1, c, null)));
                    i++;
                    break;
            }
        }
        return pieces;
    }

    /// <summary>Zero or more bytes of the kind, then <paramref name="follow"/>.</summary>
    private int Loop(Kind kind, int follow)
    {
        var split = AddNode(new Node(Kind.Split, follow, -1, 0, null));
        var step = AddNode(new Node(kind, split, -1, 0, null));
        _nodes[split] = _nodes[split] with { Alternative = step };
        return split;
    }

    /// <summary><c>**/</c>: zero or more whole folders (bytes up to and including a '/'), then <paramref name="follow"/>.</summary>
    private int WholeFolders(int follow)
    {
        var entry = AddNode(new Node(Kind.Split, follow, -1, 0, null));
        var inside = AddNode(new Node(Kind.Split, -1, -1, 0, null));
        var slash = AddNode(new Node(Kind.Byte, entry, -1, '/', null));
        var segmentByte = AddNode(new Node(Kind.NotSlash, inside, -1, 0, null));
        _nodes[inside] = _nodes[inside] with { Next = slash, Alternative = segmentByte };
        _nodes[entry] = _nodes[entry] with { Alternative = inside };
        return entry;
    }

    private readonly struct StateKey(int[] set) : IEquatable<StateKey>
    {
        private readonly int _hash = Hash(set);

        public int[] Set { get; } = set;

        private static int Hash(int[] set)
        {
            var hash = new HashCode();
            foreach (var s in set) hash.Add(s);
            return hash.ToHashCode();
        }

        public bool Equals(StateKey other) => _hash == other._hash && Set.AsSpan().SequenceEqual(other.Set);
        public override bool Equals(object? obj) => obj is StateKey other && Equals(other);
        public override int GetHashCode() => _hash;
    }
}

/// <summary>
/// A bracket expression as git's wildmatch reads it: <c>!</c> or <c>^</c> negates, a <c>]</c>
/// first is a member, ranges, backslash escapes, the POSIX classes (<c>[:alpha:]</c> ...), and an
/// unterminated expression or unknown class aborts the match. The members are worked out by
/// running wildmatch's own scan for every byte value, so the set is exactly what git would match.
/// </summary>
internal static class WildmatchClass
{
    /// <summary>The index of the closing ']' and the set of bytes matched, or -1 when wildmatch aborts.</summary>
    public static int Parse(string pattern, int open, out bool[] set)
    {
        set = new bool[256];
        var end = -1;
        for (var t = 0; t < 256; t++)
        {
            end = Scan(pattern, open, (char)t, out var matched);
            if (end < 0) return -1;
            set[t] = matched;
        }
        return end;
    }

    private static int Scan(string p, int open, char t, out bool matched)
    {
        matched = false;
        var i = open + 1;
        char At(int k) => k < p.Length ? p[k] : '\0';
        var c = At(i);
        if (c == '^') c = '!';
        var negated = c == '!';
        if (negated) c = At(++i);
        var previous = '\0';
        var found = false;
        do
        {
            if (c == '\0') return -1;
            if (c == '\\')
            {
                c = At(++i);
                if (c == '\0') return -1;
                if (t == c) found = true;
            }
            else if (c == '-' && previous != '\0' && At(i + 1) != '\0' && At(i + 1) != ']')
            {
                c = At(++i);
                if (c == '\\')
                {
                    c = At(++i);
                    if (c == '\0') return -1;
                }
                if (t <= c && t >= previous) found = true;
                c = '\0';
            }
            else if (c == '[' && At(i + 1) == ':')
            {
                var s = i + 2;
                var k = s;
                while (At(k) != '\0' && At(k) != ']') k++;
                if (At(k) == '\0') return -1;
                var length = k - s - 1;
                if (length < 0 || At(k - 1) != ':')
                {
                    // No ":]": a plain '[' member, and the scan goes on after it.
                    c = '[';
                    if (t == c) found = true;
                }
                else
                {
                    if (PosixClass(p.Substring(s, length)) is not { } test) return -1;
                    if (test(t)) found = true;
                    i = k;
                    c = '\0';
                }
            }
            else if (t == c) found = true;
            previous = c;
            c = At(++i);
        } while (c != ']');
        matched = found != negated;
        return i;
    }

    private static Func<char, bool>? PosixClass(string name) => name switch
    {
        "alnum" => char.IsAsciiLetterOrDigit,
        "alpha" => char.IsAsciiLetter,
        "blank" => c => c is ' ' or '\t',
        "cntrl" => c => c < 32 || c == 127,
        "digit" => char.IsAsciiDigit,
        "graph" => c => c is > ' ' and < (char)127,
        "lower" => char.IsAsciiLetterLower,
        "print" => c => c is >= ' ' and < (char)127,
        "punct" => c => c is > ' ' and < (char)127 && !char.IsAsciiLetterOrDigit(c),
        "space" => c => c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f',
        "upper" => char.IsAsciiLetterUpper,
        "xdigit" => char.IsAsciiHexDigit,
        _ => null,
    };
}
