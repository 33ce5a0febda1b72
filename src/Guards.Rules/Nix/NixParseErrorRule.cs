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
public sealed class NixParseErrorRule : FileRule<NixParseErrorOptions>
{
    private bool _allFiles;

    public override string Id => "UCG0001";

    protected override void OnConfigure() => _allFiles = Options.NixFiles == "all";

    public override bool HandlesFile(string relativePath) => NixSyntax.IsNixFile(relativePath);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _allFiles;

    public override void Analyze(FileContext context) => NixSyntax.Of(context);
}

/// <summary>UCG0001's options.</summary>
public sealed record NixParseErrorOptions(string NixFiles) : IRuleOptions<NixParseErrorOptions>
{
    public static NixParseErrorOptions Read(RuleOptionsReader options) => new(options.Choice("nix-files",
        "which .nix files are parsed for their syntax alone: read (the files a rule reads) or all (every .nix file of the tree)",
        ["read", "all"], "read"));
}
