using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>
/// One scan of one tree: list the files, run each file through the rules that apply to it (fast
/// path first, one parse per language, parallel by file) beside the repository-wide rules, then
/// apply suppressions and fingerprints and sort.
/// </summary>
internal sealed class ScanPipeline
{
    private readonly GuardsSession _session;
    private readonly ScanRequest _request;
    private readonly ISourceTree _tree;
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _skipped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SourceText> _texts = new(StringComparer.Ordinal);
    private IReadOnlySet<string>? _reportOnly;
    private int _filesRead, _filesAnalyzed, _filesDone;
    private long _lines;

    public ScanPipeline(GuardsSession session, ScanRequest request, ISourceTree tree)
    {
        _session = session;
        _request = request;
        _tree = tree;
    }

    public ScanResult Run()
    {
        var clock = Stopwatch.StartNew();
        var cancellation = _request.Cancellation;
        cancellation.ThrowIfCancellationRequested();
        // Listing the tree (in a repository, git's status walk of the work tree) needs no policy:
        // it runs while the policy loads and the rules compile their options. Named files need no listing.
        var enumeration = _request.Files is { } named
            ? Task.FromResult(named.Distinct(StringComparer.Ordinal).Select(p => new SourceEntry(p, 0)).ToList())
            : Task.Run(() => _tree.Enumerate().ToList());
        GuardsPolicy policy;
        List<GuardRule> rules;
        try
        {
            policy = _session.Policy;
            if (_tree is WorkingTree workingTree) workingTree.MaxFileSize = policy.MaxFileSize;
            rules = ConfigureRules(policy);
            // A platform without the parser library is told so here, in one sentence, not by a failed parse per file.
            Syntax.TreeSitter.TreeSitterLibrary.EnsureAvailable();
        }
        catch
        {
            // The configuration error is the one to report; the listing must not outlive the scan.
            try { enumeration.Wait(); } catch (AggregateException) { }
            throw;
        }

        var sink = new FindingSink(policy);
        var entries = enumeration.GetAwaiter().GetResult();
        _reportOnly = ReportOnly(entries);
        var candidates = Candidates(entries, policy);
        var readable = candidates.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var repositoryRules = rules.OfType<RepositoryRule>().ToArray();
        var repositoryContext = new RepositoryContext(_tree, policy, entries.Where(e => e.SkipReason is null && readable.Contains(e.Path)).ToList(), sink, _reportOnly);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = _request.Jobs > 0 ? _request.Jobs : Environment.ProcessorCount,
            CancellationToken = cancellation,
        };

        var repositoryTask = Task.Run(() => RunRepositoryRules(repositoryRules, repositoryContext, sink, parallel));
        // With a report-only set (pre-commit, some paths), file rules run only on the reported files:
        // a file rule's findings elsewhere would be dropped anyway. Repository rules still see the whole tree.
        var analyzed = _reportOnly is { } only ? candidates.Where(c => only.Contains(c.Path)).ToList() : candidates;
        try
        {
            RunFileRules(rules.OfType<FileRule>().ToArray(), analyzed, policy, sink, repositoryContext, parallel);
        }
        finally
        {
            // A cancelled scan still waits for the repository rule running now: nothing outlives the scan.
            try { repositoryTask.Wait(); }
            catch (AggregateException) when (cancellation.IsCancellationRequested) { }
            // The scan's shared models that hold native resources (the Rust parses) end with it.
            repositoryContext.Dispose();
        }
        cancellation.ThrowIfCancellationRequested();

        var rulesRun = rules.Select(r => r.Id).Concat(policy.Rules.Keys.Where(GuardsEngine.IsEngineRule)).Distinct().Order(StringComparer.Ordinal).ToList();
        var (findings, unreported) = Finish(sink.Findings, policy, rulesRun);

        return new ScanResult
        {
            Root = _session.Root,
            Policy = policy,
            Tree = _tree,
            Findings = findings,
            Unreported = unreported,
            RulesRun = rulesRun,
            IdleRules = IdleRules(rules, candidates),
            Texts = _texts,
            RepositoryFindings = RepositoryFindings(repositoryRules, sink),
            Questions = repositoryContext.Questions.Where(kv => kv.Key.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            RepositoryReads = repositoryRules.ToDictionary(r => r.Id, r => repositoryContext.ReadsOf(r.Id) ?? new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal),
            InternalErrors = sink.InternalErrors.Order(StringComparer.Ordinal).ToList(),
            // With a report-only set, the statistics describe the reported files.
            Statistics = new ScanStatistics
            {
                FilesOffered = _reportOnly is { } reported ? entries.Count(e => reported.Contains(e.Path)) : entries.Count,
                FilesRead = _filesRead,
                FilesAnalyzed = _filesAnalyzed,
                LinesAnalyzed = _lines,
                Skipped = _skipped
                    .Select(kv => (kv.Key, Paths: (IReadOnlyList<string>)kv.Value.Where(p => _reportOnly?.Contains(p) ?? true).Order(StringComparer.Ordinal).ToList()))
                    .Where(kv => kv.Paths.Count > 0)
                    .ToDictionary(kv => kv.Key, kv => kv.Paths, StringComparer.Ordinal),
                Elapsed = clock.Elapsed,
            },
        };
    }

    /// <summary>
    /// The rules of this scan that had nothing to read: scoped rules none of whose scopes holds a
    /// file of the tree (a repository the shipped scopes do not describe, a misspelt glob). The
    /// whole tree is looked at, whatever paths were asked for, so a check of one folder does not
    /// call every other rule idle.
    /// </summary>
    private static IReadOnlyList<IdleRule> IdleRules(List<GuardRule> rules, List<SourceEntry> candidates)
    {
        var idle = new List<IdleRule>();
        // A repository rule reads whatever its scopes hold: each scope is looked for once, however many rules share it.
        var scopeHasFile = new Dictionary<Scope, bool>(ReferenceEqualityComparer.Instance);
        bool HasFile(GuardRule rule)
        {
            var scopes = rule.Settings.Scopes;
            if (rule is FileRule file)
            {
                foreach (var candidate in candidates)
                {
                    if (file.HandlesFile(candidate.Path) && rule.Settings.AppliesTo(candidate.Path)) return true;
                }
                return false;
            }
            for (var i = 0; i < scopes.Count; i++)
            {
                var scope = scopes[i];
                if (!scopeHasFile.TryGetValue(scope, out var has))
                {
                    has = false;
                    foreach (var candidate in candidates)
                    {
                        if (scope.Contains(candidate.Path)) { has = true; break; }
                    }
                    scopeHasFile[scope] = has;
                }
                if (has) return true;
            }
            return false;
        }
        // A rule judged by several classes (UCG1005) is idle only when none of them has a file.
        foreach (var classes in rules.Where(r => r.Settings.Scopes.Count > 0 && !GuardsEngine.IsEngineRule(r.Id)).GroupBy(r => r.Id))
        {
            if (!classes.Any(HasFile))
                idle.Add(new IdleRule(classes.Key, classes.First().Settings.Scopes.Select(s => s.Name).ToList()));
        }
        return idle.OrderBy(r => r.RuleId, StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, IReadOnlyList<Finding>> RepositoryFindings(RepositoryRule[] rules, FindingSink sink)
    {
        var reported = sink.ReportedBy();
        return rules.ToDictionary(r => r.Id, r => reported.TryGetValue(r.Id, out var findings) ? findings : [], StringComparer.Ordinal);
    }

    private void Skip(string reason, string path) => _skipped.GetOrAdd(reason, _ => []).Add(path);

    /// <summary>
    /// The files whose findings are reported: the request's set (the staged files) within the
    /// session's paths; null when every file's are.
    /// </summary>
    private IReadOnlySet<string>? ReportOnly(List<SourceEntry> entries)
    {
        if (_request.Everywhere || _session.Within.Count == 0) return _request.ReportOnly;
        var given = _request.ReportOnly;
        return entries.Select(e => e.Path).Where(p => (given is null || given.Contains(p)) && _session.IsWithin(p)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The entries a rule may read; every other one is counted by reason.</summary>
    private List<SourceEntry> Candidates(List<SourceEntry> entries, GuardsPolicy policy)
    {
        var candidates = new List<SourceEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.SkipReason is not null) Skip(entry.SkipReason, entry.Path);
            else if (policy.IsNeverScanned(entry.Path)) Skip(SkipReasons.NeverScanned, entry.Path);
            else if (entry.Size > policy.MaxFileSize) Skip(SkipReasons.TooLarge, entry.Path);
            else candidates.Add(entry);
        }
        return candidates;
    }

    private List<GuardRule> ConfigureRules(GuardsPolicy policy)
    {
        foreach (var id in _request.Rules)
        {
            if (!policy.Rules.ContainsKey(id))
                throw new PolicyException("--rule", 0, 0, $"unknown rule id '{id}' (known: {string.Join(", ", policy.Rules.Keys.Order(StringComparer.Ordinal))})");
        }
        var selected = new List<GuardRule>();
        foreach (var rule in _session.Catalog.CreateRules())
        {
            // A rule class the policy has no rule file for would never run: refused, never skipped.
            var settings = policy.Rule(rule.Id)
                ?? throw new PolicyException($"rules/{rule.Id}-*.yaml", 0, 0,
                    $"the rule {rule.Id} ({rule.GetType().Name}) has no rule file in the policy, so it would never run: add rules/{rule.Id}-NAME.yaml (a policy folder given with --policy needs one for every rule)");
            // Every rule's options are checked, whether or not it runs in this scan.
            var skipped = !settings.Enabled
                || (_request.Rules.Count > 0 && !_request.Rules.Contains(rule.Id) && !GuardsEngine.IsEngineRule(rule.Id))
                || (rule is FileRule && !_request.FileRules)
                || (rule is RepositoryRule && (!_request.RepositoryRules || _request.Files is not null));
            if (skipped)
            {
                rule.Bind(settings);
                continue;
            }
            rule.Configure(settings, policy);
            selected.Add(rule);
        }
        return selected;
    }

    private static void RunRepositoryRules(RepositoryRule[] rules, RepositoryContext context, FindingSink sink, ParallelOptions parallel)
    {
        if (rules.Length == 0) return;
        // Side by side: the models they share (flake, docs) are built once, by the first to ask.
        Parallel.ForEach(rules, parallel, rule =>
        {
            using var reads = context.RecordReadsOf(rule.Id);
            try { rule.Analyze(context); }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                sink.AddInternalError($"{rule.Id} failed on the repository: {ex.GetType().Name}: {ex.Message}");
            }
        });
    }

    private void RunFileRules(FileRule[] rules, List<SourceEntry> files, GuardsPolicy policy, FindingSink sink, RepositoryContext repository, ParallelOptions parallel)
    {
        // Each worker reads into one scratch buffer: most files are looked at by the fast paths
        // only, and only a file some rule reads is copied out of it.
        // One file at a time to each worker: a worker handed a run of files would leave the other
        // idle while it parses the last of them.
        Parallel.ForEach(Partitioner.Create(files, EnumerablePartitionerOptions.NoBuffering), parallel, () => new byte[1 << 16], (entry, _, scratch) =>
        {
            try
            {
                AnalyzeFile(entry, rules, policy, sink, repository, ref scratch);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                sink.AddInternalError($"reading {entry.Path} failed: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                var count = Interlocked.Increment(ref _filesDone);
                _request.Progress?.Report(new ScanProgress(files.Count, count, _filesAnalyzed, sink.Count));
            }
            return scratch;
        }, _ => { });
    }

    private void AnalyzeFile(SourceEntry entry, FileRule[] rules, GuardsPolicy policy, FindingSink sink, RepositoryContext repository, ref byte[] scratch)
    {
        var applicable = new List<FileRule>(rules.Length);
        foreach (var rule in rules)
        {
            if (rule.HandlesFile(entry.Path) && rule.Settings.AppliesTo(entry.Path)) applicable.Add(rule);
        }
        if (applicable.Count == 0) return;
        if (_tree.ReadTransient(entry.Path, ref scratch, out var error) is not { } content) { Skip(error ?? SkipReasons.Unreadable, entry.Path); return; }
        if (content.Length > policy.MaxFileSize) { Skip(SkipReasons.TooLarge, entry.Path); return; }
        if (PathUtil.LooksBinary(content.Span)) { Skip(SkipReasons.Binary, entry.Path); return; }
        Interlocked.Increment(ref _filesRead);
        // A UTF-16 file is transcoded first: the fast paths read UTF-8.
        var text = SourceText.HasUtf16Bom(content.Span) ? SourceText.FromBytes(entry.Path, content.ToArray()) : null;
        var utf8 = text is null ? content.Span : text.Utf8;
        var matching = new List<FileRule>(applicable.Count);
        foreach (var rule in applicable)
        {
            if (rule.MayMatch(entry.Path, utf8)) matching.Add(rule);
        }
        if (matching.Count == 0 && !Suppressions.MayHold(utf8)) return;
        text ??= SourceText.FromBytes(entry.Path, content.ToArray());
        if (matching.Count == 0 && Suppressions.Find(text).Count == 0) return;
        Interlocked.Increment(ref _filesAnalyzed);
        Interlocked.Add(ref _lines, text.LineCount);
        _texts[entry.Path] = text;
        using var context = new FileContext(text, policy, _tree, sink, repository);
        foreach (var rule in matching)
        {
            try { rule.Analyze(context); }
            catch (RegexMatchTimeoutException ex)
            {
                sink.AddEngine("UCG0001", entry.Path, SourceSpan.FileStart,
                    $"{rule.Id}: pattern matching took longer than {ex.MatchTimeout.TotalSeconds:0.#}s; the rule skipped this file");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                sink.AddInternalError($"{rule.Id} failed on {entry.Path}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>Suppressions, a stable order and fingerprints; with ReportOnly, the findings elsewhere set aside.</summary>
    private (IReadOnlyList<Finding> Reported, IReadOnlyList<Finding> Unreported) Finish(IEnumerable<Finding> raw, GuardsPolicy policy, IReadOnlyList<string> rulesRun)
    {
        var all = new List<Finding>();
        if (_request.Unsuppressed) all.AddRange(raw.Distinct());
        else
        {
            var resolver = new SuppressionResolver(policy, rulesRun);
            var byPath = raw.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IEnumerable<Finding>)g, StringComparer.Ordinal);
            foreach (var path in _texts.Keys) byPath.TryAdd(path, []);
            foreach (var (path, findings) in byPath)
            {
                var text = _texts.TryGetValue(path, out var t) ? t : ReadForSuppressions(path);
                all.AddRange(text is null ? findings.Distinct() : resolver.Resolve(text, findings));
            }
        }

        all.Sort(GuardsEngine.CompareFindings);
        // An occurrence index needs every finding of the file: unsuppressed findings are merged elsewhere first.
        var fingerprinted = _request.Unsuppressed ? all : Fingerprints.Assign(all);
        if (_reportOnly is not { } reportOnly) return (fingerprinted, []);
        return (fingerprinted.Where(f => reportOnly.Contains(f.Path)).ToList(), fingerprinted.Where(f => !reportOnly.Contains(f.Path)).ToList());
    }

    private SourceText? ReadForSuppressions(string path)
    {
        var bytes = _tree.Read(path, out _);
        return bytes is null || PathUtil.LooksBinary(bytes) ? null : SourceText.FromBytes(path, bytes);
    }
}
