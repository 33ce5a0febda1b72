using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// What a repository-wide rule sees: the whole tree, read on demand and cached. It also records
/// which files each rule read, directly or through the shared models it used, so that a
/// pre-commit run can tell a rule the staged change cannot have affected (see <see cref="ReadsOf"/>).
/// Disposing it at the end of the scan disposes the shared models that hold native resources.
/// </summary>
public sealed class RepositoryContext : IDisposable
{
    private static readonly AsyncLocal<ReadLog?> s_currentRule = new();

    private readonly ScanState _scan;
    // Whose reads this view records: a shared model's (everything it reads, while it is built or
    // later), or null in the view rules get, which records for the rule running on this flow.
    private readonly ReadLog? _owner;

    /// <param name="reportOnly">The files whose findings a pre-commit run reports (see <see cref="ReportOnly"/>).</param>
    public RepositoryContext(ISourceTree tree, GuardsPolicy policy, IReadOnlyList<SourceEntry> files, FindingSink sink, IReadOnlySet<string>? reportOnly = null, ScanShared? scan = null)
    {
        _scan = new ScanState(tree, policy, files, sink, reportOnly, scan ?? new ScanShared(sink));
    }

    private RepositoryContext(ScanState scan, ReadLog owner)
    {
        _scan = scan;
        _owner = owner;
    }

    public ISourceTree Tree => _scan.Tree;
    public GuardsPolicy Policy => _scan.Policy;

    /// <summary>What the whole scan shares with its file rules (a file's parse that both read).</summary>
    public ScanShared Scan => _scan.Shared;

    /// <summary>Every file offered to the scan (skipped ones included, with their reason).</summary>
    public IReadOnlyList<SourceEntry> Files => _scan.Files;

    /// <summary>
    /// In a pre-commit run, the staged files: a finding elsewhere is reported only when the staged
    /// change caused it. A finding that depends on its own file alone cannot be caused elsewhere,
    /// so a rule may judge only these files for such findings. Null in a full scan.
    /// </summary>
    public IReadOnlySet<string>? ReportOnly => _scan.ReportOnly;

    private ReadLog? Recorder => _owner ?? s_currentRule.Value;

    /// <summary>The text of a file in the tree, or null when it does not exist or cannot be read.</summary>
    public SourceText? ReadText(string relativePath)
    {
        Recorder?.Paths.TryAdd(relativePath, 0);
        return _scan.Texts.GetOrAdd(relativePath, path =>
        {
            var bytes = _scan.Tree.Read(path, out _);
            return bytes is null || PathUtil.LooksBinary(bytes) ? null : SourceText.FromBytes(path, bytes);
        });
    }

    /// <summary>The text of a file in the tree, or null with the reason it cannot be read (a symbolic link, deleted, binary, ...).</summary>
    public SourceText? ReadText(string relativePath, out string? error)
    {
        error = null;
        if (ReadText(relativePath) is { } text) return text;
        var bytes = _scan.Tree.Read(relativePath, out error);
        if (bytes is not null) error = SkipReasons.Binary;
        return null;
    }

    /// <summary>
    /// A model shared by several repository rules (the flake model, the docs' profile table). The
    /// factory gets a view of this context that records the model's own reads, whether made while
    /// the model is built or later, when a rule's question makes it read more.
    /// </summary>
    public T Shared<T>(string key, Func<RepositoryContext, T> factory) where T : class
    {
        Recorder?.Models.TryAdd(key, 0);
        var once = (Once<T>)_scan.Models.GetOrAdd(key, _ =>
        {
            var view = new RepositoryContext(_scan, _scan.ModelLogs.GetOrAdd(key, _ => new ReadLog()));
            return new Once<T>(() => factory(view));
        });
        return once.Value;
    }

    /// <summary>
    /// Records what runs on this flow (and the tasks it starts) as <paramref name="ruleId"/>'s
    /// reads, until disposed.
    /// </summary>
    public IDisposable RecordReadsOf(string ruleId)
    {
        var previous = s_currentRule.Value;
        s_currentRule.Value = _scan.RuleLogs.GetOrAdd(ruleId, id => new ReadLog(id));
        return new Restore(() => s_currentRule.Value = previous);
    }

    /// <summary>
    /// Every file <paramref name="ruleId"/> read through <see cref="ReadText"/>, itself or through
    /// the shared models it used (whenever they read it); null when its reads were not recorded.
    /// Existence questions and the file list are not included: they answer the same as long as
    /// no file is added or deleted.
    /// </summary>
    public IReadOnlySet<string>? ReadsOf(string ruleId)
    {
        if (!_scan.RuleLogs.TryGetValue(ruleId, out var log)) return null;
        var paths = new HashSet<string>(log.Paths.Keys, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(log.Models.Keys);
        while (pending.Count > 0)
        {
            var key = pending.Pop();
            if (!seen.Add(key) || !_scan.ModelLogs.TryGetValue(key, out var model)) continue;
            paths.UnionWith(model.Paths.Keys);
            foreach (var used in model.Models.Keys) pending.Push(used);
        }
        return paths;
    }

    public void Report(RuleSettings rule, string path, SourceSpan span, string matchedText, string message) =>
        _scan.Sink.Add(rule, path, span, matchedText, message, reportedBy: s_currentRule.Value?.RuleId);

    /// <summary>A finding that involves other places too (see <see cref="Finding.Related"/>).</summary>
    public void Report(RuleSettings rule, string path, SourceSpan span, string matchedText, string message, IEnumerable<RelatedLocation> related) =>
        _scan.Sink.Add(rule, path, span, matchedText, message, new RelatedLocations(related), s_currentRule.Value?.RuleId);

    /// <summary>An engine diagnostic, attributed (like every finding here) to the repository rule whose run reported it.</summary>
    public void ReportEngine(string ruleId, string path, SourceSpan span, string message) =>
        _scan.Sink.AddEngine(ruleId, path, span, message, s_currentRule.Value?.RuleId);

    /// <summary>Ends the scan's shared models: those that are <see cref="IDisposable"/> are disposed (views share them and do nothing).</summary>
    public void Dispose()
    {
        if (_owner is not null) return;
        foreach (var model in _scan.Models.Values)
        {
            if (model is IOnce { Built: IDisposable disposable }) disposable.Dispose();
        }
    }

    /// <summary>
    /// A question the reader cannot decide (UCG0003), at its root cause: every question that
    /// depends on the same cause (place and reason) is one finding that lists them.
    /// </summary>
    public void ReportUndecided(string path, SourceSpan span, string question, string reason) =>
        _scan.Sink.AddUndecided(path, span, question, reason, s_currentRule.Value?.RuleId);

    /// <summary>
    /// Counts <paramref name="count"/> questions of the contract the running rule verifies (does an
    /// entrypoint exist, is a component enabled on a node) as decided or not: the run says how many
    /// it answered, so an undecidable tree never reads as a verified one.
    /// </summary>
    public void CountQuestions(bool decided, int count = 1)
    {
        var tally = _scan.Questions.GetOrAdd(s_currentRule.Value?.RuleId ?? "", _ => new QuestionTally());
        if (decided) Interlocked.Add(ref tally.Decided, count);
        else Interlocked.Add(ref tally.Undecided, count);
    }

    /// <summary>The contract questions each rule counted (<see cref="CountQuestions"/>), by rule id.</summary>
    public IReadOnlyDictionary<string, ContractQuestions> Questions =>
        _scan.Questions.ToDictionary(kv => kv.Key, kv => new ContractQuestions(Volatile.Read(ref kv.Value.Decided), Volatile.Read(ref kv.Value.Undecided)), StringComparer.Ordinal);

    /// <summary>What every view of one scan shares: the tree, the caches, the models and the read logs.</summary>
    private sealed class ScanState(ISourceTree tree, GuardsPolicy policy, IReadOnlyList<SourceEntry> files, FindingSink sink, IReadOnlySet<string>? reportOnly, ScanShared shared)
    {
        public ScanShared Shared { get; } = shared;
        public ISourceTree Tree { get; } = tree;
        public IReadOnlySet<string>? ReportOnly { get; } = reportOnly;
        public GuardsPolicy Policy { get; } = policy;
        public IReadOnlyList<SourceEntry> Files { get; } = files;
        public FindingSink Sink { get; } = sink;
        public ConcurrentDictionary<string, SourceText?> Texts { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, object> Models { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, ReadLog> ModelLogs { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, ReadLog> RuleLogs { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, QuestionTally> Questions { get; } = new(StringComparer.Ordinal);
    }

    private sealed class QuestionTally
    {
        public int Decided;
        public int Undecided;
    }

    /// <summary>The files one rule or model read, and the shared models it used; a rule's log names the rule.</summary>
    private sealed class ReadLog(string? ruleId = null)
    {
        public string? RuleId { get; } = ruleId;
        public ConcurrentDictionary<string, byte> Paths { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, byte> Models { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    /// <summary>
    /// Computes a value once, whichever thread asks first. (Lazy&lt;T&gt; would do, but its T carries
    /// a trimming annotation that Native AOT would then demand of every caller's T.)
    /// </summary>
    private interface IOnce
    {
        object? Built { get; }
    }

    private sealed class Once<T>(Func<T> factory) : IOnce where T : class
    {
        private readonly object _gate = new();
        private T? _value;

        public object? Built => Volatile.Read(ref _value);

        public T Value
        {
            get
            {
                if (Volatile.Read(ref _value) is { } value) return value;
                lock (_gate) return _value ??= factory();
            }
        }
    }
}
