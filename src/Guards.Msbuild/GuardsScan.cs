using System.Globalization;
using Microsoft.Build.Framework;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Session;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace UltraCloud.Guards.Msbuild;

/// <summary>
/// Scans a repository tree with every guard rule through <see cref="GuardsEngine"/> and logs each
/// finding through MSBuild's logger with code, file, line, column, end line and end column. The
/// task holds no rule logic: it maps MSBuild properties onto the engine's policy and findings onto
/// MSBuild errors, warnings and messages.
/// <para>
/// The scan reads the files on disk under the root that its <c>.gitignore</c> files do not ignore,
/// without opening git (the package carries no libgit2), and runs every rule but UCG1006: C# is
/// the package's analyzer's, which the compiler runs in each project that references the package,
/// so the task never loads a compiler.
/// </para>
/// </summary>
public sealed class GuardsScan : MSBuildTask
{
    /// <summary>A property or uc-guards.yaml the scan cannot run with.</summary>
    public const string ConfigurationCode = "UCGMSB01";

    /// <summary>A fault of the tool itself (a rule that crashed), not a finding.</summary>
    public const string InternalErrorCode = "UCGMSB02";

    /// <summary>The C# rule, which the package's analyzer runs in the compiler rather than this task.</summary>
    public const string AnalyzerRuleId = "UCG1006";

    /// <summary>The tree to scan (an UltraCloud checkout).</summary>
    [Required]
    public string Root { get; set; } = "";

    /// <summary>
    /// The lowest severity that fails the build: <c>error</c>, <c>warning</c>, <c>note</c> or <c>none</c>.
    /// Empty means the policy's (<c>fail_on</c> in uc-guards.yaml, else error).
    /// </summary>
    public string? FailOn { get; set; }

    /// <summary>Per-rule severities over the policy's, e.g. <c>UCG1004=warning;UCG1003=none</c>.</summary>
    public string? Severities { get; set; }

    /// <summary>An explicit uc-guards.yaml; otherwise the engine finds the repository's own.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Worker threads for the scan; 0 means one per core.</summary>
    public int Jobs { get; set; }

    /// <summary>True once a scan has run (unset when MSBuild skipped the target as up to date).</summary>
    [Output]
    public bool Scanned { get; private set; }

    [Output]
    public int ErrorCount { get; private set; }

    [Output]
    public int WarningCount { get; private set; }

    public override bool Execute()
    {
        if (!TryParseSettings(out var failOn, out var severities)) return false;

        var root = Path.GetFullPath(Root);
        if (!Directory.Exists(root))
        {
            Log.LogError(null, ConfigurationCode, null, Root, 0, 0, 0, 0, "UltraCloudGuardsRoot '{0}' is not a folder", Root);
            return false;
        }

        ScanResult result;
        try
        {
            using var session = GuardsSession.Open(new SessionOptions { Path = root, ConfigPath = NullIfEmpty(ConfigFile), ReadsGit = false });
            var overrides = new Dictionary<string, Severity>(severities, StringComparer.OrdinalIgnoreCase) { [AnalyzerRuleId] = Severity.None };
            if (!SeverityOverrides.TryApply(session.Policy, overrides, out var policy, out var problem))
            {
                Log.LogError(null, ConfigurationCode, null, null, 0, 0, 0, 0, "UltraCloudGuardsSeverity: {0}", problem);
                return false;
            }
            session.UsePolicy(policy);
            result = session.Scan(new ScanRequest { Jobs = Jobs });
            failOn ??= policy.FailOn;
        }
        catch (PolicyException ex)
        {
            Log.LogError(null, ConfigurationCode, null, ex.File, ex.Line, ex.Column, 0, 0, "{0}", ex.Reason);
            return false;
        }
        catch (UltraCloud.Guards.Engine.Syntax.TreeSitter.NativeLibraryUnavailableException ex)
        {
            Log.LogError(null, ConfigurationCode, null, null, 0, 0, 0, 0, "UltraCloud.Guards: {0}", ex.Message);
            return false;
        }

        foreach (var finding in result.Active)
        {
            Report(result.Root, finding, failOn.Value);
        }
        foreach (var error in result.InternalErrors)
        {
            Log.LogError(null, InternalErrorCode, null, root, 0, 0, 0, 0, "internal error: {0}", error);
        }

        var stats = result.Statistics;
        Log.LogMessage(MessageImportance.High, string.Create(CultureInfo.InvariantCulture,
            $"UltraCloud.Guards: scanned {result.Root} ({stats.FilesRead} files read, {stats.FilesAnalyzed} analyzed, {stats.SkippedCount} skipped) in {stats.Elapsed.TotalSeconds:0.00} s: {ErrorCount} error(s), {WarningCount} warning(s), {result.Findings.Count(f => f.IsSuppressed)} suppressed{ContractQuestions(result.TotalQuestions)}"));

        Scanned = true;
        return !Log.HasLoggedErrors;
    }

    /// <summary>How many of the contract questions the scan asked it decided, as the CLI's summary says it.</summary>
    private static string ContractQuestions(ContractQuestions questions) =>
        questions.Asked == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", {questions.Decided} of {questions.Asked} contract questions decided");

    /// <summary>
    /// At or above the threshold: an MSBuild error, which fails the build. Below it: a warning for
    /// error and warning findings, a message for notes.
    /// </summary>
    private void Report(string root, Finding finding, Severity failOn)
    {
        var file = Path.Combine(root, finding.Path.Replace('/', Path.DirectorySeparatorChar));
        var span = finding.Span;
        var helpKeyword = finding.RuleId;
        switch (Classify(finding.Severity, failOn))
        {
            case LogKind.Error:
                ErrorCount++;
                Log.LogError(null, finding.RuleId, helpKeyword, file, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn, "{0}", finding.Message);
                break;
            case LogKind.Warning:
                WarningCount++;
                Log.LogWarning(null, finding.RuleId, helpKeyword, file, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn, "{0}", finding.Message);
                break;
            case LogKind.Message:
                Log.LogMessage(null, finding.RuleId, helpKeyword, file, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn, MessageImportance.High, "{0}", finding.Message);
                break;
        }
    }

    /// <summary>How a finding of a given severity is logged under a failing threshold.</summary>
    public enum LogKind { None, Message, Warning, Error }

    public static LogKind Classify(Severity severity, Severity failOn) => severity switch
    {
        Severity.None => LogKind.None,
        _ when severity.FailsAt(failOn) => LogKind.Error,
        >= Severity.Warning => LogKind.Warning,
        _ => LogKind.Message,
    };

    private bool TryParseSettings(out Severity? failOn, out IReadOnlyDictionary<string, Severity> severities)
    {
        failOn = null;
        severities = new Dictionary<string, Severity>();
        var ok = true;

        if (!string.IsNullOrWhiteSpace(FailOn))
        {
            if (SeverityNames.TryParse(FailOn, out var parsed)) failOn = parsed;
            else
            {
                Log.LogError(null, ConfigurationCode, null, null, 0, 0, 0, 0,
                    "UltraCloudGuardsFailOn '{0}' is not a severity (error, warning, note or none)", FailOn);
                ok = false;
            }
        }

        if (!SeverityOverrides.TryParse(Severities, out var map, out var problem))
        {
            Log.LogError(null, ConfigurationCode, null, null, 0, 0, 0, 0, "UltraCloudGuardsSeverity: {0}", problem);
            ok = false;
        }
        if (map.ContainsKey(AnalyzerRuleId))
        {
            Log.LogError(null, ConfigurationCode, null, null, 0, 0, 0, 0,
                "UltraCloudGuardsSeverity: {0} is checked by the package's analyzer in each C# project that references the package, not by the scan: set its severity with dotnet_diagnostic.{0}.severity in .editorconfig",
                AnalyzerRuleId);
            ok = false;
        }
        severities = map;
        return ok;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
