using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Docs;

/// <summary>Docs rule tests on a <see cref="TestTree"/>: only the named rules' findings, and no rule crash.</summary>
internal static class DocsTree
{
    public static TestTree Create() => new();

    /// <summary>The active findings of the given rules as (rule, path, line, column), in report order.</summary>
    public static List<(string Rule, string Path, int Line, int Column)> Only(this TestTree tree, string rule, params string[] more) =>
        tree.Raw([rule, .. more]).Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToList();

    public static List<Finding> Raw(this TestTree tree, params string[] rules)
    {
        var result = tree.Scan(rules);
        Assert.Empty(result.InternalErrors);
        return result.Active.Where(f => rules.Contains(f.RuleId)).ToList();
    }
}
