using System.Globalization;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>
/// GitHub Actions workflow commands, one line per unsuppressed finding:
/// <c>::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=T::message</c> (warning and
/// notice for the lower severities). Columns are given only for single-line spans, as GitHub
/// ignores them otherwise; endColumn is inclusive there. Paths, messages and titles first have
/// their control and bidirectional characters escaped visibly (<see cref="VisibleText"/>); then
/// messages escape %, CR and LF, and property values also ':' and ',', as the runner expects.
/// </summary>
public sealed class GitHubReporter : IReporter
{
    public string Format => "github";

    public void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        foreach (var finding in result.Active)
        {
            var descriptor = result.Policy.Rule(finding.RuleId)?.Descriptor;
            var span = finding.Span;
            var properties = new List<string>
            {
                $"file={EscapeProperty(VisibleText.Escape(finding.Path))}",
                $"line={span.StartLine.ToString(CultureInfo.InvariantCulture)}",
            };
            if (span.StartLine == span.EndLine)
            {
                properties.Add($"col={span.StartColumn.ToString(CultureInfo.InvariantCulture)}");
                properties.Add($"endLine={span.EndLine.ToString(CultureInfo.InvariantCulture)}");
                properties.Add($"endColumn={Math.Max(span.StartColumn, span.EndColumn - 1).ToString(CultureInfo.InvariantCulture)}");
            }
            else
            {
                properties.Add($"endLine={span.EndLine.ToString(CultureInfo.InvariantCulture)}");
            }
            var title = descriptor is null ? finding.RuleId : $"{finding.RuleId} {descriptor.Name}";
            properties.Add($"title={EscapeProperty(VisibleText.Escape(title))}");
            // The line break before the help is the annotation's own; any in the message itself is shown escaped.
            var message = VisibleText.Escape(finding.Message);
            if (descriptor is { Help.Length: > 0 }) message += $"\nhelp: {VisibleText.Escape(descriptor.Help)}";
            output.WriteLine($"::{Command(finding.Severity)} {string.Join(',', properties)}::{EscapeData(message)}");
        }
        foreach (var error in result.InternalErrors)
            output.WriteLine($"::error title={EscapeProperty("uc-guards internal error")}::{EscapeData(VisibleText.Escape(error))}");
    }

    private static string Command(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    /// <summary>Escapes a command's message: %, CR and LF.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>Escapes a property value: the message escapes plus ':' and ','.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A").Replace(",", "%2C");
}
