using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// What a Rust module file says about the modules it loads: whether it is itself compiled only for
/// tests (<c>#![cfg(test)]</c> among its leading inner attributes), and for each <c>mod name;</c>
/// declaration whether it sits under a test-only <c>cfg</c>. Read from the file's one parse.
/// </summary>
public sealed record RustModuleFacts(bool InnerCfgTest, IReadOnlyDictionary<string, bool> DeclarationUnderCfgTest)
{
    public static RustModuleFacts Of(TsNode root)
    {
        var inner = false;
        var leading = true;
        var declarations = new Dictionary<string, bool>(StringComparer.Ordinal);
        var attributesUnderTest = false;
        foreach (var child in root.NamedChildren)
        {
            var type = child.Type;
            if (type is "line_comment" or "block_comment") continue;
            if (type == "inner_attribute_item")
            {
                if (leading && RustCodeReading.IsCfgTest(RustTestCode.AttributeText(child))) inner = true;
                continue;
            }
            leading = false;
            if (type == "attribute_item")
            {
                attributesUnderTest |= RustCodeReading.IsCfgTest(RustTestCode.AttributeText(child));
                continue;
            }
            // `mod name;` (no body) loads name.rs or name/mod.rs; the first declaration counts.
            if (type == "mod_item" && child.ChildByFieldName("body").IsNull && child.ChildByFieldName("name") is { IsNull: false } name)
                declarations.TryAdd(name.Text, attributesUnderTest);
            attributesUnderTest = false;
        }
        return new RustModuleFacts(inner, declarations);
    }
}

/// <summary>
/// What counts as test code in Rust, as PRODUCT.md defines it: files under tests/, benches/ or
/// examples/; a file that starts with <c>#![cfg(test)]</c>; the file a <c>#[cfg(test)] mod x;</c>
/// declaration loads (up the chain of module files); and items under a test attribute of the
/// rule's <see cref="RustCodeReading"/> or a test-only <c>cfg</c>. Parent module files are read
/// through the scan's <see cref="RustParses"/>, so each is parsed once however many files ask.
/// </summary>
public static class RustTestCode
{
    private static readonly string[] TestDirectories = ["tests", "benches", "examples"];
    private const int MaxModuleDepth = 16;

    /// <summary>True when the file as a whole is test code.</summary>
    public static bool IsTestFile(string path, RustModuleFacts? facts, RustParses parses) =>
        IsTestFile(path, facts?.InnerCfgTest == true, parses, 0);

    private static bool IsTestFile(string path, bool innerCfgTest, RustParses parses, int depth)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (Array.IndexOf(TestDirectories, segments[i]) >= 0) return true;
        }
        if (innerCfgTest) return true;
        return depth < MaxModuleDepth && IsLoadedAsTestModule(path, parses, depth);
    }

    /// <summary>
    /// Finds the module file that declares this one and checks whether the declaration is under a
    /// test-only cfg, or the declaring file is itself test code.
    /// </summary>
    private static bool IsLoadedAsTestModule(string path, RustParses parses, int depth)
    {
        var slash = path.LastIndexOf('/');
        var dir = slash < 0 ? "" : path[..slash];
        var file = path[(slash + 1)..];
        if (!file.EndsWith(".rs", StringComparison.Ordinal)) return false;
        var stem = file[..^3];
        if (stem is "lib" or "main") return false;

        string moduleName;
        string parentDir;
        if (stem == "mod")
        {
            var dirSlash = dir.LastIndexOf('/');
            moduleName = dir[(dirSlash + 1)..];
            parentDir = dirSlash < 0 ? "" : dir[..dirSlash];
        }
        else
        {
            moduleName = stem;
            parentDir = dir;
        }
        if (moduleName.Length == 0) return false;

        foreach (var parent in ParentCandidates(parentDir))
        {
            if (parent == path || parses.FactsOf(parent) is not { } module) continue;
            if (!module.DeclarationUnderCfgTest.TryGetValue(moduleName, out var underTest)) continue;
            return underTest || IsTestFile(parent, module.InnerCfgTest, parses, depth + 1);
        }
        return false;
    }

    /// <summary>The files that may declare a module living in <paramref name="dir"/>: dir/mod.rs, dir.rs, and lib.rs/main.rs beside it.</summary>
    private static IEnumerable<string> ParentCandidates(string dir)
    {
        string Join(string name) => dir.Length == 0 ? name : dir + "/" + name;
        yield return Join("lib.rs");
        yield return Join("main.rs");
        yield return Join("mod.rs");
        if (dir.Length > 0) yield return dir + ".rs";
    }

    /// <summary>
    /// True when the item at <paramref name="index"/> of <paramref name="siblings"/> carries a test
    /// attribute: its attributes are the <c>attribute_item</c> siblings just before it (comments may
    /// sit between). Reading from the parent's children costs only the attributes, where asking
    /// tree-sitter for a previous sibling would cost the node's depth.
    /// </summary>
    public static bool HasTestAttribute(IReadOnlyList<TsNode> siblings, int index, RustCodeReading reading)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var sibling = siblings[i];
            if (!sibling.IsNamed) continue;
            var type = sibling.Type;
            if (type is "line_comment" or "block_comment") continue;
            if (type != "attribute_item") break;
            if (reading.IsTestAttribute(AttributeText(sibling))) return true;
        }
        return false;
    }

    /// <summary>The inside of <c>#[...]</c> or <c>#![...]</c>, white space removed.</summary>
    internal static string AttributeText(TsNode attributeItem)
    {
        var text = attributeItem.Text;
        var open = text.IndexOf('[');
        var close = text.LastIndexOf(']');
        if (open < 0 || close <= open) return "";
        return string.Concat(text.AsSpan(open + 1, close - open - 1).ToArray().Where(c => !char.IsWhiteSpace(c)));
    }
}
