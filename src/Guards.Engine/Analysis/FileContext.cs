using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// One file under analysis. Frontends (a tree-sitter parse, a Markdown document, test-code
/// regions) are computed on first use through <see cref="Shared{T}"/> and shared by every rule
/// that reads the file, so each file is parsed at most once per language. What several files of
/// one scan share (a parse that another file's question already made) lives in
/// <see cref="Repository"/>, the scan's context, never in a static.
/// </summary>
public sealed class FileContext : IDisposable
{
    private readonly Dictionary<string, object?> _shared = new(StringComparer.Ordinal);
    private readonly FindingSink _sink;

    public FileContext(SourceText text, GuardsPolicy policy, ISourceTree tree, FindingSink sink, RepositoryContext repository)
    {
        Text = text;
        Policy = policy;
        Tree = tree;
        _sink = sink;
        Repository = repository;
    }

    public SourceText Text { get; }
    public string Path => Text.Path;
    public GuardsPolicy Policy { get; }
    public ISourceTree Tree { get; }

    /// <summary>The scan this file belongs to: models shared across its files are built there, once per scan.</summary>
    public RepositoryContext Repository { get; }

    /// <summary>Returns the artifact stored under <paramref name="key"/>, computing it once.</summary>
    public T Shared<T>(string key, Func<FileContext, T> factory)
    {
        if (_shared.TryGetValue(key, out var existing)) return (T)existing!;
        var value = factory(this);
        _shared[key] = value;
        return value;
    }

    public void Report(RuleSettings rule, SourceSpan span, string matchedText, string message) =>
        _sink.Add(rule, Path, span, matchedText, message);

    /// <summary>Engine diagnostics (UCG0001 parse-error and the like), once per cause.</summary>
    public void ReportEngine(string ruleId, SourceSpan span, string message) =>
        _sink.AddEngine(ruleId, Path, span, message);

    public void Dispose()
    {
        foreach (var value in _shared.Values)
        {
            if (value is IDisposable disposable) disposable.Dispose();
        }
        _shared.Clear();
    }
}
