using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Common;
using UltraCloud.Guards.Engine.Syntax.Rust;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Rules.Rust;

/// <summary>
/// UCG1001 stub-macro: an invocation of a stub macro (<c>todo!</c>, <c>unimplemented!</c>) in shipped
/// code, also inside another macro's token tree. Driven by the occurrences of the macro names in
/// the raw bytes, so only the places that can match are looked up in the tree.
/// </summary>
public sealed class StubMacroRule : FileRule<StubMacroOptions>
{
    private byte[][] _names = [];
    private ByteLiterals _prefilter = new([]);

    public override string Id => "UCG1001";

    protected override void OnConfigure()
    {
        var names = Options.Macros;
        _names = names.Select(Encoding.UTF8.GetBytes).ToArray();
        _prefilter = new ByteLiterals(names);
    }

    public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".rs", StringComparison.Ordinal);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _prefilter.AnyIn(utf8);

    public override void Analyze(FileContext context)
    {
        var rust = RustFile.Of(context);
        if (rust.Tree is null) return;
        var bytes = context.Text.Utf8;
        foreach (var name in _names)
        {
            foreach (var offset in ByteLiterals.Occurrences(bytes, name))
            {
                if (!RustSyntaxFacts.IsWholeWord(bytes, offset, name.Length)) continue;
                var path = rust.PathTo(offset, offset + name.Length);
                var invocation = Invocation(path);
                if (invocation is not { } span || rust.IsInTestCode(path)) continue;
                var matched = context.Text.TextOfBytes(span.Start, span.End);
                Report(context, context.Text.SpanOfBytes(span.Start, span.End), matched, Encoding.UTF8.GetString(name));
            }
        }
    }

    /// <summary>The byte range of the macro call whose name is the last node of <paramref name="path"/>, if it is one.</summary>
    private static (int Start, int End)? Invocation(List<TsNode> path)
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
            var bang = name.NextSibling;
            var arguments = bang.IsNull ? bang : bang.NextSibling;
            if (!bang.IsNull && bang.Type == "!" && !arguments.IsNull && arguments.Type == "token_tree")
            {
                var start = RustSyntaxFacts.TokenQualifiedBy(name, "std") || RustSyntaxFacts.TokenQualifiedBy(name, "core")
                    ? name.PrevSibling.PrevSibling.StartByte
                    : name.StartByte;
                return (start, arguments.EndByte);
            }
        }
        return null;
    }
}

/// <summary>UCG1001's options.</summary>
public sealed record StubMacroOptions(IReadOnlyList<string> Macros) : IRuleOptions<StubMacroOptions>
{
    public static StubMacroOptions Read(RuleOptionsReader options) =>
        new(options.TextList("macros", "names of the stub macros, without the '!' (todo, unimplemented)", required: true));
}
