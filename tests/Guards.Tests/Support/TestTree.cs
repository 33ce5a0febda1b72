using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>A throw-away folder tree for engine tests (outside any git repository), deleted on dispose.</summary>
public sealed class TestTree : IDisposable
{
    public TestTree(params (string Path, string Content)[] files)
    {
        Root = Path.Combine(Path.GetTempPath(), "ucg-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        foreach (var (path, content) in files) Write(path, content);
    }

    public string Root { get; }

    public TestTree Write(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public TestTree WriteBytes(string relativePath, byte[] content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    public ScanResult Scan(params string[] rules) => GuardsEngine.Scan(new ScanOptions { Path = Root, Rules = rules, ConfigPath = ConfigPath() });

    private string? ConfigPath()
    {
        var config = Path.Combine(Root, "uc-guards.yaml");
        return File.Exists(config) ? config : null;
    }

    /// <summary>Active (unsuppressed) findings as (rule, path, line, column), in report order.</summary>
    /// <summary>The active findings; a rule that failed (an internal error) fails the test rather than reporting nothing.</summary>
    public IReadOnlyList<(string Rule, string Path, int Line, int Column)> Findings(params string[] rules)
    {
        var result = Scan(rules);
        Assert.True(result.InternalErrors.Count == 0, string.Join("\n", result.InternalErrors));
        return result.Active.Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToList();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

public static class Repo
{
    /// <summary>The repository root (the folder holding UltraCloud.Guards.sln).</summary>
    public static string Root { get; } = FindRoot();

    public static string SampleTree => Path.Combine(Root, "samples", "ultracloud");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UltraCloud.Guards.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
