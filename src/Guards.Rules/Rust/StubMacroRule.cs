using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Common;
using UltraCloud.Guards.Engine.Syntax.Rust;

namespace UltraCloud.Guards.Rules.Rust;

/// <summary>
/// UCG1001 stub-macro: an invocation of a stub macro (<c>todo!</c>, <c>unimplemented!</c>) in shipped
/// code, also inside another macro's token tree, but not in test code nor in the token tree of a
/// code template (<c>quote! { .. }</c> writes the generated program, not this crate's behaviour).
/// Driven by the occurrences of the macro names in the raw bytes, all placed in the tree by one
/// walk, so only the places that can match are looked at.
/// </summary>
public sealed class StubMacroRule : FileRule<StubMacroOptions>
{
    private byte[][] _names = [];
    private RustWordScan _prefilter = new([], macroNames: true);
    private RustCodeReading _reading = RustCodeReading.CfgOnly;

    public override string Id => "UCG1001";

    protected override void OnConfigure()
    {
        var names = Options.Macros;
        _names = names.Select(Encoding.UTF8.GetBytes).ToArray();
        _prefilter = new RustWordScan(_names, macroNames: true);
        _reading = Options.Reading;
    }

    public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".rs", StringComparison.Ordinal);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _prefilter.AnyInCode(utf8);

    public override void Analyze(FileContext context)
    {
        var rust = RustFile.Of(context);
        if (rust.Tree is null) return;
        var targets = RustRuleOptions.WholeWords(context.Text.Utf8, _names);
        rust.Locate(targets.Ranges, _reading, (i, path) =>
        {
            // Test code is asked of a hit only: for a whole file it may mean parsing the module files above it.
            if (path.InTemplate || Invocation(path) is not { } span || path.InTestCode) return;
            var matched = context.Text.TextOfBytes(span.Start, span.End);
            Report(context, context.Text.SpanOfBytes(span.Start, span.End), matched, Encoding.UTF8.GetString(_names[targets.Kinds[i]]));
        });
    }

    /// <summary>The byte range of the macro call whose name is the last node of <paramref name="path"/>, if it is one.</summary>
    private static (int Start, int End)? Invocation(RustPath path)
    {
        if (path.Count < 2) return null;
        var name = path[^1];
        if (name.Type != "identifier") return null;
        var parent = path[^2];

        // todo!(..) or std::todo!(..) as an expression, statement or item.
        if (parent.Type == "macro_invocation" && parent.ChildByFieldName("macro") == name)
            return (parent.StartByte, parent.EndByte);
        if (parent.Type == "scoped_identifier" && path.Count >= 3 && path[^3].Type == "macro_invocation"
            && parent.ChildByFieldName("name") == name && path[^3].ChildByFieldName("macro") == parent)
            return (path[^3].StartByte, path[^3].EndByte);

        // Inside another macro's arguments the grammar keeps plain tokens: `todo` `!` `( .. )`.
        if (parent.Type == "token_tree")
        {
            var at = path.Count - 1;
            var bang = path.Sibling(at, 1);
            var arguments = path.Sibling(at, 2);
            if (!bang.IsNull && bang.Type == "!" && !arguments.IsNull && arguments.Type == "token_tree")
            {
                var start = RustSyntaxFacts.TokenQualifiedBy(path, at, "std") || RustSyntaxFacts.TokenQualifiedBy(path, at, "core")
                    ? path.Sibling(at, -2).StartByte
                    : name.StartByte;
                return (start, arguments.EndByte);
            }
        }
        return null;
    }
}

/// <summary>UCG1001's options.</summary>
public sealed record StubMacroOptions(IReadOnlyList<string> Macros, RustCodeReading Reading) : IRuleOptions<StubMacroOptions>
{
    public static StubMacroOptions Read(RuleOptionsReader options) => new(
        options.TextList("macros", "names of the stub macros, without the '!' (todo, unimplemented)", required: true),
        RustRuleOptions.ReadReading(options, templates: true));
}
