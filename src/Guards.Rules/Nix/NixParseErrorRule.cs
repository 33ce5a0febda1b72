using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Nix;

namespace UltraCloud.Guards.Rules.Nix;

/// <summary>
/// UCG0001 for Nix files nobody else reads. A .nix file that a rule reads is parsed once (shared)
/// and its first problem reported by the Nix frontend anyway; with the option <c>nix-files: all</c>
/// this rule also parses every other .nix file of the tree and reports a file Nix's parser would
/// reject (a syntax error, an undefined variable, a duplicate attribute). The default, <c>read</c>,
/// leaves those files unparsed: the fast path every other rule takes.
/// </summary>
public sealed class NixParseErrorRule : FileRule
{
    private bool _allFiles;

    public override string Id => "UCG0001";

    protected override void OnConfigure() =>
        _allFiles = (Settings.String("nix-files") ?? "read") switch
        {
            "read" => false,
            "all" => true,
            var other => throw new PolicyException(Settings.Options["nix-files"]!, $"nix-files must be read or all, not '{other}'"),
        };

    public override bool HandlesFile(string relativePath) => NixSyntax.IsNixFile(relativePath);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _allFiles;

    public override void Analyze(FileContext context) => NixSyntax.Of(context);
}
