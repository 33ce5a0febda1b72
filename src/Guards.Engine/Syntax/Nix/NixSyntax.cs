using UltraCloud.Guards.Engine.Analysis;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// The shared Nix parse of one file for file rules: parsed once per file whichever rules ask,
/// and a parse problem reported once as UCG0001 at its first place.
/// </summary>
public static class NixSyntax
{
    public const string SharedKey = "nix.syntax";

    public static bool IsNixFile(string path) => path.EndsWith(".nix", StringComparison.Ordinal);

    public static NixParseResult Of(FileContext context) => context.Shared(SharedKey, static c =>
    {
        var result = NixParser.Parse(c.Text, c.Policy.ParseBudget);
        if (result.Error is { } error) c.ReportEngine("UCG0001", error.Location.Span, error.Message);
        return result;
    });
}
