using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// What counts as test code in Rust, as PRODUCT.md defines it: files under tests/, benches/ or
/// examples/; a file that starts with <c>#![cfg(test)]</c>; the file a <c>#[cfg(test)] mod x;</c>
/// declaration loads; and items under <c>#[cfg(test)]</c>, <c>#[cfg(all(test, ..))]</c>,
/// <c>#[test]</c> or any <c>*::test</c> attribute (<c>#[tokio::test]</c>).
/// </summary>
public static class RustTestCode
{
    private static readonly string[] TestDirectories = ["tests", "benches", "examples"];
    private const int MaxModuleDepth = 16;

    public static bool IsTestFile(string path, TsTree? tree, ISourceTree sourceTree) =>
        IsTestFile(path, tree is not null && HasInnerTestAttribute(tree.Root), sourceTree, 0);

    private static bool IsTestFile(string path, bool hasInnerTestAttribute, ISourceTree sourceTree, int depth)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (Array.IndexOf(TestDirectories, segments[i]) >= 0) return true;
        }
        if (hasInnerTestAttribute) return true;
        return depth < MaxModuleDepth && IsLoadedAsTestModule(path, sourceTree, depth);
    }

    /// <summary>A <c>#![cfg(test)]</c> among the file's leading inner attributes.</summary>
    private static bool HasInnerTestAttribute(TsNode root)
    {
        foreach (var child in root.NamedChildren)
        {
            if (child.Type is "line_comment" or "block_comment") continue;
            if (child.Type != "inner_attribute_item") break;
            if (IsTestAttribute(AttributeText(child))) return true;
        }
        return false;
    }

    /// <summary>What a module file says about the modules it loads: read once per scan, however many of them ask.</summary>
    private sealed record ModuleFile(bool HasInnerTestAttribute, IReadOnlyDictionary<string, bool> DeclarationUnderTest);

    // Per source tree (one scan's snapshot): sibling files share their parents, which are read and parsed once.
    private static readonly ConditionalWeakTable<ISourceTree, ConcurrentDictionary<string, ModuleFile?>> s_moduleFiles = new();

    private static ModuleFile? ReadModuleFile(string path, ISourceTree sourceTree) =>
        s_moduleFiles.GetValue(sourceTree, _ => new ConcurrentDictionary<string, ModuleFile?>(StringComparer.Ordinal))
            .GetOrAdd(path, p =>
            {
                if (!sourceTree.FileExists(p) || sourceTree.Read(p, out _) is not { } bytes) return null;
                var parser = TsParser.ForCurrentThread(TsLanguage.Rust);
                if (!parser.TryParse(bytes, TimeSpan.FromSeconds(5), out var tree) || tree is null) return null;
                using (tree)
                {
                    var declarations = new Dictionary<string, bool>(StringComparer.Ordinal);
                    foreach (var child in tree.Root.NamedChildren)
                    {
                        // `mod name;` (no body) loads name.rs or name/mod.rs; the first declaration counts.
                        if (child.Type == "mod_item" && child.ChildByFieldName("body").IsNull)
                            declarations.TryAdd(child.ChildByFieldName("name").Text, HasTestAttribute(child));
                    }
                    return new ModuleFile(HasInnerTestAttribute(tree.Root), declarations);
                }
            });

    /// <summary>
    /// Finds the module file that declares this one and checks whether the declaration is under a
    /// test attribute, or the declaring file is itself test code.
    /// </summary>
    private static bool IsLoadedAsTestModule(string path, ISourceTree sourceTree, int depth)
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
            if (parent == path || ReadModuleFile(parent, sourceTree) is not { } module) continue;
            if (!module.DeclarationUnderTest.TryGetValue(moduleName, out var underTest)) continue;
            return underTest || IsTestFile(parent, module.HasInnerTestAttribute, sourceTree, depth + 1);
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

    /// <summary>True when any node on the path is an item under a test attribute.</summary>
    public static bool HasTestAncestor(IReadOnlyList<TsNode> path)
    {
        for (var i = path.Count - 1; i >= 1; i--)
        {
            if (HasTestAttribute(path[i], path[i - 1])) return true;
        }
        return false;
    }

    /// <summary>Parents with at most this many children are read through a cursor rather than by sibling steps.</summary>
    private const int SiblingsReadFromParent = 64;

    /// <summary>
    /// <see cref="HasTestAttribute(TsNode)"/> with the parent known. tree-sitter finds a node's
    /// previous sibling by descending again from the root, so stepping back costs the node's depth;
    /// on a path thousands of levels deep that makes the walk quadratic. Reading the few children of
    /// the parent with a cursor costs only the siblings.
    /// </summary>
    private static bool HasTestAttribute(TsNode item, TsNode parent)
    {
        if (parent.ChildCount > SiblingsReadFromParent) return HasTestAttribute(item);
        var before = new TsNode[SiblingsReadFromParent];
        var count = 0;
        foreach (var child in parent.NamedChildren)
        {
            if (child == item) break;
            before[count++] = child;
        }
        for (var i = count - 1; i >= 0; i--)
        {
            var sibling = before[i];
            if (sibling.Type is "line_comment" or "block_comment") continue;
            if (sibling.Type != "attribute_item") break;
            if (IsTestAttribute(AttributeText(sibling))) return true;
        }
        return false;
    }

    /// <summary>Attributes of an item are the attribute_item siblings just before it (comments may sit between).</summary>
    public static bool HasTestAttribute(TsNode item)
    {
        for (var sibling = item.PrevNamedSibling; !sibling.IsNull; sibling = sibling.PrevNamedSibling)
        {
            if (sibling.Type is "line_comment" or "block_comment") continue;
            if (sibling.Type != "attribute_item") break;
            if (IsTestAttribute(AttributeText(sibling))) return true;
        }
        return false;
    }

    private static string AttributeText(TsNode attributeItem)
    {
        var text = attributeItem.Text;
        var open = text.IndexOf('[');
        var close = text.LastIndexOf(']');
        if (open < 0 || close <= open) return "";
        var inner = text[(open + 1)..close];
        return string.Concat(inner.Where(c => !char.IsWhiteSpace(c)));
    }

    /// <summary><c>test</c>, <c>x::test</c>, <c>cfg(test)</c>, <c>cfg(all(.., test, ..))</c>.</summary>
    public static bool IsTestAttribute(string attribute)
    {
        var paren = attribute.IndexOf('(');
        var path = paren < 0 ? attribute : attribute[..paren];
        if (path == "test" || path.EndsWith("::test", StringComparison.Ordinal)) return true;
        if (path == "cfg" && paren >= 0 && attribute.EndsWith(')'))
            return CfgRequiresTest(attribute[(paren + 1)..^1]);
        return false;
    }

    /// <summary>True when the cfg predicate can only hold in a test build.</summary>
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
}
