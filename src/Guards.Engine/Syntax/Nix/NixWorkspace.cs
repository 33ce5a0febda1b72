using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// The Nix files of one scanned tree and the one evaluator that reads them: files are parsed once
/// (through the scan's <see cref="ISourceTree"/>, so the working tree, the git index and commit
/// trees all work), flakes are read on demand. Thread-safe: every evaluation runs under one lock,
/// on a thread with a large stack, with a fresh step budget per question.
/// </summary>
public sealed class NixWorkspace : INixFileSystem
{
    public const string SharedKey = "nix.workspace";

    private readonly ISourceTree _tree;
    private readonly Func<string, (SourceText? Text, string? Error)> _read;
    private readonly Func<string, bool> _neverScanned;
    private readonly NixParses _parses;
    private readonly SortedSet<string> _files;
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlakeModel> _flakes = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly NixEvaluator _evaluator;

    /// <param name="neverScanned">Paths the reader must not read (the policy's never-scanned paths: work/, node_modules/, ...).</param>
    public NixWorkspace(ISourceTree tree, IEnumerable<string> files, TimeSpan parseBudget,
        Func<string, (SourceText? Text, string? Error)>? read = null, NixParses? parses = null, Func<string, bool>? neverScanned = null, long evaluationBudget = 4_000_000)
    {
        _tree = tree;
        _parses = parses ?? new NixParses(parseBudget);
        _neverScanned = neverScanned ?? (_ => false);
        _read = read ?? (path =>
        {
            var bytes = tree.Read(path, out var error);
            if (bytes is not null && PathUtil.LooksBinary(bytes)) return (null, SkipReasons.Binary);
            return bytes is null ? (null, error) : (SourceText.FromBytes(path, bytes), null);
        });
        _files = new SortedSet<string>(files, StringComparer.Ordinal);
        foreach (var file in _files)
        {
            for (var slash = file.LastIndexOf('/'); slash > 0; slash = file.LastIndexOf('/', slash - 1))
            {
                if (!_directories.Add(file[..slash])) break;
            }
        }
        _evaluator = new NixEvaluator(this, evaluationBudget);
    }

    /// <summary>The workspace of a scan, shared by every repository rule; parse errors become UCG0001.</summary>
    public static NixWorkspace Of(RepositoryContext context) => context.Shared(SharedKey, c => new NixWorkspace(
        c.Tree, c.Files.Select(f => f.Path), c.Policy.ParseBudget,
        path => (c.ReadText(path, out var error), error), NixParses.Of(c.Scan, c.Policy.ParseBudget), c.Policy.IsNeverScanned));

    /// <summary>A workspace over a whole tree, outside a scan (surface, drift, eval).</summary>
    public static NixWorkspace ForTree(ISourceTree tree, TimeSpan parseBudget, Func<string, bool>? neverScanned = null) =>
        new(tree, tree.Enumerate().Where(e => e.SkipReason is null && !(neverScanned?.Invoke(e.Path) ?? false)).Select(e => e.Path), parseBudget, neverScanned: neverScanned);

    public ISourceTree Tree => _tree;

    /// <summary>Every file of the tree the workspace was made for, sorted.</summary>
    public IReadOnlyCollection<string> FilePaths => _files;

    /// <summary>The text of a file of the tree (any kind), or null when it cannot be read.</summary>
    public SourceText? ReadSource(string path) => _read(path).Text;

    /// <summary>The file's parse, shared with the scan's file rules; null when it cannot be read.</summary>
    public NixParseResult? Parse(string path) => Parse(path, out _);

    public NixParseResult? Parse(string path, out string? refusal)
    {
        refusal = Refusal(path);
        if (refusal is not null) return null;
        var (text, error) = _read(path);
        if (text is null)
        {
            refusal = NixRefusal.Of(error);
            return null;
        }
        return _parses.Parse(text);
    }

    public string? Refusal(string path) => _neverScanned(path) ? NixRefusal.NeverScanned : null;

    public bool FileExists(string path) => _files.Contains(path) || _tree.FileExists(path);

    public bool DirectoryExists(string path) => path.Length == 0 || _directories.Contains(path) || _tree.DirectoryExists(path);

    public IReadOnlyList<(string Name, bool IsDirectory)> List(string directory)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        var names = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var file in _files.GetViewBetween(prefix, prefix + "\uffff"))
        {
            if (prefix.Length > 0 && !file.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = file[prefix.Length..];
            var slash = rest.IndexOf('/');
            if (slash < 0) names[rest] = false;
            else names[rest[..slash]] = true;
        }
        return names.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    public string? ReadText(string path, out string? refusal)
    {
        refusal = Refusal(path);
        if (refusal is not null) return null;
        var (text, error) = _read(path);
        if (text is null) refusal = NixRefusal.Of(error);
        return text?.Text;
    }

    /// <summary>The flake whose flake.nix is in <paramref name="directory"/> ("" for the root).</summary>
    public FlakeModel Flake(string directory)
    {
        directory = directory.Trim('/');
        lock (_gate)
        {
            if (!_flakes.TryGetValue(directory, out var flake))
            {
                flake = new FlakeModel(this, directory);
                _flakes[directory] = flake;
            }
            return flake;
        }
    }

    /// <summary>Runs one question against the evaluator: serialised, on a large stack, with a fresh budget.</summary>
    internal T Query<T>(Func<NixEvaluator, T> question)
    {
        // A question asked while another is answered (a model's lazy decision) runs within it.
        if (t_answering == this) return question(_evaluator);
        lock (_gate)
        {
            _evaluator.ResetBudget();
            return BigStack.Run(() =>
            {
                using var measure = _evaluator.Measure();
                t_answering = this;
                try { return question(_evaluator); }
                finally { t_answering = null; }
            }, QuestionStackSize);
        }
    }

    [ThreadStatic] private static NixWorkspace? t_answering;

    /// <summary>The stack a question is answered on (at most; less where the address space is limited).</summary>
    internal int QuestionStackSize { get; init; } = BigStack.DefaultStackSize;

    /// <summary>Reads the tree refused while questions were answered, in order (each a located root cause).</summary>
    public IReadOnlyList<NixUnknown> Refusals
    {
        get
        {
            lock (_gate) return _evaluator.Refusals.ToList();
        }
    }

    /// <summary>Bounds the evaluator hit (recursion, budget), in the order they happened.</summary>
    public IReadOnlyList<NixEvalDiagnostic> EvaluationDiagnostics
    {
        get
        {
            lock (_gate) return _evaluator.Diagnostics.ToList();
        }
    }
}
