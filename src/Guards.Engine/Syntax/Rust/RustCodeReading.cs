namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// What a Rust rule reads as something other than shipped behaviour, from its options: the
/// attributes that make an item a test (<c>test</c>, <c>*::test</c>, <c>rstest</c>, ...) and the
/// macros whose token trees are templates of code generated for another crate (<c>quote!</c>,
/// <c>parse_quote!</c>, ...). <c>#[cfg(test)]</c> and <c>#[cfg(all(test, ..))]</c> are the
/// language's own and always count.
/// </summary>
public sealed class RustCodeReading
{
    private readonly HashSet<string> _exactAttributes = new(StringComparer.Ordinal);
    private readonly List<string> _attributeSuffixes = [];
    private readonly HashSet<string> _templateMacros = new(StringComparer.Ordinal);

    /// <param name="testAttributes">Attribute paths: <c>rstest</c> matches exactly; <c>*::test</c> matches any path of two or more segments ending in <c>::test</c>.</param>
    /// <param name="templateMacros">Macro names (the last segment of the invoked path).</param>
    public RustCodeReading(IEnumerable<string> testAttributes, IEnumerable<string> templateMacros)
    {
        foreach (var raw in testAttributes)
        {
            var pattern = string.Concat(raw.Where(c => !char.IsWhiteSpace(c)));
            if (!IsAttributePattern(pattern))
                throw new ArgumentException($"'{raw}' is not an attribute path (write `name`, `crate::name` or `*::name`)");
            if (pattern.StartsWith("*::", StringComparison.Ordinal)) _attributeSuffixes.Add(pattern[1..]);
            else _exactAttributes.Add(pattern);
        }
        foreach (var name in templateMacros)
        {
            var trimmed = name.Trim().TrimEnd('!');
            if (!IsIdentifier(trimmed)) throw new ArgumentException($"'{name}' is not a macro name");
            _templateMacros.Add(trimmed);
        }
    }

    /// <summary>Only the language's own <c>cfg(test)</c>: no framework attribute, no template.</summary>
    public static RustCodeReading CfgOnly { get; } = new([], []);

    /// <summary>True when the macro of that name (last path segment) writes code for another crate.</summary>
    public bool IsTemplateMacro(string name) => _templateMacros.Contains(name);

    /// <summary>
    /// True for the inside of <c>#[...]</c> (white space removed) of an attribute that makes its
    /// item test code: a listed test attribute, or a <c>cfg</c> that holds only in test builds.
    /// </summary>
    public bool IsTestAttribute(string attribute)
    {
        var end = attribute.IndexOfAny(['(', '=', '[', '{']);
        var path = end < 0 ? attribute : attribute[..end];
        if (path == "cfg") return end >= 0 && attribute[end] == '(' && attribute.EndsWith(')') && CfgRequiresTest(attribute[(end + 1)..^1]);
        if (_exactAttributes.Contains(path)) return true;
        foreach (var suffix in _attributeSuffixes)
        {
            if (path.Length > suffix.Length && path.EndsWith(suffix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>True for <c>cfg(test)</c>, <c>cfg(all(.., test, ..))</c> and the like: a cfg that holds only in a test build.</summary>
    public static bool IsCfgTest(string attribute) =>
        attribute.StartsWith("cfg(", StringComparison.Ordinal) && attribute.EndsWith(')') && CfgRequiresTest(attribute[4..^1]);

    private static bool CfgRequiresTest(string predicate)
    {
        if (predicate == "test") return true;
        if (predicate.StartsWith("all(", StringComparison.Ordinal) && predicate.EndsWith(')'))
            return SplitTopLevel(predicate[4..^1]).Any(CfgRequiresTest);
        if (predicate.StartsWith("any(", StringComparison.Ordinal) && predicate.EndsWith(')'))
        {
            var options = SplitTopLevel(predicate[4..^1]);
            return options.Count > 0 && options.All(CfgRequiresTest);
        }
        return false;
    }

    private static List<string> SplitTopLevel(string list)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        var inString = false;
        for (var i = 0; i < list.Length; i++)
        {
            var c = list[i];
            if (c == '"' && (i == 0 || list[i - 1] != '\\')) inString = !inString;
            if (inString) continue;
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add(list[start..i]);
                start = i + 1;
            }
        }
        if (start < list.Length) parts.Add(list[start..]);
        return parts.Where(p => p.Length > 0).ToList();
    }

    private static bool IsAttributePattern(string pattern)
    {
        var segments = pattern.Split("::");
        for (var i = 0; i < segments.Length; i++)
        {
            if (i == 0 && segments[i] == "*" && segments.Length > 1) continue;
            if (!IsIdentifier(segments[i])) return false;
        }
        return true;
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');
}
