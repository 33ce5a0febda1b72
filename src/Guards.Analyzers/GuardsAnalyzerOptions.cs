using Microsoft.CodeAnalysis.Diagnostics;

namespace UltraCloud.Guards.Analyzers;

/// <summary>What the UltraCloud.Guards analyzers read from the options MSBuild passes to the compiler.</summary>
internal static class GuardsAnalyzerOptions
{
    public const string Category = "UltraCloud.Guards";

    public const string HelpLinkBase = "https://github.com/ultracloud/ultracloud-guards#";

    /// <summary>
    /// Test code is not shipped code. MSBuild passes <c>IsTestProject</c> (set by Microsoft.NET.Test.Sdk
    /// and by most test templates) and <c>UltraCloudGuardsIsTestProject</c> (set by this package's
    /// targets when the project references Microsoft.NET.Test.Sdk) as compiler-visible properties.
    /// </summary>
    public static bool IsTestProject(AnalyzerConfigOptions globalOptions) =>
        IsTrue(globalOptions, "build_property.IsTestProject")
        || IsTrue(globalOptions, "build_property.UltraCloudGuardsIsTestProject");

    private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value)
        && string.Equals(value.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);
}
