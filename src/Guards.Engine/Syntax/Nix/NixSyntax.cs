using System.Collections.Concurrent;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// The one Nix frontend of a scan: each .nix file is parsed once, with the policy's parse budget,
/// whichever rule asks first (UCG0001, UCG2006, UCG1004's harness text, the flake reader), and
/// its parse problem is reported once, as one UCG0001 at its first place.
/// </summary>
public static class NixSyntax
{
    public const string SharedKey = "nix.syntax";

    public static bool IsNixFile(string path) => path.EndsWith(".nix", StringComparison.Ordinal);

    /// <summary>The parse of the file under analysis (shared with the scan's repository rules).</summary>
    public static NixParseResult Of(FileContext context) => context.Shared(SharedKey, static c => NixParses.Of(c.Repository.Scan, c.Policy.ParseBudget).Parse(c.Text));
}

/// <summary>The Nix parses of one scan (or of one tree read outside a scan), by path.</summary>
public sealed class NixParses
{
    private const string ScanKey = "nix.parses";

    private readonly ConcurrentDictionary<string, Lazy<NixParseResult>> _parses = new(StringComparer.Ordinal);
    private readonly TimeSpan _budget;
    private readonly Action<NixParseResult>? _onError;

    public NixParses(TimeSpan budget, Action<NixParseResult>? onError = null)
    {
        _budget = budget;
        _onError = onError;
    }

    /// <summary>The parses of a scan: a problem is reported as UCG0001 through the scan's sink, once per file.</summary>
    public static NixParses Of(ScanShared scan, TimeSpan budget) => scan.GetOrAdd(ScanKey, s => new NixParses(budget,
        r => s.Sink.AddEngine("UCG0001", r.Source.Path, r.Error!.Location.Span, r.Error.Message)));

    /// <summary>The parse of <paramref name="text"/>, computed the first time its path is asked for.</summary>
    public NixParseResult Parse(SourceText text) => _parses.GetOrAdd(text.Path, _ => new Lazy<NixParseResult>(() =>
    {
        var result = NixParser.Parse(text, _budget);
        if (result.HasError) _onError?.Invoke(result);
        return result;
    })).Value;

    /// <summary>The parse of a path when some rule already asked for it.</summary>
    public NixParseResult? Parsed(string path) => _parses.TryGetValue(path, out var lazy) && lazy.IsValueCreated ? lazy.Value : null;
}
