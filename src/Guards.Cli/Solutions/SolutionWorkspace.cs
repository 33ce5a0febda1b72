using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProjectCollection = Microsoft.Build.Evaluation.ProjectCollection;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using UltraCloud.Guards.Analyzers;
using UltraCloud.Guards.Rules.CSharp;
using Severity = UltraCloud.Guards.Engine.Model.Severity;

namespace UltraCloud.Guards.Cli.Solutions;

/// <summary>
/// The one place that evaluates projects: loads a .sln, .slnx or project file with
/// <see cref="MSBuildWorkspace"/> (the .NET SDK's MSBuild, registered by Microsoft.Build.Locator
/// first), and runs <see cref="CSharpStubAnalyzer"/> through <see cref="CompilationWithAnalyzers"/>
/// on every C# project that is not a test project, with the project's own analyzer config options,
/// so <c>.editorconfig</c> severities, <c>#pragma warning disable</c> and <c>SuppressMessage</c>
/// behave as in a build. Nothing here is touched unless <c>check --solution</c> is given: the JIT
/// loads MSBuild and the workspace assemblies only when these methods run.
/// </summary>
internal static partial class SolutionWorkspace
{
    private const string NotShipped = "test project (not shipped code)";
    private const string Generated = "generated";

    private static readonly object RegistrationGate = new();

    /// <summary>Loads and analyses; every failure becomes a problem of the result, never an exception.</summary>
    public static SolutionAnalysis Analyze(string fullPath, string root)
    {
        var analysis = new SolutionAnalysis(root, fullPath);
        if (RegisterMSBuild() is { } problem)
        {
            analysis.AddProblem(fullPath, problem);
            return analysis;
        }
        try
        {
            Task.Run(() => LoadAndAnalyzeAsync(analysis)).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            analysis.AddProblem(fullPath, $"could not be loaded with MSBuild: {ex.GetType().Name}: {FirstLine(ex.Message)}");
        }
        return analysis;
    }

    /// <summary>Registers the .NET SDK's MSBuild once per process; a message when there is none.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? RegisterMSBuild()
    {
        lock (RegistrationGate)
        {
            if (MSBuildLocator.IsRegistered) return null;
            try
            {
                MSBuildLocator.RegisterDefaults();
                return null;
            }
            catch (InvalidOperationException ex)
            {
                return $"no .NET SDK was found to load projects with (MSBuild comes with the SDK; a runtime alone is not enough): {ex.Message}";
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task LoadAndAnalyzeAsync(SolutionAnalysis analysis)
    {
        var input = analysis.InputPath;
        using var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        using var registration = workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind != WorkspaceDiagnosticKind.Failure || UnsupportedLanguage().IsMatch(e.Diagnostic.Message)) return;
            lock (failures) failures.Add(e.Diagnostic.Message);
        });

        IReadOnlyList<Microsoft.CodeAnalysis.Project> projects;
        var isProjectFile = input.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase);
        try
        {
            projects = isProjectFile
                ? [await workspace.OpenProjectAsync(input).ConfigureAwait(false)]
                : [.. (await workspace.OpenSolutionAsync(input).ConfigureAwait(false)).Projects];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lock (failures) failures.Add(ex.Message);
            projects = [];
        }

        var failed = new HashSet<string>(StringComparer.Ordinal);
        lock (failures)
        {
            foreach (var message in failures.Distinct(StringComparer.Ordinal))
                failed.Add(ReportLoadFailure(analysis, message));
        }

        using var evaluation = new ProjectCollection();
        foreach (var project in projects.OrderBy(p => p.FilePath, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            if (project.Language != LanguageNames.CSharp || project.FilePath is not { } projectPath || failed.Contains(projectPath)) continue;
            analysis.AddFile(projectPath, skipReason: null);
            if (Evaluate(evaluation, projectPath, analysis) is not { } isTestProject) continue;
            await AnalyzeProjectAsync(project, isTestProject, analysis).ConfigureAwait(false);
        }
    }

    /// <summary>Reports one load failure where it belongs and returns the project path it names (or "").</summary>
    private static string ReportLoadFailure(SolutionAnalysis analysis, string message)
    {
        var input = analysis.InputPath;
        var trailing = TrailingPath().Match(message);
        var named = QuotedPath().Matches(message).Select(m => m.Groups[1].Value).FirstOrDefault(Path.IsPathRooted)
            ?? (trailing.Success ? trailing.Groups[1].Value.Trim() : null);
        var position = LinePosition().Match(message);
        var line = position.Success ? int.Parse(position.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var column = position.Success ? int.Parse(position.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        var text = (named is not null && named.EndsWith("proj", StringComparison.OrdinalIgnoreCase) ? "the project could not be loaded: " : "could not be loaded: ") + FirstLine(message);
        if (named is not null && File.Exists(named))
        {
            analysis.AddFile(named, skipReason: null);
            analysis.AddProblem(named, text, line: line, column: column);
            return Path.GetFullPath(named);
        }
        // A project the solution names but that is not there: point at its mention in the solution file.
        var needles = new List<string>();
        if (named is not null && Path.GetDirectoryName(input) is { } folder)
        {
            var fromSolution = Path.GetRelativePath(folder, named);
            needles.Add(fromSolution.Replace('\\', '/'));
            needles.Add(fromSolution.Replace('/', '\\'));
        }
        analysis.AddProblem(input, text, needles, line, column);
        return named is null ? "" : Path.GetFullPath(named);
    }

    /// <summary>
    /// Evaluates the project as MSBuild would build it: true for a test project (IsTestProject, or
    /// a Microsoft.NET.Test.Sdk package reference), false for shipped code, null (reported) when
    /// it cannot be evaluated. A project with package references that was not restored, or whose
    /// restore failed, is reported: its references are missing from the compilation.
    /// </summary>
    private static bool? Evaluate(ProjectCollection collection, string projectPath, SolutionAnalysis analysis)
    {
        Microsoft.Build.Evaluation.Project evaluated;
        try
        {
            evaluated = collection.LoadProject(projectPath);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            analysis.AddProblem(projectPath, $"the project could not be evaluated: {FirstLine(ex.Message)}");
            return null;
        }
        var packages = evaluated.GetItems("PackageReference").Select(i => i.EvaluatedInclude).ToList();
        var isTest = string.Equals(evaluated.GetPropertyValue("IsTestProject").Trim(), "true", StringComparison.OrdinalIgnoreCase)
            || packages.Contains("Microsoft.NET.Test.Sdk", StringComparer.OrdinalIgnoreCase);
        if (packages.Count > 0 && evaluated.GetPropertyValue("ProjectAssetsFile") is { Length: > 0 } assets)
        {
            if (!File.Exists(assets))
                analysis.AddProblem(projectPath, $"the project is not restored ({Path.GetFileName(assets)} is missing), so its package references are not resolved: run `dotnet restore` first");
            else if (RestoreErrors(assets) is { Count: > 0 } errors)
                analysis.AddProblem(projectPath, $"the project did not restore: {string.Join("; ", errors)}");
        }
        collection.UnloadProject(evaluated);
        return isTest;
    }

    /// <summary>The error entries NuGet logged in a project.assets.json ("NU1101: Unable to find package ...").</summary>
    private static List<string> RestoreErrors(string assetsPath)
    {
        var errors = new List<string>();
        try
        {
            using var stream = File.OpenRead(assetsPath);
            using var document = JsonDocument.Parse(stream);
            if (!document.RootElement.TryGetProperty("logs", out var logs) || logs.ValueKind != JsonValueKind.Array) return errors;
            foreach (var log in logs.EnumerateArray())
            {
                if (log.ValueKind != JsonValueKind.Object
                    || !log.TryGetProperty("level", out var level) || !string.Equals(level.GetString(), "Error", StringComparison.OrdinalIgnoreCase)) continue;
                var code = log.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = log.TryGetProperty("message", out var m) ? m.GetString() : null;
                errors.Add(code is null ? message ?? "error" : $"{code}: {message}");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            errors.Add($"{Path.GetFileName(assetsPath)} cannot be read: {ex.Message}");
        }
        return errors;
    }

    private static async Task AnalyzeProjectAsync(Microsoft.CodeAnalysis.Project project, bool isTestProject, SolutionAnalysis analysis)
    {
        var shipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in project.Documents)
        {
            if (document.FilePath is not { } path || analysis.Relative(path) is not { } relative) continue;
            string? skip = isTestProject ? NotShipped
                : CSharpStubRule.IsGenerated(relative) || await HasGeneratedHeaderAsync(document).ConfigureAwait(false) ? Generated
                : null;
            analysis.AddFile(path, skip);
            if (skip is null) shipped[path] = relative;
        }
        if (isTestProject || shipped.Count == 0) return;

        var compilation = await project.GetCompilationAsync().ConfigureAwait(false);
        if (compilation is null) return;

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!shipped.TryGetValue(tree.FilePath, out var relative)) continue;
            var error = tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            if (error is not null)
            {
                analysis.AddDiagnostic(new SolutionDiagnostic(relative, error.Location.SourceSpan.Start, error.Location.SourceSpan.End,
                    $"C# does not parse: {error.Id}: {error.GetMessage(CultureInfo.InvariantCulture)}", null, IsParseError: true));
            }
        }

        var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, onAnalyzerException: null,
            concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CSharpStubAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id != CSharpStubAnalyzer.DiagnosticId)
            {
                analysis.AddInternalError($"{project.Name}: {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                continue;
            }
            if (diagnostic.Location.SourceTree?.FilePath is not { } path || !shipped.TryGetValue(path, out var relative)) continue;
            if (SeverityOf(diagnostic) is not { } severity) continue;
            analysis.AddDiagnostic(new SolutionDiagnostic(relative, diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.End,
                diagnostic.GetMessage(CultureInfo.InvariantCulture), severity == Severity.Error && diagnostic.Severity == diagnostic.DefaultSeverity ? null : severity, IsParseError: false));
        }
    }

    /// <summary>
    /// The severity a build would give the diagnostic: null when it would not show it (hidden).
    /// The analyzer's default (error) is returned as Error and then left to the policy's severity.
    /// </summary>
    private static Severity? SeverityOf(Diagnostic diagnostic) => diagnostic.Severity switch
    {
        DiagnosticSeverity.Error => Severity.Error,
        DiagnosticSeverity.Warning => Severity.Warning,
        DiagnosticSeverity.Info => Severity.Note,
        _ => null,
    };

    /// <summary>A file whose leading comments say <c>&lt;auto-generated&gt;</c>, as the compiler recognises generated code.</summary>
    private static async Task<bool> HasGeneratedHeaderAsync(Document document)
    {
        var root = await document.GetSyntaxRootAsync().ConfigureAwait(false);
        if (root is null) return false;
        foreach (var trivia in root.GetLeadingTrivia())
        {
            if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia)
                && !trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)) continue;
            var comment = trivia.ToString();
            if (comment.Contains("<auto-generated", StringComparison.OrdinalIgnoreCase) || comment.Contains("<autogenerated", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return (newline < 0 ? message : message[..newline]).Trim();
    }

    [GeneratedRegex(@"'([^'\r\n]+)'")]
    private static partial Regex QuotedPath();

    [GeneratedRegex(@"\s(/[^\s]+\.[A-Za-z]*proj|[A-Za-z]:\\[^\r\n]+\.[A-Za-z]*proj)\s*$")]
    private static partial Regex TrailingPath();

    [GeneratedRegex(@"Line (\d+), position (\d+)\.")]
    private static partial Regex LinePosition();

    [GeneratedRegex(@"not associated with a language|language '[^']*' is not supported", RegexOptions.IgnoreCase)]
    private static partial Regex UnsupportedLanguage();
}
