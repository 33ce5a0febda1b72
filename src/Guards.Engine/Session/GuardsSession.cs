using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Fixes;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>
/// Owns a run: the root findings are relative to, the policy, the rule catalog and the tree, found
/// once from a path. Every shell starts here: <c>check</c> (work tree, <c>--staged</c>,
/// <c>--changed-since</c>, a baseline), <c>drift</c>, <c>surface</c>, <c>eval</c>, the MSBuild task and
/// <c>--solution</c>. A session may run many scans (an editor server keeps one open); the policy is
/// loaded on first use, while the first scan lists the tree, and can be replaced or reloaded.
/// Trees the session opens for a scan (the git index) are disposed with it, so reporters can still
/// quote source lines from a result until then.
/// </summary>
public sealed class GuardsSession : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private Lazy<GuardsPolicy> _policy;

    private GuardsSession(SessionOptions options, string fullPath, string root, string? gitWorkTree, IReadOnlyList<string> within)
    {
        Options = options;
        FullPath = fullPath;
        Root = root;
        GitWorkTree = gitWorkTree;
        Within = within;
        _policy = LoadPolicyLazily();
    }

    public SessionOptions Options { get; }

    /// <summary>The first checked path, absolute (the tree's description for a tree with no folder on disk).</summary>
    public string FullPath { get; }

    /// <summary>
    /// The checked paths relative to the root ('/'-separated), when they are not the whole root:
    /// only findings at or under them are reported. Empty for the whole root.
    /// </summary>
    public IReadOnlyList<string> Within { get; }

    /// <summary>True when findings at <paramref name="relativePath"/> are reported (see <see cref="Within"/>).</summary>
    public bool IsWithin(string relativePath) =>
        Within.Count == 0 || Within.Any(p => relativePath == p || relativePath.StartsWith(p + "/", StringComparison.Ordinal));

    /// <summary>The root findings are relative to (see <see cref="RepositoryRoots.Resolve"/>).</summary>
    public string Root { get; }

    /// <summary>The work tree of the git repository holding the root, or null outside any.</summary>
    public string? GitWorkTree { get; }

    public GuardsPolicy Policy => _policy.Value;

    public RuleCatalog Catalog => Options.Catalog ?? RuleCatalog.Default;

    /// <summary>
    /// Resolves the root (and, for a path on disk, checks that it exists and that the git repository
    /// holding it can be read). The policy is read when first needed; its errors are
    /// <see cref="PolicyException"/>s then.
    /// </summary>
    public static GuardsSession Open(SessionOptions options)
    {
        if (options.Tree is { DiskRoot: null } memory)
        {
            if (options.Policy is null) throw new ArgumentException("a tree with no folder on disk needs a policy", nameof(options));
            return new GuardsSession(options, memory.Description, memory.Description, null, []);
        }
        var paths = options.Paths.Count > 0 ? options.Paths : ["."];
        var full = paths.Select(p => Path.GetFullPath(p).TrimEnd('/') is { Length: > 0 } f ? f : "/").ToList();
        if (options.Tree is null)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                if (!File.Exists(full[i]) && !Directory.Exists(full[i])) throw new PolicyException(paths[i], 0, 0, "path does not exist");
            }
        }
        var gitWorkTree = options.Tree is null && options.ReadsGit ? RepositoryRoots.GitWorkTreeOf(full[0]) : null;
        var root = options.Tree?.DiskRoot ?? RepositoryRoots.Resolve(full[0], options.ConfigPath, gitWorkTree);
        var within = new List<string>();
        var whole = false;
        for (var i = 0; i < paths.Count; i++)
        {
            if (i > 0 && options.Tree is null && options.ConfigPath is null
                && RepositoryRoots.Resolve(full[i], null, options.ReadsGit ? RepositoryRoots.GitWorkTreeOf(full[i]) : null) is var other && other != root)
                throw new PolicyException(paths[i], 0, 0, $"belongs to the root {other}, not to {root} (the first path's): check each root on its own");
            var relative = PathUtil.ToRelative(root, full[i]);
            if (relative.StartsWith("..", StringComparison.Ordinal))
                throw new PolicyException(paths[i], 0, 0, $"is outside the root {root}");
            if (relative == ".") whole = true;
            else within.Add(relative);
        }
        return new GuardsSession(options, full[0], root, gitWorkTree, whole ? [] : within.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Uses <paramref name="policy"/> for the scans from now on (severity overrides of a build).</summary>
    public void UsePolicy(GuardsPolicy policy) => _policy = new Lazy<GuardsPolicy>(policy);

    /// <summary>Reads the policy again on next use (the configuration changed on disk).</summary>
    public void ReloadPolicy() => _policy = LoadPolicyLazily();

    private Lazy<GuardsPolicy> LoadPolicyLazily() => Options.Policy is { } given
        ? new Lazy<GuardsPolicy>(given)
        : new Lazy<GuardsPolicy>(() => LoadPolicy(Root, Options.ConfigPath, Options.PolicyDirectory));

    /// <summary>
    /// The shipped rules (or <paramref name="policyDirectory"/>) and a uc-guards.yaml: the given one,
    /// else the nearest at or above <paramref name="root"/> (none when the root is null).
    /// </summary>
    public static GuardsPolicy LoadPolicy(string? root, string? configPath, string? policyDirectory)
    {
        var shipped = policyDirectory is null ? PolicyLoader.ShippedDocuments() : PolicyLoader.DocumentsFromDirectory(policyDirectory);
        var config = configPath ?? (root is null ? null : PolicyLoader.FindRepositoryConfig(root));
        return PolicyLoader.Load(shipped, config, configNamedByUser: configPath is not null);
    }

    /// <summary>The session's tree: the whole working tree under the root, unless one was given.</summary>
    public ISourceTree Tree() => Options.Tree ?? new WorkingTree(Root) { MaxFileSize = Policy.MaxFileSize, ReadsGit = Options.ReadsGit };

    /// <summary>One scan: files listed, rules run, findings suppressed, sorted and fingerprinted.</summary>
    /// <remarks>
    /// The working tree is made without the policy: the scan lists it while the policy loads, and
    /// sets its size limit before the first read.
    /// </remarks>
    public ScanResult Scan(ScanRequest request) => new ScanPipeline(this, request, request.Tree ?? Options.Tree ?? new WorkingTree(Root) { ReadsGit = Options.ReadsGit }).Run();

    /// <summary>
    /// What <c>check</c> reports: the scan (work tree or, with <see cref="CheckModes.Staged"/>, the index),
    /// then the merge-base comparison, then the baseline, and the repository's provenance.
    /// </summary>
    public ScanResult Check(ScanRequest request, CheckModes modes)
    {
        if (modes.Staged && modes.ChangedSince is not null)
            throw new GitWorkflowException("--staged and --changed-since cannot be combined: a pre-commit check already judges only the staged change");
        var baseline = modes.BaselinePath is null ? null : Baselines.BaselineFile.Load(modes.BaselinePath);

        var result = modes.Staged ? StagedCheck.Scan(this, request, modes.IndexPath) : Scan(request);
        if (modes.ChangedSince is { } revision) result = MergeBaseComparison.Apply(this, request, result, revision);
        if (baseline is not null) result = BaselineComparison.Apply(baseline, result, Path.GetFileName(modes.BaselinePath!), IsWithin);
        // A GitHub Actions run names its repository for free; asking git (SARIF provenance) costs a repository open.
        return result with { VersionControl = VersionControl.FromEnvironment(Root) ?? (modes.VersionControl ? VersionControl.Describe(Root) : null) };
    }

    /// <summary>
    /// What changed between two revisions: both trees read from git objects and scanned with this
    /// session's policy, findings matched by fingerprint, and (unless <paramref name="withSurface"/>
    /// is false) the product surface compared by the catalog's <see cref="ISurfaceComparer"/>.
    /// </summary>
    public DriftReport Drift(ScanRequest request, string fromRevision, string toRevision, bool withSurface = true) =>
        DriftScan.Build(this, request, fromRevision, toRevision, withSurface ? Catalog.SurfaceComparer : null);

    /// <summary>
    /// Every inline suppression of the session's tree (or the request's) under the checked paths,
    /// with the commit, author and date git blame gives for it, oldest first.
    /// </summary>
    public IReadOnlyList<SuppressionRecord> Suppressions(ScanRequest request)
    {
        var tree = request.Tree ?? Tree();
        using var history = LineHistory.For(tree);
        return SuppressionInventory.Build(tree, Policy, history, request.Jobs).Where(r => IsWithin(r.Path)).ToList();
    }

    /// <summary>The suppressions added and removed between two revisions, read from git objects (see <see cref="SuppressionAudit"/>).</summary>
    public SuppressionDrift SuppressionChanges(ScanRequest request, string fromRevision, string toRevision) =>
        SuppressionAudit.Between(this, request, fromRevision, toRevision);

    /// <summary>
    /// What <c>uc-guards fix</c> would change for <paramref name="ruleIds"/> (fixable rules, see
    /// <see cref="FixableRules"/>) in the files under the checked paths, computed on an in-memory copy
    /// of the tree and checked by scanning that copy. Nothing is written; see <see cref="WriteFixes"/>.
    /// </summary>
    public FixPlan Fix(ScanRequest request, IReadOnlyList<string> ruleIds) => FixRun.Plan(this, request, ruleIds);

    /// <summary>The rule ids <c>fix</c> can repair with this session's rules and policy.</summary>
    public IReadOnlyList<string> FixableRules() => FixRun.FixableRules(this);

    /// <summary>Writes every file of <paramref name="plan"/> under the root, each atomically.</summary>
    public void WriteFixes(FixPlan plan)
    {
        if (Options.Tree is { DiskRoot: null })
            throw new InvalidOperationException("a tree with no folder on disk cannot be fixed in place");
        foreach (var file in plan.Files)
        {
            var target = Path.Combine(Root, file.Path);
            // A rewritten script stays executable: the file keeps its permissions.
            UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(target);
            IO.AtomicFile.WriteAllText(target, file.After, mode);
        }
    }

    /// <summary>Keeps <paramref name="resource"/> open until the session is disposed.</summary>
    internal T Own<T>(T resource) where T : IDisposable
    {
        lock (_owned) _owned.Add(resource);
        return resource;
    }

    public void Dispose()
    {
        lock (_owned)
        {
            foreach (var resource in _owned) resource.Dispose();
            _owned.Clear();
        }
    }
}
