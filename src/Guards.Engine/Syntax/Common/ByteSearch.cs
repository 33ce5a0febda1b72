using System.Text;

namespace UltraCloud.Guards.Engine.Syntax.Common;

/// <summary>Literal searches over raw UTF-8 bytes for the rules' fast paths (vectorised IndexOf).</summary>
public sealed class ByteLiterals
{
    private readonly byte[][] _exact;
    private readonly (byte[] Lower, byte[] Upper)[] _ignoreCase;

    /// <param name="exact">Literals that must appear byte for byte.</param>
    /// <param name="ignoreCase">ASCII literals that may appear in any case.</param>
    public ByteLiterals(IEnumerable<string> exact, IEnumerable<string>? ignoreCase = null)
    {
        _exact = exact.Where(s => s.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();
        _ignoreCase = (ignoreCase ?? []).Where(s => s.Length > 0)
            .Select(s => (Encoding.ASCII.GetBytes(s.ToLowerInvariant()), Encoding.ASCII.GetBytes(s.ToUpperInvariant()))).ToArray();
    }

    public bool IsEmpty => _exact.Length == 0 && _ignoreCase.Length == 0;

    /// <summary>True when any literal occurs.</summary>
    public bool AnyIn(ReadOnlySpan<byte> text)
    {
        foreach (var literal in _exact)
        {
            if (text.IndexOf(literal) >= 0) return true;
        }
        foreach (var (lower, upper) in _ignoreCase)
        {
            if (ContainsIgnoreCase(text, lower, upper)) return true;
        }
        return false;
    }

    /// <summary>Every start offset of <paramref name="literal"/> in <paramref name="text"/>.</summary>
    public static IEnumerable<int> Occurrences(byte[] text, byte[] literal)
    {
        var offset = 0;
        while (offset <= text.Length - literal.Length)
        {
            var index = text.AsSpan(offset).IndexOf(literal);
            if (index < 0) yield break;
            yield return offset + index;
            offset += index + Math.Max(1, literal.Length);
        }
    }

    private static bool ContainsIgnoreCase(ReadOnlySpan<byte> text, byte[] lower, byte[] upper)
    {
        var first = lower.Length > 0 ? lower[0] : (byte)0;
        var firstUpper = upper.Length > 0 ? upper[0] : (byte)0;
        var offset = 0;
        while (offset <= text.Length - lower.Length)
        {
            var index = text[offset..].IndexOfAny(first, firstUpper);
            if (index < 0) return false;
            var start = offset + index;
            if (start + lower.Length > text.Length) return false;
            var match = true;
            for (var i = 1; i < lower.Length; i++)
            {
                var b = text[start + i];
                if (b != lower[i] && b != upper[i]) { match = false; break; }
            }
            if (match) return true;
            offset = start + 1;
        }
        return false;
    }
}
