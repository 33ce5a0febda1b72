using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>An argument of a query predicate: a capture (<c>@name</c>) or a string literal.</summary>
internal readonly record struct TsPredicateArgument(bool IsCapture, uint CaptureId, string Value);

/// <summary>
/// A text predicate of a query pattern, parsed once when the query is built and evaluated in C# (the C API
/// only reports predicates, it does not apply them). Supported: <c>#eq?</c>, <c>#not-eq?</c>, <c>#match?</c>,
/// <c>#not-match?</c>, <c>#any-of?</c>, <c>#not-any-of?</c>. When a capture is quantified and holds several
/// nodes, every node must satisfy the predicate; a capture with no node (optional, absent) satisfies it.
/// Comparisons are on the UTF-8 bytes of the source, so they are ordinal and allocation-free.
/// </summary>
internal abstract class TsQueryPredicate
{
    /// <summary>Timeout for one evaluation of a <c>#match?</c> regular expression.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public abstract unsafe bool IsSatisfied(NativeQueryMatch* match, byte[] source);

    /// <summary>Builds a predicate, or returns an error message.</summary>
    public static TsQueryPredicate? Create(string name, IReadOnlyList<TsPredicateArgument> args, out string? error)
    {
        error = null;
        switch (name)
        {
            case "eq?":
            case "not-eq?":
                if (args.Count != 2 || !args[0].IsCapture)
                {
                    error = $"#{name} takes a capture and then a capture or a string.";
                    return null;
                }

                return args[1].IsCapture
                    ? new EqCapture(args[0].CaptureId, args[1].CaptureId, name == "eq?")
                    : new EqString(args[0].CaptureId, args[1].Value, name == "eq?");

            case "match?":
            case "not-match?":
                if (args.Count != 2 || !args[0].IsCapture || args[1].IsCapture)
                {
                    error = $"#{name} takes a capture and then a regular expression string.";
                    return null;
                }

                Regex regex;
                try
                {
                    regex = new Regex(args[1].Value, RegexOptions.CultureInvariant, RegexTimeout);
                }
                catch (ArgumentException ex)
                {
                    error = $"#{name}: invalid regular expression \"{args[1].Value}\": {ex.Message}";
                    return null;
                }

                return new RegexMatch(args[0].CaptureId, regex, name == "match?");

            case "any-of?":
            case "not-any-of?":
                if (args.Count < 2 || !args[0].IsCapture || args.Skip(1).Any(a => a.IsCapture))
                {
                    error = $"#{name} takes a capture and then one or more strings.";
                    return null;
                }

                return new AnyOf(args[0].CaptureId, args.Skip(1).Select(a => a.Value), name == "any-of?");

            default:
                error = $"Unsupported query predicate #{name} (supported: #eq?, #not-eq?, #match?, #not-match?, #any-of?, #not-any-of?).";
                return null;
        }
    }

    private static ReadOnlySpan<byte> TextOf(in NativeNode node, byte[] source)
    {
        var start = (int)node.Context0;
        var end = (int)NativeMethods.ts_node_end_byte(node);
        return source.AsSpan(start, end - start);
    }

    private sealed class EqString(uint captureId, string value, bool positive) : TsQueryPredicate
    {
        private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(value);

        public override unsafe bool IsSatisfied(NativeQueryMatch* match, byte[] source)
        {
            for (var i = 0; i < match->CaptureCount; i++)
            {
                ref readonly var capture = ref match->Captures[i];
                if (capture.Index == captureId && TextOf(capture.Node, source).SequenceEqual(_utf8) != positive)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Compares the k-th node of one capture with the k-th node of the other; the counts must agree.</summary>
    private sealed class EqCapture(uint leftId, uint rightId, bool positive) : TsQueryPredicate
    {
        public override unsafe bool IsSatisfied(NativeQueryMatch* match, byte[] source)
        {
            int left = 0, right = 0, count = match->CaptureCount;
            while (true)
            {
                while (left < count && match->Captures[left].Index != leftId)
                {
                    left++;
                }

                while (right < count && match->Captures[right].Index != rightId)
                {
                    right++;
                }

                if (left == count || right == count)
                {
                    return left == count && right == count;
                }

                var equal = TextOf(match->Captures[left].Node, source).SequenceEqual(TextOf(match->Captures[right].Node, source));
                if (equal != positive)
                {
                    return false;
                }

                left++;
                right++;
            }
        }
    }

    private sealed class RegexMatch(uint captureId, Regex regex, bool positive) : TsQueryPredicate
    {
        public override unsafe bool IsSatisfied(NativeQueryMatch* match, byte[] source)
        {
            for (var i = 0; i < match->CaptureCount; i++)
            {
                ref readonly var capture = ref match->Captures[i];
                if (capture.Index == captureId && IsMatch(TextOf(capture.Node, source)) != positive)
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsMatch(ReadOnlySpan<byte> utf8)
        {
            var length = Encoding.UTF8.GetCharCount(utf8);
            if (length <= 256)
            {
                Span<char> small = stackalloc char[length];
                Encoding.UTF8.GetChars(utf8, small);
                return regex.IsMatch(small);
            }

            var rented = ArrayPool<char>.Shared.Rent(length);
            try
            {
                var chars = rented.AsSpan(0, Encoding.UTF8.GetChars(utf8, rented));
                return regex.IsMatch(chars);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private sealed class AnyOf(uint captureId, IEnumerable<string> values, bool positive) : TsQueryPredicate
    {
        private readonly byte[][] _values = values.Select(Encoding.UTF8.GetBytes).ToArray();

        public override unsafe bool IsSatisfied(NativeQueryMatch* match, byte[] source)
        {
            for (var i = 0; i < match->CaptureCount; i++)
            {
                ref readonly var capture = ref match->Captures[i];
                if (capture.Index == captureId && Contains(TextOf(capture.Node, source)) != positive)
                {
                    return false;
                }
            }

            return true;
        }

        private bool Contains(ReadOnlySpan<byte> text)
        {
            foreach (var value in _values)
            {
                if (text.SequenceEqual(value))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
