namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// A compiled path glob, matched by simulating its automaton over the path (Thompson's
/// construction): time proportional to path length times pattern length whatever the input, no
/// backtracking, no match timeout to handle, and construction cheap enough to pay at every start-up
/// for every scope glob and every .gitignore line. Syntax: <c>*</c> and <c>?</c> within a segment,
/// <c>**</c> across segments (<c>**/</c> at a segment start: zero or more whole segments),
/// <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c> or <c>[^x]</c> for one character of a segment,
/// <c>{a,b}</c> alternatives (nesting allowed), <c>\x</c> for a literal character.
/// </summary>
public sealed class GlobAutomaton
{
    private enum Kind : byte { Char, AnyInSegment, Any, Class, Split, Accept }

    private readonly record struct Node(Kind Kind, char Char, int Next, int Alternative, string? Set, bool Negated);

    private readonly Node[] _nodes;
    private readonly int _start;

    private GlobAutomaton(Node[] nodes, int start)
    {
        _nodes = nodes;
        _start = start;
    }

    /// <summary>Compiles <paramref name="pattern"/>; unbalanced braces are an <see cref="ArgumentException"/>.</summary>
    public static GlobAutomaton Compile(string pattern, bool braces = true)
    {
        var builder = new Builder(pattern, braces);
        return builder.Build();
    }

    public bool IsMatch(ReadOnlySpan<char> path)
    {
        var count = _nodes.Length;
        Span<int> current = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> next = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> seen = count <= 256 ? stackalloc int[count] : new int[count];
        Span<int> stack = count <= 256 ? stackalloc int[count] : new int[count];
        seen.Clear();
        var stamp = 1;
        var currentCount = AddClosure(_start, current, 0, seen, stamp, stack);
        foreach (var c in path)
        {
            if (currentCount == 0) return false;
            stamp++;
            var nextCount = 0;
            for (var i = 0; i < currentCount; i++)
            {
                var node = _nodes[current[i]];
                if (Accepts(node, c)) nextCount = AddClosure(node.Next, next, nextCount, seen, stamp, stack);
            }
            var swap = current;
            current = next;
            next = swap;
            currentCount = nextCount;
        }
        for (var i = 0; i < currentCount; i++)
            if (_nodes[current[i]].Kind == Kind.Accept) return true;
        return false;
    }

    private static bool Accepts(in Node node, char c) => node.Kind switch
    {
        Kind.Char => node.Char == c,
        Kind.AnyInSegment => c != '/',
        Kind.Any => true,
        Kind.Class => c != '/' && InSet(node.Set!, c) != node.Negated,
        _ => false,
    };

    private static bool InSet(string set, char c)
    {
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (c >= set[i] && c <= set[i + 2]) return true;
                i += 2;
            }
            else if (set[i] == c) return true;
        }
        return false;
    }

    /// <summary>Adds <paramref name="state"/> and every state reachable from it without input; returns the new count.</summary>
    private int AddClosure(int state, Span<int> into, int count, Span<int> seen, int stamp, Span<int> stack)
    {
        if (seen[state] == stamp) return count;
        // A state is marked when pushed, so each is pushed at most once per step and the stack never
        // holds more states than the automaton has.
        seen[state] = stamp;
        var top = 0;
        stack[top++] = state;
        while (top > 0)
        {
            var s = stack[--top];
            var node = _nodes[s];
            if (node.Kind != Kind.Split)
            {
                into[count++] = s;
                continue;
            }
            if (node.Alternative >= 0 && seen[node.Alternative] != stamp) { seen[node.Alternative] = stamp; stack[top++] = node.Alternative; }
            if (seen[node.Next] != stamp) { seen[node.Next] = stamp; stack[top++] = node.Next; }
        }
        return count;
    }

    /// <summary>Compiles right to left, so every piece knows the state that follows it.</summary>
    /// <summary>The ']' closing the class opened at <paramref name="open"/> (a leading '!', '^' or ']' is a member); -1 when it has none.</summary>
    internal static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^')) i++;
        if (i < pattern.Length && pattern[i] == ']') i++;
        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\') { i++; continue; }
            if (pattern[i] == ']') return i;
        }
        return -1;
    }

    private sealed class Builder(string pattern, bool braces)
    {
        private readonly List<Node> _nodes = [];

        public GlobAutomaton Build()
        {
            var accept = Add(new Node(Kind.Accept, '\0', -1, -1, null, false));
            var position = 0;
            var start = Sequence(ref position, accept, topLevel: true);
            // Splits can point at states added after them, so states are numbered as added and
            // the simulation's arrays are sized by the final count.
            return new GlobAutomaton([.. _nodes], start);
        }

        private int Add(Node node)
        {
            _nodes.Add(node);
            return _nodes.Count - 1;
        }

        /// <summary>
        /// Parses the pieces from <paramref name="position"/> up to the end, or to a ',' or '}' of the
        /// enclosing alternative, and compiles them in front of <paramref name="follow"/>.
        /// </summary>
        private int Sequence(ref int position, int follow, bool topLevel)
        {
            var pieces = new List<Func<int, int>>();
            while (position < pattern.Length)
            {
                var c = pattern[position];
                if (!topLevel && braces && (c == ',' || c == '}')) break;
                pieces.Add(Piece(ref position));
            }
            if (!topLevel && position >= pattern.Length) throw new ArgumentException($"unbalanced braces in glob '{pattern}'");
            var state = follow;
            for (var i = pieces.Count - 1; i >= 0; i--) state = pieces[i](state);
            return state;
        }

        private Func<int, int> Piece(ref int position)
        {
            var c = pattern[position];
            switch (c)
            {
                case '*' when position + 1 < pattern.Length && pattern[position + 1] == '*':
                {
                    var atSegmentStart = position == 0 || pattern[position - 1] == '/';
                    var followedBySlash = position + 2 < pattern.Length && pattern[position + 2] == '/';
                    if (atSegmentStart && followedBySlash)
                    {
                        position += 3;
                        return WholeSegments;
                    }
                    position += 2;
                    return follow => Loop(Kind.Any, follow);
                }
                case '*':
                    position++;
                    return follow => Loop(Kind.AnyInSegment, follow);
                case '?':
                    position++;
                    return follow => Add(new Node(Kind.AnyInSegment, '\0', follow, -1, null, false));
                case '[':
                {
                    var close = ClassEnd(position);
                    if (close < 0) break;
                    var body = pattern[(position + 1)..close];
                    var negated = body.Length > 0 && (body[0] == '!' || body[0] == '^');
                    if (negated) body = body[1..];
                    position = close + 1;
                    var set = body.Replace("\\", "", StringComparison.Ordinal);
                    return follow => Add(new Node(Kind.Class, '\0', follow, -1, set, negated));
                }
                case '{' when braces:
                {
                    position++;
                    var starts = new List<(int From, int To)>();
                    // Each alternative is parsed once to find its extent, then compiled against the follow state.
                    while (true)
                    {
                        var from = position;
                        SkipAlternative(ref position);
                        starts.Add((from, position));
                        if (position >= pattern.Length) throw new ArgumentException($"unbalanced braces in glob '{pattern}'");
                        if (pattern[position++] == '}') break;
                    }
                    return follow =>
                    {
                        var join = Add(new Node(Kind.Split, '\0', follow, -1, null, false));
                        var entry = -1;
                        foreach (var (from, _) in starts)
                        {
                            var p = from;
                            var alternativeStart = Sequence(ref p, join, topLevel: false);
                            entry = entry < 0 ? alternativeStart : Add(new Node(Kind.Split, '\0', alternativeStart, entry, null, false));
                        }
                        return entry;
                    };
                }
                case '}' when braces:
                    throw new ArgumentException($"unbalanced braces in glob '{pattern}'");
                case '\\' when position + 1 < pattern.Length:
                {
                    var literal = pattern[position + 1];
                    position += 2;
                    return follow => Add(new Node(Kind.Char, literal, follow, -1, null, false));
                }
            }
            position++;
            return follow => Add(new Node(Kind.Char, c, follow, -1, null, false));
        }

        /// <summary>Moves past one alternative of a brace group, nested groups included.</summary>
        private void SkipAlternative(ref int position)
        {
            var depth = 0;
            while (position < pattern.Length)
            {
                var c = pattern[position];
                if (c == '\\') { position += 2; continue; }
                if (c == '[' && ClassEnd(position) is var close && close > 0) { position = close + 1; continue; }
                if (c == '{') depth++;
                else if (c == '}' && depth == 0) return;
                else if (c == '}') depth--;
                else if (c == ',' && depth == 0) return;
                position++;
            }
        }

        private int ClassEnd(int open) => GlobAutomaton.ClassEnd(pattern, open);

        /// <summary>Zero or more characters of the kind, then <paramref name="follow"/>.</summary>
        private int Loop(Kind kind, int follow)
        {
            var split = Add(new Node(Kind.Split, '\0', follow, -1, null, false));
            var step = Add(new Node(kind, '\0', split, -1, null, false));
            _nodes[split] = _nodes[split] with { Alternative = step };
            return split;
        }

        /// <summary><c>**/</c>: zero or more whole segments (any text ending in '/'), then <paramref name="follow"/>.</summary>
        private int WholeSegments(int follow)
        {
            var entry = Add(new Node(Kind.Split, '\0', follow, -1, null, false));
            var inside = Add(new Node(Kind.Split, '\0', -1, -1, null, false));
            var slash = Add(new Node(Kind.Char, '/', entry, -1, null, false));
            var segmentChar = Add(new Node(Kind.AnyInSegment, '\0', inside, -1, null, false));
            _nodes[inside] = _nodes[inside] with { Next = slash, Alternative = segmentChar };
            _nodes[entry] = _nodes[entry] with { Alternative = inside };
            return entry;
        }
    }
}
