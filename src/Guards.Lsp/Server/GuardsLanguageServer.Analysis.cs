using System.Diagnostics;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Lsp.Protocol;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary>
/// The analysis: what the file rules found in each file (from the buffer when it is open), what
/// each repository rule found and read, and what was last published per file. Findings are kept
/// as the rules reported them; suppressions are resolved per file over the union of both, as a
/// scan resolves them. Everything here is guarded by <c>_gate</c>; scans run outside it on
/// snapshots (an <see cref="OverlayTree"/> of the buffers at one moment, numbered by generation).
/// </summary>
public sealed partial class GuardsLanguageServer
{
    private readonly HashSet<string> _dirtyFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _savedFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileFindings> _fileFindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Finding>> _repositoryFindings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlySet<string>> _repositoryReads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Published> _published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _changeStamps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedSkips = new(StringComparer.Ordinal);

    private GuardsPolicy? _policy;
    private PolicyException? _policyProblem;
    private string? _policyProblemPath;
    private SuppressionResolver? _resolver;
    private ISourceTree? _baseTree;
    private IReadOnlyList<SourceEntry>? _listing;
    private HashSet<string>? _listed;
    private bool _listingStale = true, _repositoryKnown, _repositoryAll;
    private bool _fullScanRequested, _reloadRequested, _stopping;
    private long _generation, _stamp, _progressCount;
    private CancellationTokenSource? _scanCancellation;
    private string? _progressToken;

    /// <summary>The file rules' findings of one file, and the generation of the snapshot they come from.</summary>
    private sealed record FileFindings(long Generation, int? Version, IReadOnlyList<Finding> Findings);

    /// <summary>What was last published for a file: the findings shown, and the buffer version they belong to.</summary>
    private sealed record Published(IReadOnlyList<Finding> Shown, int? Version);

    /// <summary>The buffers at one moment, as a tree the engine can scan.</summary>
    private sealed record Snapshot(long Generation, OverlayTree Tree, IReadOnlyDictionary<string, int> Versions);

    /// <summary>Reads the policy (initialize, and after a configuration file changed); keeps the last good one on failure.</summary>
    private bool LoadPolicy()
    {
        GuardsPolicy policy;
        try
        {
            policy = GuardsSession.LoadPolicy(_session!.Root, _configPath, _policyDirectory);
        }
        catch (PolicyException ex)
        {
            lock (_gate) _policyProblem = ex;
            if (_initialized) PublishPolicyProblem();
            return false;
        }
        _session!.UsePolicy(policy);
        var rulesRun = _session.Catalog.CreateRules().Select(r => r.Id)
            .Where(id => policy.Rule(id) is { Enabled: true })
            .Concat(policy.Rules.Keys.Where(GuardsEngine.IsEngineRule))
            .Distinct(StringComparer.Ordinal).ToList();
        lock (_gate)
        {
            _policy = policy;
            _resolver = new SuppressionResolver(policy, rulesRun);
            _baseTree = new WorkingTree(_session.Root) { MaxFileSize = policy.MaxFileSize };
            _listingStale = true;
            _policyProblem = null;
        }
        if (_initialized) PublishPolicyProblem();
        return true;
    }

    /// <summary>A broken configuration: one diagnostic at its line (or cleared once it loads again).</summary>
    private void PublishPolicyProblem()
    {
        PolicyException? problem;
        string? previous;
        lock (_gate)
        {
            problem = _policyProblem;
            previous = _policyProblemPath;
            _policyProblemPath = null;
        }
        if (previous is not null && (problem is null || ProblemPath(problem) != previous))
            Publish(FileUris.FromPath(previous), null, []);
        if (problem is null) return;
        var path = ProblemPath(problem);
        if (path is null || !File.Exists(path))
        {
            Log(MessageType.Error, $"configuration error: {problem.Message}");
            _rpc.Notify("window/showMessage", new LogMessageParams { Type = MessageType.Error, Message = $"uc-guards: configuration error: {problem.Message}" }, LspJson.Default.LogMessageParams);
            return;
        }
        lock (_gate) _policyProblemPath = path;
        var line = Math.Max(0, problem.Line - 1);
        var text = File.ReadAllText(path);
        var lineStart = OpenDocument.LineStart(text, line);
        var length = lineStart < 0 ? 0 : OpenDocument.LineEnd(text, lineStart) - lineStart;
        var start = Math.Min(Math.Max(0, problem.Column - 1), length);
        Publish(FileUris.FromPath(path), null,
        [
            new Diagnostic
            {
                Range = new Protocol.Range { Start = new Position { Line = line, Character = start }, End = new Position { Line = line, Character = Math.Max(length, start) } },
                Severity = DiagnosticSeverity.Error,
                Source = Diagnostics.Source,
                Message = $"configuration error: {problem.Reason}; the last configuration that loaded is still in use",
            },
        ]);
    }

    private string? ProblemPath(PolicyException problem)
    {
        if (problem.File.Length == 0) return null;
        return Path.IsPathRooted(problem.File) ? problem.File : Path.GetFullPath(Path.Combine(_session!.Root, problem.File));
    }

    private Snapshot TakeSnapshot()
    {
        var buffers = new Dictionary<string, byte[]>(_documents.Count, StringComparer.Ordinal);
        var versions = new Dictionary<string, int>(_documents.Count, StringComparer.Ordinal);
        foreach (var (path, document) in _documents)
        {
            buffers[path] = document.Utf8;
            versions[path] = document.Version;
        }
        return new Snapshot(++_generation, new OverlayTree(_baseTree!, buffers, _listing), versions);
    }

    private bool BaseFileExists(string path) => _baseTree?.FileExists(path) ?? false;

    /// <summary>Whether a file's buffer or disk content is for the file rules: it is listed (git tracks it or would), or it is a new buffer not on disk yet.</summary>
    private bool Analyzable(string path) =>
        _listed is null || _listingStale || _listed.Contains(path) || (_documents.ContainsKey(path) && !BaseFileExists(path));

    // ---- the buffer lane: file rules on one file at a time --------------------------------------

    private void RunFileLane()
    {
        while (true)
        {
            List<string> paths;
            Snapshot snapshot;
            lock (_gate)
            {
                if (_stopping || _policy is null || _dirtyFiles.Count == 0) return;
                paths = _dirtyFiles.Order(StringComparer.Ordinal).ToList();
                _dirtyFiles.Clear();
                snapshot = TakeSnapshot();
            }
            foreach (var path in paths) AnalyzeFile(path, snapshot);
        }
    }

    private void AnalyzeFile(string path, Snapshot snapshot)
    {
        bool analyzable;
        lock (_gate) analyzable = Analyzable(path);
        IReadOnlyList<Finding> findings = [];
        IReadOnlyDictionary<string, SourceText>? texts = null;
        if (analyzable)
        {
            var result = _session!.Scan(new ScanRequest { Tree = snapshot.Tree, Files = [path], Unsuppressed = true, Jobs = 1 });
            ReportProblems(result);
            findings = result.Findings;
            texts = result.Texts;
        }
        snapshot.Versions.TryGetValue(path, out var version);
        lock (_gate)
        {
            if (_fileFindings.TryGetValue(path, out var stored) && stored.Generation > snapshot.Generation) return;
            _fileFindings[path] = new FileFindings(snapshot.Generation, snapshot.Versions.ContainsKey(path) ? version : null, findings);
            Touch(path);
        }
        PublishFiles([path], snapshot, texts, always: snapshot.Versions.ContainsKey(path));
    }

    // ---- the tree lane: the policy, the listing, the whole-tree scan, repository re-runs --------

    private void RunTreeLane()
    {
        while (true)
        {
            bool reload, full, relist;
            List<string> saved;
            lock (_gate)
            {
                if (_stopping) return;
                reload = _reloadRequested;
                _reloadRequested = false;
            }
            if (reload && LoadPolicy())
            {
                lock (_gate) _fullScanRequested = true;
            }
            lock (_gate)
            {
                if (_stopping || _policy is null) return;
                relist = _listingStale;
                full = _fullScanRequested;
                _fullScanRequested = false;
                saved = _savedFiles.Order(StringComparer.Ordinal).ToList();
                _savedFiles.Clear();
                if (!relist && !full && saved.Count == 0) return;
            }
            if (relist) Relist();
            if (full) ScanTree();
            else if (saved.Count > 0) RerunRepositoryRules(saved);
        }
    }

    /// <summary>Lists the tree again (a file was added or deleted, or the policy changed); files no longer listed lose their file findings.</summary>
    private void Relist()
    {
        ISourceTree tree;
        lock (_gate) tree = _baseTree!;
        var listing = tree.Enumerate().ToList();
        var listed = listing.Where(e => e.SkipReason is null).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        List<string> dropped;
        lock (_gate)
        {
            if (_listed is not null && !_listed.SetEquals(listed)) _repositoryAll = true;
            _listing = listing;
            _listed = listed;
            _listingStale = false;
            dropped = _fileFindings.Keys.Where(p => !Analyzable(p) && _fileFindings[p].Findings.Count > 0).ToList();
            foreach (var path in dropped)
            {
                _fileFindings[path] = new FileFindings(_generation, null, []);
                Touch(path);
            }
        }
        if (dropped.Count > 0)
        {
            Snapshot snapshot;
            lock (_gate) snapshot = TakeSnapshot();
            PublishFiles(dropped, snapshot, null, always: false);
        }
        _fileLane.Poke();
    }

    /// <summary>The whole-tree scan: every rule on every file, with progress the client can cancel.</summary>
    private void ScanTree()
    {
        var cancellation = new CancellationTokenSource();
        Snapshot snapshot;
        lock (_gate)
        {
            if (_stopping) return;
            _scanCancellation = cancellation;
            snapshot = TakeSnapshot();
        }
        var progress = StartProgress("uc-guards: checking the tree");
        ScanResult result;
        var clock = Stopwatch.StartNew();
        try
        {
            result = _session!.Scan(new ScanRequest
            {
                Tree = snapshot.Tree, Unsuppressed = true, Jobs = _options.Jobs, Cancellation = cancellation.Token,
                Progress = progress is null ? null : new ProgressReporter(this, progress),
            });
        }
        catch (OperationCanceledException)
        {
            EndProgress(progress, "cancelled: findings appear as files are opened, edited and saved");
            Log(MessageType.Info, "the whole-tree scan was cancelled");
            return;
        }
        finally
        {
            lock (_gate) _scanCancellation = null;
            cancellation.Dispose();
        }
        ReportProblems(result);

        var fromRepository = result.RepositoryFindings.Values.SelectMany(f => f).ToHashSet();
        var byPath = result.Findings.Where(f => !fromRepository.Contains(f)).GroupBy(f => f.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Finding>)g.ToList(), StringComparer.Ordinal);
        var affected = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var path in _fileFindings.Keys.Concat(byPath.Keys).ToList())
            {
                if (_fileFindings.TryGetValue(path, out var stored) && stored.Generation > snapshot.Generation) continue;
                var findings = byPath.TryGetValue(path, out var f) ? f : [];
                if (stored is { Findings.Count: 0 } && findings.Count == 0) continue;
                _fileFindings[path] = new FileFindings(snapshot.Generation, snapshot.Versions.TryGetValue(path, out var v) ? v : null, findings);
                affected.Add(path);
            }
            foreach (var findings in _repositoryFindings.Values) affected.UnionWith(findings.Select(f => f.Path));
            _repositoryFindings.Clear();
            _repositoryReads.Clear();
            foreach (var (rule, findings) in result.RepositoryFindings)
            {
                _repositoryFindings[rule] = findings;
                affected.UnionWith(findings.Select(f => f.Path));
            }
            foreach (var (rule, reads) in result.RepositoryReads) _repositoryReads[rule] = reads;
            _repositoryKnown = true;
            _repositoryAll = false;
            // Files whose directives need checking even without findings.
            affected.UnionWith(result.Texts.Keys);
            foreach (var path in affected) Touch(path);
        }
        PublishFiles(affected, snapshot, result.Texts, always: false);
        int shown, files;
        lock (_gate)
        {
            shown = _published.Values.Sum(p => p.Shown.Count);
            files = _published.Values.Count(p => p.Shown.Count > 0);
        }
        EndProgress(progress, $"{shown} finding{(shown == 1 ? "" : "s")} in {files} file{(files == 1 ? "" : "s")} ({clock.Elapsed.TotalSeconds:0.0}s)");
    }

    /// <summary>
    /// After files were saved: the repository rules that read one of them run again (all of them
    /// when files were added or deleted, or when the tree was never scanned whole), and their
    /// findings replace the ones they had.
    /// </summary>
    private void RerunRepositoryRules(IReadOnlyCollection<string> saved)
    {
        List<string> rules;
        bool all;
        lock (_gate)
        {
            all = !_repositoryKnown || _repositoryAll;
            rules = all ? [] : _repositoryReads.Where(kv => kv.Value.Overlaps(saved)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            if (!all && rules.Count == 0) return;
        }
        Snapshot snapshot;
        lock (_gate) snapshot = TakeSnapshot();
        var result = _session!.Scan(new ScanRequest { Tree = snapshot.Tree, Rules = rules, FileRules = false, Unsuppressed = true, Jobs = _options.Jobs });
        ReportProblems(result);
        var affected = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            if (all)
            {
                foreach (var findings in _repositoryFindings.Values) affected.UnionWith(findings.Select(f => f.Path));
                _repositoryFindings.Clear();
                _repositoryReads.Clear();
                _repositoryKnown = true;
                _repositoryAll = false;
            }
            foreach (var (rule, findings) in result.RepositoryFindings)
            {
                if (_repositoryFindings.TryGetValue(rule, out var old)) affected.UnionWith(old.Select(f => f.Path));
                _repositoryFindings[rule] = findings;
                affected.UnionWith(findings.Select(f => f.Path));
            }
            foreach (var (rule, reads) in result.RepositoryReads) _repositoryReads[rule] = reads;
            foreach (var path in affected) Touch(path);
        }
        PublishFiles(affected, snapshot, null, always: false);
    }

    // ---- publishing -----------------------------------------------------------------------------

    /// <summary>Marks a file's findings as changed: a publish computed from older ones is dropped.</summary>
    private void Touch(string path) => _changeStamps[path] = ++_stamp;

    /// <summary>
    /// Resolves suppressions for each file over its file-rule and repository-rule findings and
    /// publishes the files whose shown findings changed (or every one, with <paramref name="always"/>:
    /// an edited buffer gets an answer for each version).
    /// </summary>
    private void PublishFiles(IEnumerable<string> paths, Snapshot snapshot, IReadOnlyDictionary<string, SourceText>? texts, bool always)
    {
        foreach (var path in paths)
        {
            List<Finding> raw;
            long stamp;
            int? version;
            SuppressionResolver resolver;
            GuardsPolicy policy;
            lock (_gate)
            {
                if (_resolver is null || _policy is null) return;
                resolver = _resolver;
                policy = _policy;
                stamp = _changeStamps.GetValueOrDefault(path);
                raw = [];
                version = null;
                if (_fileFindings.TryGetValue(path, out var file))
                {
                    raw.AddRange(file.Findings);
                    version = file.Version;
                }
                foreach (var findings in _repositoryFindings.Values) raw.AddRange(findings.Where(f => f.Path == path));
            }

            var text = texts is not null && texts.TryGetValue(path, out var t) ? t : ReadText(snapshot.Tree, path);
            var resolved = text is null ? raw.Distinct().ToList() : resolver.Resolve(text, raw);
            var shown = resolved.Where(f => !f.IsSuppressed).ToList();
            shown.Sort(GuardsEngine.CompareFindings);

            lock (_gate)
            {
                if (_changeStamps.GetValueOrDefault(path) != stamp) continue; // newer findings are being published
                var previous = _published.GetValueOrDefault(path);
                if (!always && (previous?.Shown ?? []).SequenceEqual(shown)) continue;
                if (shown.Count == 0 && !always) _published.Remove(path);
                else _published[path] = new Published(shown, version);
                Publish(UriOf(path), version, shown.Select(f => Diagnostics.From(f, policy, UriOf)).ToList());
            }
        }
    }

    private static SourceText? ReadText(ISourceTree tree, string path)
    {
        var bytes = tree.Read(path, out _);
        return bytes is null || PathUtil.LooksBinary(bytes) ? null : SourceText.FromBytes(path, bytes);
    }

    private void Publish(string uri, int? version, List<Diagnostic> diagnostics) =>
        _rpc.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams { Uri = uri, Version = version, Diagnostics = diagnostics }, LspJson.Default.PublishDiagnosticsParams);

    /// <summary>Rule failures and files the scan could not analyse go to the client's log; a skipped file once per reason.</summary>
    private void ReportProblems(ScanResult result)
    {
        foreach (var error in result.InternalErrors) Log(MessageType.Error, $"internal error: {error}");
        foreach (var (reason, paths) in result.Statistics.Skipped)
        {
            if (reason == SkipReasons.NeverScanned) continue;
            foreach (var path in paths)
            {
                bool open;
                lock (_gate) open = _documents.ContainsKey(path) && _reportedSkips.Add(path + "\n" + reason);
                if (open) Log(MessageType.Warning, $"{path} is not analysed: {reason}");
            }
        }
    }

    // ---- progress of the whole-tree scan --------------------------------------------------------

    /// <summary>Creates a progress token with the client and begins it; null when the client shows no progress.</summary>
    private string? StartProgress(string title)
    {
        if (!_client.WorkDoneProgress) return null;
        var token = $"uc-guards/scan/{Interlocked.Increment(ref _progressCount)}";
        using var created = new ManualResetEventSlim();
        var accepted = false;
        _rpc.Request("window/workDoneProgress/create", new WorkDoneProgressCreateParams { Token = token }, LspJson.Default.WorkDoneProgressCreateParams, (_, error) =>
        {
            accepted = error is null;
            created.Set();
        });
        // The token may be used only once the client has answered.
        if (!created.Wait(TimeSpan.FromSeconds(5)) || !accepted) return null;
        lock (_gate) _progressToken = token;
        SendProgress(token, new WorkDoneProgress { Kind = "begin", Title = title, Cancellable = true, Percentage = 0 });
        return token;
    }

    private void EndProgress(string? token, string message)
    {
        if (token is null) return;
        lock (_gate) _progressToken = null;
        SendProgress(token, new WorkDoneProgress { Kind = "end", Message = message });
    }

    private void SendProgress(string token, WorkDoneProgress value) =>
        _rpc.Notify("$/progress", new ProgressParams { Token = token, Value = value }, LspJson.Default.ProgressParams);

    private void CancelProgress(WorkDoneProgressCancelParams? parameters)
    {
        var token = parameters?.Token?.ToString();
        lock (_gate)
        {
            if (token is not null && token == _progressToken) _scanCancellation?.Cancel();
        }
    }

    /// <summary>Scan progress as $/progress reports, at most five a second.</summary>
    private sealed class ProgressReporter(GuardsLanguageServer server, string token) : IProgress<ScanProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _lastReport = -1000;

        public void Report(ScanProgress value)
        {
            var now = _clock.ElapsedMilliseconds;
            var last = Interlocked.Read(ref _lastReport);
            if (now - last < 200 && value.FilesDone < value.FilesTotal) return;
            if (Interlocked.CompareExchange(ref _lastReport, now, last) != last) return;
            var percentage = value.FilesTotal == 0 ? 100 : (int)(100L * value.FilesDone / value.FilesTotal);
            server.SendProgress(token, new WorkDoneProgress { Kind = "report", Message = $"{value.FilesDone}/{value.FilesTotal} files", Percentage = percentage });
        }
    }
}
