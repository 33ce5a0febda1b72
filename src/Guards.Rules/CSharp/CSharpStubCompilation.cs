using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using UltraCloud.Guards.Analyzers;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Rules.CSharp;

/// <summary>
/// The Roslyn side of UCG1006: one <see cref="CSharpCompilation"/> over a project folder's files,
/// referencing the running .NET's own assemblies, analysed by <see cref="CSharpStubAnalyzer"/>
/// through <see cref="CompilationWithAnalyzers"/>. Each diagnostic becomes a finding at the same
/// span, positioned by the engine's line map. This is the only type of the rules that touches
/// Microsoft.CodeAnalysis, so Roslyn is loaded only for trees that hold C# files.
/// </summary>
internal static class CSharpStubCompilation
{
    private const string ParseErrorRule = "UCG0001";

    /// <summary>
    /// The global usings of Microsoft.NET.Sdk's ImplicitUsings. The SDK writes them to a file in
    /// obj/, which is never read, so they are supplied here. A project without ImplicitUsings needs
    /// <c>using System;</c> to name the exception at all, so they never create a finding of their own;
    /// at worst a name becomes ambiguous and resolves to nothing.
    /// </summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.None);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    private static readonly CSharpNesting.Limits NestingLimits = new();

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Analyze(RepositoryContext context, RuleSettings rule, string projectFolder, IReadOnlyList<string> files)
    {
        var references = References.Value;
        if (references.IsEmpty)
            throw new InvalidOperationException("no .NET reference assemblies to compile C# against: no shared framework (shared/Microsoft.NETCore.App) under DOTNET_ROOT, beside the dotnet on PATH, or in /usr/share/dotnet, /usr/lib/dotnet, /usr/local/share/dotnet; install the .NET runtime or set DOTNET_ROOT");

        var texts = new Dictionary<string, Engine.Text.SourceText>(StringComparer.Ordinal);
        var trees = new List<SyntaxTree>(files.Count + 1);
        foreach (var path in files)
        {
            var text = context.ReadText(path);
            if (text is null) continue;
            // Roslyn recurses once per level of nesting: a file deeper than the thread's stack would
            // kill the process, so it is refused before Roslyn reads it.
            if ((CSharpNesting.Check(text.Text, NestingLimits) ?? CSharpSelfReference.Check(text.Text, ParseOptions)) is { } refusal)
            {
                var at = Math.Clamp(refusal.Offset, 0, text.Text.Length);
                context.ReportEngine(ParseErrorRule, path, text.SpanOfChars(at, Math.Min(text.Text.Length, at + 1)),
                    $"C# nested too deeply to read safely: {refusal.Reason}; UCG1006 did not check this file");
                continue;
            }
            texts[path] = text;
            var tree = CSharpSyntaxTree.ParseText(text.Text, ParseOptions, path);
            trees.Add(tree);
            if (tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            {
                var span = text.SpanOfChars(error.Location.SourceSpan.Start, error.Location.SourceSpan.End);
                context.ReportEngine(ParseErrorRule, path, span, $"C# does not parse: {error.Id}: {error.GetMessage(CultureInfo.InvariantCulture)}");
            }
        }
        if (trees.Count == 0) return;
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "<implicit usings>"));

        var name = projectFolder.Length == 0 ? "root" : projectFolder.Replace('/', '.');
        var compilation = CSharpCompilation.Create(
            name, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CSharpStubAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id != CSharpStubAnalyzer.DiagnosticId)
                throw new InvalidOperationException($"the C# analyzer failed on {projectFolder}/: {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
            var location = diagnostic.Location;
            var path = location.SourceTree?.FilePath;
            if (path is null || !texts.TryGetValue(path, out var text)) continue;
            var span = text.SpanOfChars(location.SourceSpan.Start, location.SourceSpan.End);
            var matched = text.Text.Substring(location.SourceSpan.Start, location.SourceSpan.Length);
            context.Report(rule, path, span, matched, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// The assemblies of the running .NET (System.Private.CoreLib, System.Runtime, ...) from the
    /// host's TRUSTED_PLATFORM_ASSEMBLIES, limited to the shared framework's folder; where the host
    /// gives none (a Native AOT executable), the newest installed Microsoft.NETCore.App.
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = new List<string>();
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            var entries = tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            // The shared framework's folder is where the host found System.Private.CoreLib.
            var frameworkFolder = entries
                .Where(p => string.Equals(Path.GetFileName(p), "System.Private.CoreLib.dll", StringComparison.OrdinalIgnoreCase))
                .Select(Path.GetDirectoryName).FirstOrDefault();
            paths.AddRange(entries
                .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                    && (string.IsNullOrEmpty(frameworkFolder) || string.Equals(Path.GetDirectoryName(p), frameworkFolder, StringComparison.Ordinal))));
        }
        if (paths.Count == 0 && NewestSharedFramework() is { } newest)
            paths.AddRange(Directory.GetFiles(newest, "*.dll"));
        var references = ImmutableArray.CreateBuilder<MetadataReference>(paths.Count);
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            try
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
            catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
            {
                // Not a managed assembly (a native library on the list): not a reference.
            }
        }
        return references.ToImmutable();
    }

    /// <summary>
    /// The newest Microsoft.NETCore.App folder of the first .NET installation found: DOTNET_ROOT,
    /// the folder of the <c>dotnet</c> on PATH (through its symbolic link), then the usual places.
    /// </summary>
    private static string? NewestSharedFramework()
    {
        foreach (var root in InstallationRoots())
        {
            var shared = Path.Combine(root, "shared", "Microsoft.NETCore.App");
            if (!Directory.Exists(shared)) continue;
            var newest = Directory.GetDirectories(shared)
                .Where(d => File.Exists(Path.Combine(d, "System.Runtime.dll")))
                .OrderBy(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
                .LastOrDefault();
            if (newest is not null) return newest;
        }
        return null;
    }

    private static IEnumerable<string> InstallationRoots()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } configured) yield return configured;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "dotnet");
            if (!File.Exists(candidate)) continue;
            string? resolved;
            try { resolved = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate; }
            catch (IOException) { continue; }
            if (Path.GetDirectoryName(Path.GetFullPath(resolved)) is { } installation) yield return installation;
        }
        yield return "/usr/share/dotnet";
        yield return "/usr/lib/dotnet";
        yield return "/usr/local/share/dotnet";
    }
}
