using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Rules.Nix;

/// <summary>
/// UCG0001 for Nix files: every .nix file is parsed once (shared with the other Nix rules) and a
/// file Nix's parser would reject (a syntax error, an undefined variable, a duplicate attribute)
/// is reported at its first problem, whether or not another rule reads it.
/// </summary>
public sealed class NixParseErrorRule : FileRule
{
    public override string Id => "UCG0001";

    public override bool HandlesFile(string relativePath) => NixSyntax.IsNixFile(relativePath);

    public override void Analyze(FileContext context) => NixSyntax.Of(context);
}
