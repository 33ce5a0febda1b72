using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Lsp.Protocol;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary>How a finding looks in the editor: an LSP diagnostic with the rule's code, link and severity.</summary>
public static class Diagnostics
{
    public const string Source = "uc-guards";

    /// <summary>The LSP range of an engine span (1-based lines, 1-based UTF-16 columns, end exclusive).</summary>
    public static Protocol.Range RangeOf(SourceSpan span) => new()
    {
        Start = new Position { Line = Math.Max(0, span.StartLine - 1), Character = Math.Max(0, span.StartColumn - 1) },
        End = new Position { Line = Math.Max(0, span.EndLine - 1), Character = Math.Max(0, span.EndColumn - 1) },
    };

    public static int SeverityOf(Severity severity) => severity switch
    {
        Severity.Error => DiagnosticSeverity.Error,
        Severity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Information,
    };

    /// <param name="uriOf">The URI of a root-relative path (for related locations).</param>
    public static Diagnostic From(Finding finding, GuardsPolicy? policy, Func<string, string> uriOf)
    {
        var href = policy?.Rule(finding.RuleId)?.Descriptor.HelpUri;
        return new Diagnostic
        {
            Range = RangeOf(finding.Span),
            Severity = SeverityOf(finding.Severity),
            Code = finding.RuleId,
            CodeDescription = string.IsNullOrEmpty(href) ? null : new CodeDescription { Href = href },
            Source = Source,
            Message = finding.Message,
            RelatedInformation = finding.Related.Count == 0 ? null : finding.Related.Select(r => new DiagnosticRelatedInformation
            {
                Location = new Location { Uri = uriOf(r.Path), Range = RangeOf(r.Span) },
                Message = r.Message,
            }).ToList(),
        };
    }

    /// <summary>True when <paramref name="position"/> lies on the finding's span (an empty span counts at its start).</summary>
    public static bool Contains(SourceSpan span, Position position)
    {
        var range = RangeOf(span);
        return Compare(range.Start, position) <= 0 && (Compare(position, range.End) < 0 || Compare(range.Start, range.End) == 0 && Compare(position, range.Start) == 0);
    }

    /// <summary>True when the finding's span and <paramref name="range"/> share a position (touching ends count).</summary>
    public static bool Overlaps(SourceSpan span, Protocol.Range range)
    {
        var own = RangeOf(span);
        return Compare(own.Start, range.End) <= 0 && Compare(range.Start, own.End) <= 0;
    }

    public static int Compare(Position a, Position b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Character.CompareTo(b.Character);
}
