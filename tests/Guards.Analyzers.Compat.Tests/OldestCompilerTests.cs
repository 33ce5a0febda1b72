using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using UltraCloud.Guards.Analyzers;

namespace UltraCloud.Guards.Analyzers.Compat.Tests;

public class OldestCompilerTests
{
    [Fact]
    public void The_compiler_running_here_is_Roslyn_4_8()
    {
        Assert.Equal(new Version(4, 8, 0, 0), typeof(CSharpCompilation).Assembly.GetName().Version);
        // The analyzer was compiled against no newer Microsoft.CodeAnalysis than that.
        var referenced = typeof(CSharpStubAnalyzer).Assembly.GetReferencedAssemblies().Single(a => a.Name == "Microsoft.CodeAnalysis");
        Assert.True(referenced.Version <= new Version(4, 8, 0, 0), $"the analyzer references Microsoft.CodeAnalysis {referenced.Version}");
    }

    [Fact]
    public async Task UCG1006_fires_on_each_stub_and_on_nothing_else()
    {
        const string source = """
            using System;
            using Nie = System.NotImplementedException;

            public class Shipped
            {
                public int Statement() { throw new NotImplementedException(); }
                public int Expression() => throw new Nie("later");
                public string Coalesce(string? s) => s ?? throw new System.NotImplementedException();
                public int Supported() => throw new NotSupportedException();
                public void Rethrow(NotImplementedException e) { throw e; }
            }

            public class NotImplementedExceptionLookalike : Exception { }
            """;
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), path: "Shipped.cs")],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CSharpStubAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();

        var found = diagnostics
            .Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1, d.GetMessage()))
            .OrderBy(d => d.Item2)
            .ToArray();
        Assert.Equal(
            [
                ("UCG1006", 6, 30, "'throw new NotImplementedException' is a stub left in shipped code"),
                ("UCG1006", 7, 32, "'throw new NotImplementedException' is a stub left in shipped code"),
                ("UCG1006", 8, 47, "'throw new NotImplementedException' is a stub left in shipped code"),
            ],
            found);
    }

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
}
