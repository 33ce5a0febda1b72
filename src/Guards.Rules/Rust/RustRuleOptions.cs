using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Common;
using UltraCloud.Guards.Engine.Syntax.Rust;

namespace UltraCloud.Guards.Rules.Rust;

/// <summary>Byte ranges for <see cref="RustFile.Locate"/>, sorted by start, each with the kind of literal it is an occurrence of.</summary>
internal sealed record RustTargets(List<(int Start, int End)> Ranges, List<int> Kinds);

/// <summary>What the Rust rules read alike from their options, and how they find their literals.</summary>
internal static class RustRuleOptions
{
    /// <summary>
    /// The rule's <c>test-attributes</c> and, for the rules that read them, <c>template-macros</c>
    /// (each optional: an absent list names nothing); a bad entry is a configuration error at the entry.
    /// </summary>
    public static RustCodeReading ReadReading(RuleOptionsReader options, bool templates)
    {
        var attributes = options.TextListWithPlaces("test-attributes",
            "attribute paths that make an item test code: `name` matches exactly, `*::name` any path of two or more segments ending so (test, *::test, rstest)");
        var macros = templates
            ? options.TextListWithPlaces("template-macros", "macros whose token trees are code written for another crate, by the last segment of the macro path (quote, quote_spanned, parse_quote)")
            : [];
        foreach (var (items, isAttribute) in new[] { (attributes, true), (macros, false) })
        {
            foreach (var item in items)
            {
                var value = ((PolicyScalar)item).Value;
                try
                {
                    _ = isAttribute ? new RustCodeReading([value], []) : new RustCodeReading([], [value]);
                }
                catch (ArgumentException ex)
                {
                    throw new PolicyException(item, $"{options.Name}.{(isAttribute ? "test-attributes" : "template-macros")}: {ex.Message}");
                }
            }
        }
        return new RustCodeReading(attributes.Select(a => ((PolicyScalar)a).Value), macros.Select(m => ((PolicyScalar)m).Value));
    }

    /// <summary>Every whole-identifier occurrence of each literal, sorted by start; the kind is the literal's index.</summary>
    public static RustTargets WholeWords(byte[] text, IReadOnlyList<byte[]> literals)
    {
        var found = new List<(int Start, int End, int Kind)>();
        for (var kind = 0; kind < literals.Count; kind++)
        {
            var literal = literals[kind];
            foreach (var offset in ByteLiterals.Occurrences(text, literal))
            {
                if (RustSyntaxFacts.IsWholeWord(text, offset, literal.Length)) found.Add((offset, offset + literal.Length, kind));
            }
        }
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        return new RustTargets(found.Select(f => (f.Start, f.End)).ToList(), found.Select(f => f.Kind).ToList());
    }
}
