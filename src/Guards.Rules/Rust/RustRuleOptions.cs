using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Common;
using UltraCloud.Guards.Engine.Syntax.Rust;

namespace UltraCloud.Guards.Rules.Rust;

/// <summary>Byte ranges for <see cref="RustFile.Locate"/>, sorted by start, each with the kind of literal it is an occurrence of.</summary>
internal sealed record RustTargets(List<(int Start, int End)> Ranges, List<int> Kinds);

/// <summary>What the Rust rules read alike from their options, and how they find their literals.</summary>
internal static class RustRuleOptions
{
    /// <summary>The rule's <c>test-attributes</c> and <c>template-macros</c> (each optional); a bad entry is a configuration error at the entry.</summary>
    public static RustCodeReading Reading(RuleSettings settings)
    {
        foreach (var option in new[] { "test-attributes", "template-macros" })
        {
            if (settings.Options[option] is not { } node) continue;
            foreach (var item in node is PolicySequence sequence ? sequence.Items : [node])
            {
                var value = item.AsString($"each entry of {settings.Id}.options.{option}");
                try
                {
                    _ = option == "test-attributes" ? new RustCodeReading([value], []) : new RustCodeReading([], [value]);
                }
                catch (ArgumentException ex)
                {
                    throw new PolicyException(item, $"{settings.Id}.options.{option}: {ex.Message}");
                }
            }
        }
        return new RustCodeReading(settings.StringList("test-attributes"), settings.StringList("template-macros"));
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
