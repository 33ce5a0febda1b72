using System.Globalization;
using Microsoft.CodeAnalysis;
using UltraCloud.Guards.Analyzers;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.CSharp;

/// <summary>
/// UCG1006's metadata has one source, rules/UCG1006-csharp-stub.yaml: the Roslyn analyzer (which
/// runs inside the compiler and reads no file) carries copies that this test holds equal to the
/// YAML as the engine reads it.
/// </summary>
public sealed class CSharpStubMetadataTests
{
    private static RuleDescriptor FromYaml() => PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null).Rule("UCG1006")!.Descriptor;

    [Fact]
    public void The_analyzer_descriptor_is_the_rule_file()
    {
        var yaml = FromYaml();
        var analyzer = CSharpStubAnalyzer.Rule;
        Assert.Equal(yaml.Id, analyzer.Id);
        Assert.Equal(yaml.Title, analyzer.Title.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(yaml.MessageFormat, analyzer.MessageFormat.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(yaml.DefaultSeverity switch
        {
            Severity.Error => DiagnosticSeverity.Error,
            Severity.Warning => DiagnosticSeverity.Warning,
            Severity.Note => DiagnosticSeverity.Info,
            _ => DiagnosticSeverity.Hidden,
        }, analyzer.DefaultSeverity);
        Assert.Equal(string.Join(' ', yaml.Rationale.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), analyzer.Description.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(yaml.HelpUri, analyzer.HelpLinkUri);
        Assert.True(analyzer.IsEnabledByDefault);
    }

    [Fact]
    public void The_release_tracking_entry_names_the_rule_as_the_rule_file_does()
    {
        var yaml = FromYaml();
        var unshipped = File.ReadAllText(Path.Combine(Repo.Root, "src/Guards.Analyzers/AnalyzerReleases.Unshipped.md"));
        Assert.Contains($"{yaml.Id} | UltraCloud.Guards | {yaml.DefaultSeverity} | {nameof(CSharpStubAnalyzer)} ({yaml.Name})", unshipped);
    }
}
