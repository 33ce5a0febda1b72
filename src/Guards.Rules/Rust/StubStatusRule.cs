using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Common;
using UltraCloud.Guards.Engine.Syntax.Rust;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Rules.Rust;

/// <summary>
/// UCG1002 stub-status: a server answering "not implemented" on purpose: a call of a path ending
/// in <c>Status::unimplemented</c>; <c>Status::new(Code::Unimplemented, ..)</c> (or another listed
/// constructor); <c>StatusCode::NOT_IMPLEMENTED</c> used as a value. Patterns and comparisons that
/// inspect an incoming status are not stubs.
/// </summary>
public sealed class StubStatusRule : FileRule<StubStatusOptions>
{
    private const string StatusType = "Status";
    private const string CodeType = "Code";
    private const string StatusCodeType = "StatusCode";

    private string[] _functions = [];
    private string[] _constructors = [];
    private string[] _codes = [];
    private string[] _constants = [];
    private ByteLiterals _prefilter = new([]);

    public override string Id => "UCG1002";

    protected override void OnConfigure()
    {
        _functions = [.. Options.StatusFunctions];
        _constructors = [.. Options.StatusConstructors];
        _codes = [.. Options.UnimplementedCodes];
        _constants = [.. Options.StatusConstants];
        _prefilter = new ByteLiterals(_functions.Concat(_codes).Concat(_constants));
    }

    public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".rs", StringComparison.Ordinal);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _prefilter.AnyIn(utf8);

    public override void Analyze(FileContext context)
    {
        var rust = RustFile.Of(context);
        if (rust.Tree is null) return;
        var reported = new HashSet<(int, int)>();
        foreach (var name in _functions) Scan(context, rust, name, StatusFunction, reported);
        foreach (var name in _codes) Scan(context, rust, name, UnimplementedCode, reported);
        foreach (var name in _constants) Scan(context, rust, name, StatusConstant, reported);
    }

    private delegate (int Start, int End, string What)? Matcher(List<TsNode> path);

    private void Scan(FileContext context, RustFile rust, string name, Matcher matcher, HashSet<(int, int)> reported)
    {
        var bytes = context.Text.Utf8;
        var literal = Encoding.UTF8.GetBytes(name);
        foreach (var offset in ByteLiterals.Occurrences(bytes, literal))
        {
            if (!RustSyntaxFacts.IsWholeWord(bytes, offset, literal.Length)) continue;
            var path = rust.PathTo(offset, offset + literal.Length);
            if (path.Count < 2 || path[^1].Type != "identifier") continue;
            if (matcher(path) is not { } hit || rust.IsInTestCode(path) || !reported.Add((hit.Start, hit.End))) continue;
            Report(context, context.Text.SpanOfBytes(hit.Start, hit.End), context.Text.TextOfBytes(hit.Start, hit.End), hit.What);
        }
    }

    /// <summary><c>Status::unimplemented(..)</c>, <c>tonic::Status::unimplemented</c> passed as a function, and the same in a macro's tokens.</summary>
    private (int, int, string)? StatusFunction(List<TsNode> path)
    {
        var name = path[^1];
        var parent = path[^2];
        if (parent.Type == "scoped_identifier" && parent.ChildByFieldName("name") == name && RustSyntaxFacts.QualifierOf(name) == StatusType)
        {
            if (RustSyntaxFacts.InPattern(path, path.Count - 2)) return null;
            var call = path.Count >= 3 ? path[^3] : TsNode.Null;
            if (!call.IsNull && call.Type == "call_expression" && call.ChildByFieldName("function") == parent)
                return (call.StartByte, call.EndByte, $"`{parent.Text}(..)`");
            return (parent.StartByte, parent.EndByte, $"`{parent.Text}`");
        }
        if (parent.Type == "token_tree" && RustSyntaxFacts.TokenQualifiedBy(name, StatusType))
        {
            var start = name.PrevSibling.PrevSibling.StartByte;
            var arguments = name.NextSibling;
            var end = !arguments.IsNull && arguments.Type == "token_tree" ? arguments.EndByte : name.EndByte;
            return (start, end, $"`Status::{name.Text}(..)`");
        }
        return null;
    }

    /// <summary><c>Status::new(Code::Unimplemented, ..)</c>: the code as the first argument of a listed Status constructor.</summary>
    private (int, int, string)? UnimplementedCode(List<TsNode> path)
    {
        var name = path[^1];
        var parent = path[^2];
        if (parent.Type == "scoped_identifier" && parent.ChildByFieldName("name") == name && RustSyntaxFacts.QualifierOf(name) == CodeType)
        {
            if (path.Count < 4 || path[^3].Type != "arguments" || path[^3].NamedChild(0) != parent) return null;
            var call = path[^4];
            if (call.Type != "call_expression") return null;
            var function = call.ChildByFieldName("function");
            if (function.Type != "scoped_identifier") return null;
            // `::new(..)` (a path from the crate root) has no path field; a broken parse may lack the name.
            if (function.ChildByFieldName("name") is not { IsNull: false } constructorName) return null;
            var constructor = constructorName.Text;
            var owner = RustSyntaxFacts.LastSegment(function.ChildByFieldName("path"));
            return owner == StatusType && Array.IndexOf(_constructors, constructor) >= 0
                ? (call.StartByte, call.EndByte, $"`Status::{constructor}({CodeType}::{name.Text}, ..)`")
                : null;
        }
        if (parent.Type == "token_tree" && RustSyntaxFacts.TokenQualifiedBy(name, CodeType))
        {
            // In a macro's tokens: `Status :: new ( Code :: Unimplemented , .. )`.
            var codeToken = name.PrevSibling.PrevSibling;
            var open = codeToken.PrevSibling;
            if (open.IsNull || open.Type != "(" || !open.PrevSibling.IsNull) return null;
            var constructor = parent.PrevSibling;
            if (constructor.IsNull || constructor.Type != "identifier" || Array.IndexOf(_constructors, constructor.Text) < 0) return null;
            if (!RustSyntaxFacts.TokenQualifiedBy(constructor, StatusType)) return null;
            return (constructor.PrevSibling.PrevSibling.StartByte, parent.EndByte, $"`Status::{constructor.Text}({CodeType}::{name.Text}, ..)`");
        }
        return null;
    }

    /// <summary><c>StatusCode::NOT_IMPLEMENTED</c> as a value: not in a pattern, not compared with == or !=.</summary>
    private static (int, int, string)? StatusConstant(List<TsNode> path)
    {
        var name = path[^1];
        var parent = path[^2];
        if (parent.Type != "scoped_identifier" || parent.ChildByFieldName("name") != name || RustSyntaxFacts.QualifierOf(name) != StatusCodeType)
            return null;
        if (RustSyntaxFacts.InPattern(path, path.Count - 2)) return null;
        if (path.Count >= 3 && path[^3].Type == "binary_expression")
        {
            var op = path[^3].ChildByFieldName("operator");
            if (!op.IsNull && op.Type is "==" or "!=") return null;
        }
        return (parent.StartByte, parent.EndByte, $"`{parent.Text}`");
    }
}

/// <summary>UCG1002's options.</summary>
public sealed record StubStatusOptions(
    IReadOnlyList<string> StatusFunctions,
    IReadOnlyList<string> StatusConstructors,
    IReadOnlyList<string> UnimplementedCodes,
    IReadOnlyList<string> StatusConstants) : IRuleOptions<StubStatusOptions>
{
    public static StubStatusOptions Read(RuleOptionsReader options) => new(
        options.TextList("status-functions", "associated functions of Status that build a stub answer (Status::unimplemented)", required: true),
        options.TextList("status-constructors", "constructors of Status whose first argument is a code (Status::new, Status::with_details)", required: true),
        options.TextList("unimplemented-codes", "variants of Code that mean not implemented, as a constructor's first argument (Code::Unimplemented)", required: true),
        options.TextList("status-constants", "associated constants of StatusCode that mean not implemented (StatusCode::NOT_IMPLEMENTED)", required: true));
}
