using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>What a repository-wide rule sees: the whole tree, read on demand and cached.</summary>
public sealed class RepositoryContext
{
    private readonly ConcurrentDictionary<string, SourceText?> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _shared = new(StringComparer.Ordinal);
    private readonly FindingSink _sink;

    public RepositoryContext(ISourceTree tree, GuardsPolicy policy, IReadOnlyList<SourceEntry> files, FindingSink sink)
    {
        Tree = tree;
        Policy = policy;
        Files = files;
        _sink = sink;
    }

    public ISourceTree Tree { get; }
    public GuardsPolicy Policy { get; }

    /// <summary>Every file offered to the scan (skipped ones included, with their reason).</summary>
    public IReadOnlyList<SourceEntry> Files { get; }

    /// <summary>The text of a file in the tree, or null when it does not exist or cannot be read.</summary>
    public SourceText? ReadText(string relativePath) => _texts.GetOrAdd(relativePath, path =>
    {
        var bytes = Tree.Read(path, out _);
        return bytes is null || PathUtil.LooksBinary(bytes) ? null : SourceText.FromBytes(path, bytes);
    });

    /// <summary>A model shared by several repository rules (the flake model, the docs' profile table).</summary>
    public T Shared<T>(string key, Func<RepositoryContext, T> factory) where T : class =>
        ((Once<T>)_shared.GetOrAdd(key, _ => new Once<T>(() => factory(this)))).Value;

    /// <summary>
    /// Computes a value once, whichever thread asks first. (Lazy&lt;T&gt; would do, but its T carries
    /// a trimming annotation that Native AOT would then demand of every caller's T.)
    /// </summary>
    private sealed class Once<T>(Func<T> factory) where T : class
    {
        private readonly object _gate = new();
        private T? _value;

        public T Value
        {
            get
            {
                if (Volatile.Read(ref _value) is { } value) return value;
                lock (_gate) return _value ??= factory();
            }
        }
    }

    public void Report(RuleSettings rule, string path, SourceSpan span, string matchedText, string message) =>
        _sink.Add(rule, path, span, matchedText, message);

    public void ReportEngine(string ruleId, string path, SourceSpan span, string message) =>
        _sink.AddEngine(ruleId, path, span, message);
}
