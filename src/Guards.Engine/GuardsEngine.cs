using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine;

/// <summary>
/// The one engine every shell (CLI, MSBuild task, tests) drives: discover files, run each file
/// through the rules that apply to it (fast path first, one parse per language, parallel by
/// file), run the repository-wide rules, then apply suppressions and fingerprints and sort.
/// </summary>
public static class GuardsEngine
{
    /// <summary>
    /// The root findings are relative to: the folder of the nearest uc-guards.yaml at or above the
    /// path, else the git work tree holding it, else the path itself.
    /// </summary>
    public static string ResolveRoot(string path, string? configPath = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (configPath is not null) return System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(configPath))!;
        var config = PolicyLoader.FindRepositoryConfig(full);
        if (config is not null) return System.IO.Path.GetDirectoryName(config)!;
        var workdir = GitWorkTreeOf(full);
        if (workdir is not null) return System.IO.Path.GetFullPath(workdir).TrimEnd('/');
        return File.Exists(full) ? System.IO.Path.GetDirectoryName(full)! : full;
    }

    /// <summary>
    /// The work tree of the git repository holding <paramref name="fullPath"/>, or null outside any.
    /// A bare repository (nothing checked out to scan) or a repository libgit2 cannot open (a
    /// broken <c>.git</c> file or folder) is a <see cref="PolicyException"/>: exit 2 with a clear
    /// message, never a crash and never a silent walk of git's own files.
    /// </summary>
    public static string? GitWorkTreeOf(string fullPath)
    {
        string? gitDir;
        try { gitDir = GitDiscovery.Find(fullPath); }
        catch (LibGit2SharpException ex) { throw new PolicyException(fullPath, 0, 0, $"cannot read the git repository holding this path: {ex.Message}"); }
        if (gitDir is null) return null;
        try
        {
            using var repo = new Repository(gitDir);
            if (repo.Info.IsBare || repo.Info.WorkingDirectory is null)
                throw new PolicyException(fullPath, 0, 0, $"is in a bare git repository ({gitDir.TrimEnd('/')}), which has no working tree to scan: scan a checkout of it (git clone, git worktree add)");
            return repo.Info.WorkingDirectory;
        }
        catch (LibGit2SharpException ex)
        {
            throw new PolicyException(fullPath, 0, 0, $"cannot open the git repository at {gitDir.TrimEnd('/')}: {ex.Message}");
        }
    }

    public static GuardsPolicy LoadPolicy(string root, string? configPath, string? policyDirectory)
    {
        var shipped = policyDirectory is null ? PolicyLoader.ShippedDocuments() : PolicyLoader.DocumentsFromDirectory(policyDirectory);
        var config = configPath ?? PolicyLoader.FindRepositoryConfig(root);
        return PolicyLoader.Load(shipped, config);
    }

    public static ScanResult Scan(ScanOptions options)
    {
        var clock = Stopwatch.StartNew();
        if (options.Tree is null && !File.Exists(options.Path) && !Directory.Exists(options.Path))
            throw new PolicyException(options.Path, 0, 0, "path does not exist");

        if (options.Tree is null) GitWorkTreeOf(System.IO.Path.GetFullPath(options.Path));
        // A tree with nothing on disk (in memory) is its own root; otherwise the root is resolved from the path.
        var root = options.Tree is { DiskRoot: null } memory && options.Policy is not null
            ? memory.Description
            : options.Tree?.DiskRoot ?? ResolveRoot(options.Path, options.ConfigPath);
        var tree = options.Tree ?? new WorkingTree(root, options.Path);
        // Listing the tree (in a repository, git's status walk of the work tree) needs no policy:
        // it runs while the policy loads and the rules compile their options.
        var enumeration = Task.Run(() => tree.Enumerate().ToList());
        GuardsPolicy policy;
        List<GuardRule> rules;
        try
        {
            policy = options.Policy ?? LoadPolicy(root, options.ConfigPath, options.PolicyDirectory);
            if (tree is WorkingTree workingTree) workingTree.MaxFileSize = policy.MaxFileSize;
            rules = ConfigureRules(options, policy);
        }
        catch
        {
            // The configuration error is the one to report; the listing must not outlive the scan.
            try { enumeration.Wait(); } catch (AggregateException) { }
            throw;
        }
        var fileRules = rules.OfType<FileRule>().ToArray();
        var repositoryRules = rules.OfType<RepositoryRule>().ToArray();

        var sink = new FindingSink(policy);
        var skipped = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
        void Skip(string reason, string path) => skipped.GetOrAdd(reason, _ => []).Add(path);

        var entries = enumeration.GetAwaiter().GetResult();
        var candidates = new List<SourceEntry>();
        foreach (var entry in entries)
        {
            if (entry.SkipReason is not null) Skip(entry.SkipReason, entry.Path);
            else if (policy.IsNeverScanned(entry.Path)) Skip(SkipReasons.NeverScanned, entry.Path);
            else if (entry.Size > policy.MaxFileSize) Skip(SkipReasons.TooLarge, entry.Path);
            else candidates.Add(entry);
        }
        var readable = candidates.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);

        int filesRead = 0, filesAnalyzed = 0, done = 0;
        long lines = 0;
        var texts = new ConcurrentDictionary<string, SourceText>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Jobs > 0 ? options.Jobs : Environment.ProcessorCount };

        var scanShared = new ScanShared(sink);
        var repositoryContext = new RepositoryContext(tree, policy, entries.Where(e => e.SkipReason is null && readable.Contains(e.Path)).ToList(), sink, options.ReportOnly, scanShared);
        var repositoryTask = Task.Run(() =>
        {
            if (repositoryRules.Length == 0) return;
            // Side by side: the models they share (flake, docs) are built once, by the first to ask.
            Parallel.ForEach(repositoryRules, parallel, rule =>
            {
                using var reads = repositoryContext.RecordReadsOf(rule.Id);
                try { rule.Analyze(repositoryContext); }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    sink.AddInternalError($"{rule.Id} failed on the repository: {ex.GetType().Name}: {ex.Message}");
                }
            });
        });

        // With ReportOnly (pre-commit), file rules run only on the reported files: a file rule's
        // findings elsewhere would be dropped anyway. Repository rules still see the whole tree.
        var analyzed = options.ReportOnly is { } only ? candidates.Where(c => only.Contains(c.Path)).ToList() : candidates;
        // Each worker reads into one scratch buffer: most files are looked at by the fast paths
        // only, and only a file some rule reads is copied out of it.
        Parallel.ForEach(analyzed, parallel, () => new byte[1 << 16], (entry, _, scratch) =>
        {
            var applicable = new List<FileRule>(fileRules.Length);
            foreach (var rule in fileRules)
            {
                if (rule.HandlesFile(entry.Path) && rule.Settings.AppliesTo(entry.Path)) applicable.Add(rule);
            }
            try
            {
                if (applicable.Count == 0) return scratch;
                if (tree.ReadTransient(entry.Path, ref scratch, out var error) is not { } content) { Skip(error ?? SkipReasons.Unreadable, entry.Path); return scratch; }
                if (content.Length > policy.MaxFileSize) { Skip(SkipReasons.TooLarge, entry.Path); return scratch; }
                if (PathUtil.LooksBinary(content.Span)) { Skip(SkipReasons.Binary, entry.Path); return scratch; }
                Interlocked.Increment(ref filesRead);
                // A UTF-16 file is transcoded first: the fast paths read UTF-8.
                var text = SourceText.HasUtf16Bom(content.Span) ? SourceText.FromBytes(entry.Path, content.ToArray()) : null;
                var utf8 = text is null ? content.Span : text.Utf8;
                var matching = new List<FileRule>(applicable.Count);
                foreach (var rule in applicable)
                {
                    if (rule.MayMatch(entry.Path, utf8)) matching.Add(rule);
                }
                if (matching.Count == 0 && !Suppressions.MayHold(utf8)) return scratch;
                text ??= SourceText.FromBytes(entry.Path, content.ToArray());
                if (matching.Count == 0 && Suppressions.Find(text).Count == 0) return scratch;
                Interlocked.Increment(ref filesAnalyzed);
                Interlocked.Add(ref lines, text.LineCount);
                texts[entry.Path] = text;
                using var context = new FileContext(text, policy, tree, sink, scanShared);
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
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                sink.AddInternalError($"reading {entry.Path} failed: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                var count = Interlocked.Increment(ref done);
                options.Progress?.Report(new ScanProgress(analyzed.Count, count, filesAnalyzed, sink.Findings.Count));
            }
            return scratch;
        }, _ => { });
        repositoryTask.Wait();

        var rulesRun = rules.Select(r => r.Id).Concat(policy.Rules.Keys.Where(IsEngineRule)).Distinct().Order(StringComparer.Ordinal).ToList();
        var (findings, unreported) = Finish(sink.Findings, policy, tree, texts, rulesRun, options.ReportOnly);

        return new ScanResult
        {
            Root = root,
            Policy = policy,
            Tree = tree,
            Findings = findings,
            Unreported = unreported,
            RulesRun = rulesRun,
            Texts = texts,
            RepositoryReads = repositoryRules.ToDictionary(r => r.Id, r => repositoryContext.ReadsOf(r.Id) ?? new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal),
            InternalErrors = sink.InternalErrors.Order(StringComparer.Ordinal).ToList(),
            Statistics = new ScanStatistics
            {
                FilesOffered = entries.Count,
                FilesRead = filesRead,
                FilesAnalyzed = filesAnalyzed,
                LinesAnalyzed = lines,
                Skipped = skipped.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal),
                Elapsed = clock.Elapsed,
            },
        };
    }

    public static bool IsEngineRule(string id) => id.StartsWith("UCG000", StringComparison.Ordinal);

    private static List<GuardRule> ConfigureRules(ScanOptions options, GuardsPolicy policy)
    {
        foreach (var id in options.Rules)
        {
            if (!policy.Rules.ContainsKey(id))
                throw new PolicyException("--rule", 0, 0, $"unknown rule id '{id}' (known: {string.Join(", ", policy.Rules.Keys.Order(StringComparer.Ordinal))})");
        }
        var selected = new List<GuardRule>();
        foreach (var rule in (options.Catalog ?? RuleCatalog.Default).CreateRules())
        {
            var settings = policy.Rule(rule.Id);
            if (settings is null || !settings.Enabled) continue;
            if (options.Rules.Count > 0 && !options.Rules.Contains(rule.Id) && !IsEngineRule(rule.Id)) continue;
            rule.Configure(settings, policy);
            selected.Add(rule);
        }
        return selected;
    }

    private static (IReadOnlyList<Finding> Reported, IReadOnlyList<Finding> Unreported) Finish(
        IEnumerable<Finding> raw, GuardsPolicy policy, ISourceTree tree, ConcurrentDictionary<string, SourceText> texts,
        IReadOnlyList<string> rulesRun, IReadOnlySet<string>? reportOnly)
    {
        var known = policy.Rules.Keys.ToHashSet(StringComparer.Ordinal);
        var ran = rulesRun.ToHashSet(StringComparer.Ordinal);
        var badSuppression = policy.Rule("UCG0002");
        var byPath = raw.Distinct().GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var path in texts.Keys) byPath.TryAdd(path, []);

        var all = new List<Finding>();
        foreach (var (path, findings) in byPath)
        {
            var text = texts.TryGetValue(path, out var t) ? t : ReadForSuppressions(tree, path);
            if (text is not null)
            {
                findings.AddRange(Suppressions.Apply(text, findings, known, ran, (span, message) =>
                    badSuppression is { Enabled: true } ? new Finding("UCG0002", badSuppression.Severity, path, span, message, message) : null));
            }
            all.AddRange(findings);
        }

        all.Sort(CompareFindings);
        var fingerprinted = Fingerprints.Assign(all);
        if (reportOnly is null) return (fingerprinted, []);
        return (fingerprinted.Where(f => reportOnly.Contains(f.Path)).ToList(), fingerprinted.Where(f => !reportOnly.Contains(f.Path)).ToList());
    }

    private static SourceText? ReadForSuppressions(ISourceTree tree, string path)
    {
        var bytes = tree.Read(path, out _);
        return bytes is null || PathUtil.LooksBinary(bytes) ? null : SourceText.FromBytes(path, bytes);
    }

    public static int CompareFindings(Finding a, Finding b)
    {
        var c = string.CompareOrdinal(a.Path, b.Path);
        if (c != 0) return c;
        c = a.Span.StartLine.CompareTo(b.Span.StartLine);
        if (c != 0) return c;
        c = a.Span.StartColumn.CompareTo(b.Span.StartColumn);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.RuleId, b.RuleId);
        if (c != 0) return c;
        c = a.Span.EndLine.CompareTo(b.Span.EndLine);
        if (c != 0) return c;
        c = a.Span.EndColumn.CompareTo(b.Span.EndColumn);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }
}
