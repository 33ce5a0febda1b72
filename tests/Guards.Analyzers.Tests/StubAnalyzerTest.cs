using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace UltraCloud.Guards.Analyzers.Tests;

/// <summary>
/// The Roslyn analyzer test harness, compiling against the reference assemblies of the running
/// .NET runtime (the trusted platform assemblies) rather than downloading a reference pack.
/// </summary>
internal sealed class StubAnalyzerTest : CSharpAnalyzerTest<CSharpStubAnalyzer, DefaultVerifier>
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> RuntimeReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => Path.GetFileName(path) is var name
                && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    public StubAnalyzerTest(string source)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.Sources.Add(("/src/Service.cs", source));
        TestState.AdditionalReferences.AddRange(RuntimeReferences.Value);
    }

    /// <summary>Adds a global analyzer config, as MSBuild writes one for compiler-visible properties.</summary>
    public StubAnalyzerTest WithBuildProperty(string name, string value)
    {
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.{name} = {value}\n"));
        return this;
    }

    public StubAnalyzerTest WithEditorConfig(string text)
    {
        TestState.AnalyzerConfigFiles.Add(("/.editorconfig", text));
        return this;
    }

    public StubAnalyzerTest WithoutSuppressionCheck()
    {
        TestBehaviors |= TestBehaviors.SkipSuppressionCheck;
        return this;
    }

    public StubAnalyzerTest Expect(params DiagnosticResult[] expected)
    {
        ExpectedDiagnostics.AddRange(expected);
        return this;
    }

    public static DiagnosticResult Stub(int line, int column, int endLine, int endColumn) =>
        new DiagnosticResult(CSharpStubAnalyzer.Rule)
            .WithSpan("/src/Service.cs", line, column, endLine, endColumn)
            .WithArguments("NotImplementedException");
}
