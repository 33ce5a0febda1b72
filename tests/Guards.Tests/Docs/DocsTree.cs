using System.Text;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Tests.Docs;

/// <summary>A throw-away repository folder for docs rule tests: write files, scan, read the findings.</summary>
internal sealed class DocsTree : IDisposable
{
    public DocsTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "ucg-docs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public DocsTree Write(string relativePath, string text) => WriteBytes(relativePath, new UTF8Encoding(false).GetBytes(text));

    public DocsTree WriteBytes(string relativePath, byte[] bytes)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return this;
    }

    public ScanResult Scan(params string[] rules)
    {
        var result = GuardsEngine.Scan(new ScanOptions { Path = Root, Rules = rules, Jobs = 2 });
        Assert.Empty(result.InternalErrors);
        return result;
    }

    /// <summary>The active findings of the given rules as (rule, path, line, column), in report order.</summary>
    public List<(string Rule, string Path, int Line, int Column)> Findings(params string[] rules) =>
        Scan(rules).Active.Where(f => rules.Length == 0 || rules.Contains(f.RuleId))
            .Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToList();

    public List<Finding> Raw(params string[] rules) =>
        Scan(rules).Active.Where(f => rules.Length == 0 || rules.Contains(f.RuleId)).ToList();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
