using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Rust;

/// <summary>
/// The Rust parses of one scan. Each file is parsed at most once, with the policy's parse budget,
/// and its UCG0001 is reported once, whether a rule analyses the file or the test-code reading of
/// another file asks what it declares (a <c>#[cfg(test)] mod x;</c>). When that question comes
/// first, the tree is kept for the file's own analysis later in the scan (up to
/// <see cref="PendingBytesLimit"/> of source; past it, a later analysis parses again, quietly).
/// One instance per scan, through <see cref="Of"/>; the scan disposes what is left.
/// </summary>
public sealed class RustParses : IDisposable
{
    private const string SharedKey = "syntax:rust:parses";

    /// <summary>Source bytes of trees kept for an analysis that has not come yet.</summary>
    internal const long PendingBytesLimit = 64L << 20;

    private readonly RepositoryContext _repository;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lazy<HashSet<string>> _analyzable;
    private long _pendingBytes;
    private int _parses;

    private RustParses(RepositoryContext repository)
    {
        _repository = repository;
        _analyzable = new Lazy<HashSet<string>>(() => repository.Files
            .Where(f => f.SkipReason is null && (repository.ReportOnly is null || repository.ReportOnly.Contains(f.Path)))
            .Select(f => f.Path).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The parses of the scan <paramref name="repository"/> belongs to.</summary>
    public static RustParses Of(RepositoryContext repository) => repository.Shared(SharedKey, r => new RustParses(r));

    /// <summary>How many times tree-sitter parsed a file in this scan (for tests of the once-per-file promise).</summary>
    public int ParseCount => Volatile.Read(ref _parses);

    /// <summary>
    /// The tree of a file a rule analyses, owned by the caller from now on (null when the parse ran
    /// over its budget), and what the file declares.
    /// </summary>
    public (TsTree? Tree, RustModuleFacts? Facts) TakeTree(SourceText text, TimeSpan budget)
    {
        var entry = _entries.GetOrAdd(text.Path, _ => new Entry());
        lock (entry.Gate)
        {
            if (!entry.Parsed) return (Parse(entry, text, budget, report: true), entry.Facts);
            if (entry.Pending is { } pending)
            {
                entry.Pending = null;
                Interlocked.Add(ref _pendingBytes, -pending.Source.Length);
                return (pending, entry.Facts);
            }
            if (entry.OverBudget) return (null, null);
            // Parsed before, and the tree was not kept: parse again without a second report.
            return (Parse(entry, text, budget, report: false), entry.Facts);
        }
    }

    /// <summary>What the module file at <paramref name="path"/> declares; null when it does not exist or could not be parsed.</summary>
    public RustModuleFacts? FactsOf(string path)
    {
        var entry = _entries.GetOrAdd(path, _ => new Entry());
        lock (entry.Gate)
        {
            if (entry.Parsed) return entry.Facts;
            if (_repository.ReadText(path) is not { } text)
            {
                entry.Parsed = true;
                return null;
            }
            var tree = Parse(entry, text, _repository.Policy.ParseBudget, report: true);
            if (tree is null) return entry.Facts;
            if (_analyzable.Value.Contains(path) && Interlocked.Add(ref _pendingBytes, tree.Source.Length) <= PendingBytesLimit)
            {
                entry.Pending = tree;
            }
            else
            {
                if (_analyzable.Value.Contains(path)) Interlocked.Add(ref _pendingBytes, -tree.Source.Length);
                tree.Dispose();
            }
            return entry.Facts;
        }
    }

    private TsTree? Parse(Entry entry, SourceText text, TimeSpan budget, bool report)
    {
        entry.Parsed = true;
        Interlocked.Increment(ref _parses);
        var parser = TsParser.ForCurrentThread(TsLanguage.Rust);
        if (!parser.TryParse(text.Utf8, budget, out var tree) || tree is null)
        {
            entry.OverBudget = true;
            if (report)
            {
                _repository.ReportEngine("UCG0001", text.Path, SourceSpan.FileStart,
                    $"parsing took longer than the {budget.TotalSeconds:0.#}s budget; the Rust rules skipped this file");
            }
            return null;
        }
        entry.Facts = RustModuleFacts.Of(tree.Root);
        if (report && tree.HasError)
        {
            var error = tree.Root.FirstErrorOrMissing();
            if (!error.IsNull)
            {
                var span = text.SpanOfBytes(error.StartByte, Math.Max(error.StartByte, Math.Min(error.EndByte, error.StartByte + 1)));
                var what = error.IsMissing ? $"missing `{error.Type}`" : "syntax error";
                _repository.ReportEngine("UCG0001", text.Path, span, $"{what}: the Rust file could only be partly read; the rules ran on the rest");
            }
        }
        return tree;
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            lock (entry.Gate)
            {
                entry.Pending?.Dispose();
                entry.Pending = null;
            }
        }
    }

    private sealed class Entry
    {
        public readonly object Gate = new();
        public bool Parsed;
        public bool OverBudget;
        public RustModuleFacts? Facts;
        public TsTree? Pending;
    }
}
