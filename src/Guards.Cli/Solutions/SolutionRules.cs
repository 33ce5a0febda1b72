using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Cli.Solutions;

/// <summary>The rules of a <c>check --solution</c> scan: they report what <see cref="SolutionWorkspace"/> found.</summary>
internal static class SolutionRules
{
    public static RuleCatalog Catalog { get; } = new([typeof(SolutionStubRule), typeof(SolutionLoadRule)]);

    /// <summary>The engine's span of a Roslyn character range (Roslyn's text has no byte order mark; the engine's keeps it).</summary>
    public static SourceSpan SpanOf(SourceText text, int startChar, int endChar)
    {
        var shift = text.Text.StartsWith('\uFEFF') ? 1 : 0;
        var start = Math.Clamp(startChar + shift, 0, text.Text.Length);
        var end = Math.Clamp(endChar + shift, start, text.Text.Length);
        return text.SpanOfChars(start, end);
    }

    /// <summary>The span of the first needle in the file, else from line:column to the end of that line, else the file's start.</summary>
    public static SourceSpan LocateProblem(SourceText? text, SolutionProblem problem)
    {
        if (text is null) return SourceSpan.FileStart;
        foreach (var needle in problem.Needles)
        {
            var at = needle.Length == 0 ? -1 : text.Text.IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0) return text.SpanOfChars(at, at + needle.Length);
        }
        if (problem.Line < 1 || problem.Line > text.LineCount) return SourceSpan.FileStart;
        var lineStart = text.CharOfLine(problem.Line);
        var lineEnd = lineStart + text.LineLength(problem.Line);
        var start = Math.Min(lineStart + Math.Max(problem.Column - 1, 0), lineEnd);
        return text.SpanOfChars(start, lineEnd);
    }
}

/// <summary>
/// UCG1006 over a loaded solution: the findings of the analyzer run on each shipped project's
/// compilation, at their file; a file's first syntax error is UCG0001 as in a folder scan.
/// </summary>
internal sealed class SolutionStubRule : FileRule
{
    public override string Id => "UCG1006";

    public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".cs", StringComparison.OrdinalIgnoreCase);

    public override void Analyze(FileContext context)
    {
        if (context.Tree is not SolutionTree tree) return;
        foreach (var diagnostic in tree.Analysis.DiagnosticsOf(context.Path))
        {
            var span = SolutionRules.SpanOf(context.Text, diagnostic.StartChar, diagnostic.EndChar);
            if (diagnostic.IsParseError)
            {
                context.ReportEngine("UCG0001", span, diagnostic.Message);
                continue;
            }
            var settings = diagnostic.Severity is { } severity && severity != Settings.Severity
                ? new RuleSettings { Descriptor = Settings.Descriptor, Severity = severity, Scopes = Settings.Scopes, Options = Settings.Options }
                : Settings;
            context.Report(settings, span, context.Text.TextOfBytes(span.StartByte, span.EndByte), diagnostic.Message);
        }
    }
}

/// <summary>UCG0004 project-load: the projects of the solution that could not be loaded, evaluated or restored.</summary>
internal sealed class SolutionLoadRule : RepositoryRule
{
    public override string Id => "UCG0004";

    public override void Analyze(RepositoryContext context)
    {
        if (context.Tree is not SolutionTree tree) return;
        foreach (var problem in tree.Analysis.Problems)
            context.ReportEngine(Id, problem.Path, SolutionRules.LocateProblem(context.ReadText(problem.Path), problem), problem.Message);
        if (tree.Analysis.InternalErrors.Count > 0)
            throw new InvalidOperationException("the C# analyzer failed: " + string.Join("; ", tree.Analysis.InternalErrors));
    }
}
