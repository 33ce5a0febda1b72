using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Serialization;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// SARIF 2.1.0: one run, the rules' metadata from the policy data, results with a relative uri
/// against the %SRCROOT% base, a region, partialFingerprints that do not depend on line numbers,
/// suppressions kept (marked, not dropped) and baselineState when a baseline is in play.
/// </summary>
public sealed class SarifReporter : IReporter
{
    public const string FingerprintKey = "ucGuards/v1";
    private const string SourceRoot = "%SRCROOT%";

    public string Format => "sarif";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        var descriptors = result.Descriptors;
        var ruleIndex = descriptors.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var rules = descriptors.Select(d => new SarifRuleDto(
            d.Id,
            d.Name,
            new SarifTextDto(d.Title),
            new SarifTextDto((d.Summary.Length > 0 ? d.Summary : d.Title).Trim()),
            d.Help.Length > 0 ? new SarifTextDto(d.Help) : null,
            d.HelpUri.Length > 0 ? d.HelpUri : null,
            new SarifConfigurationDto(Level(result.Policy.Rule(d.Id)?.Severity ?? d.DefaultSeverity)))).ToList();
        var driver = new SarifDriverDto("uc-guards", "UltraCloud.Guards", options.ToolVersion, options.ToolVersion, "https://github.com/ultracloud/ultracloud-guards", rules);

        var provenance = result.VersionControl is { } vc
            ? new[] { new SarifVersionControlDto(vc.RepositoryUri, vc.Revision, vc.Branch, new SarifArtifactLocationDto(null, SourceRoot)) }
            : null;

        // Results of the earlier side that no longer exist (baseline or merge base) follow, marked absent.
        var results = result.Findings.Concat(result.Absent).Select(f => Result(f, ruleIndex)).ToList();

        List<SarifNotificationDto>? notifications = null;
        if (result.InternalErrors.Count > 0 || result.Statistics.SkippedCount > 0 || result.IdleRules.Count > 0)
        {
            notifications = result.InternalErrors.Select(e => new SarifNotificationDto("error", new SarifTextDto(e))).ToList();
            notifications.AddRange(result.Statistics.Skipped.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new SarifNotificationDto("note", new SarifTextDto($"skipped {kv.Value.Count} file(s): {kv.Key}"))));
            notifications.AddRange(result.IdleRules
                .Select(r => new SarifNotificationDto("warning", new SarifTextDto($"{r.RuleId} checked nothing: no file is in its scopes ({string.Join(", ", r.Scopes)})"))));
        }

        var run = new SarifRunDto(
            new SarifToolDto(driver),
            SortedCounts.InOrder([KeyValuePair.Create(SourceRoot, new SarifUriBaseDto(new SarifTextDto("The scanned repository root")))]),
            provenance,
            results,
            [new SarifInvocationDto(result.InternalErrors.Count == 0, notifications)]);
        OutputJson.Write(output, new SarifLogDto("https://json.schemastore.org/sarif-2.1.0.json", "2.1.0", [run]), c => c.SarifLogDto);
    }

    private static SarifResultDto Result(Finding f, IReadOnlyDictionary<string, int> ruleIndex)
    {
        var region = new SarifRegionDto(
            f.Span.StartLine,
            f.Span.StartColumn,
            f.Span.EndLine,
            Math.Max(f.Span.EndColumn, f.Span.EndLine == f.Span.StartLine ? f.Span.StartColumn : 1));
        var location = new SarifLocationDto(new SarifPhysicalLocationDto(new SarifArtifactLocationDto(Uri(f.Path), SourceRoot), region));
        var suppressions = f.Suppression is { } s
            ? new[] { new SarifSuppressionDto(s.Kind == "baseline" ? "external" : "inSource", s.Reason) }
            : null;
        return new SarifResultDto(
            f.RuleId,
            ruleIndex.TryGetValue(f.RuleId, out var index) ? index : null,
            Level(f.Severity),
            new SarifTextDto(f.Message),
            [location],
            SortedCounts.InOrder([KeyValuePair.Create(FingerprintKey, f.Fingerprint)]),
            f.BaselineState,
            suppressions);
    }

    /// <summary>A relative path as a URI reference: each segment percent-encoded, <c>/</c> kept.</summary>
    public static string Uri(string path) => System.Uri.EscapeDataString(path).Replace("%2F", "/");

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };
}
