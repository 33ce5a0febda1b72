using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Common;
using UltraCloud.Guards.Engine.Syntax.Rust;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Rules.Rust;

/// <summary>
/// UCG1002 stub-status: a server answering "not implemented" on purpose: a call of a path ending
/// in <c>Status::unimplemented</c>; a call of a stub constructor (a function named
/// <c>not_implemented</c>, say); <c>Status::new(Code::Unimplemented, ..)</c> (or another listed
/// constructor); <c>StatusCode::NOT_IMPLEMENTED</c> used as a value; and a build script that turns
/// on tonic's default stubs, so that every RPC the service's impl leaves out answers
/// <c>Unimplemented</c> with no stub anywhere in the source. Patterns and comparisons that inspect
/// an incoming status are not stubs, nor is the body of a stub constructor being defined, nor the
/// token tree of a code template, nor test code.
/// </summary>
public sealed class StubStatusRule : FileRule<StubStatusOptions>
{
    private const string StatusType = "Status";
    private const string CodeType = "Code";
    private const string StatusCodeType = "StatusCode";

    private enum Kind { StatusFunction, StubConstructor, Code, Constant, DefaultStubs }

    private string[] _literals = [];
    private byte[][] _literalBytes = [];
    private Kind[][] _kinds = [];
    private HashSet<string> _stubConstructors = new(StringComparer.Ordinal);
    private string[] _constructors = [];
    private RustWordScan _prefilter = new([], macroNames: false);
    private RustCodeReading _reading = RustCodeReading.CfgOnly;

    public override string Id => "UCG1002";

    protected override void OnConfigure()
    {
        var byLiteral = new Dictionary<string, List<Kind>>(StringComparer.Ordinal);
        void Add(IReadOnlyList<string> names, Kind kind)
        {
            foreach (var name in names)
            {
                if (!byLiteral.TryGetValue(name, out var kinds)) byLiteral[name] = kinds = [];
                if (!kinds.Contains(kind)) kinds.Add(kind);
            }
        }
        Add(Options.StatusFunctions, Kind.StatusFunction);
        Add(Options.StubConstructors, Kind.StubConstructor);
        Add(Options.UnimplementedCodes, Kind.Code);
        Add(Options.StatusConstants, Kind.Constant);
        Add(Options.DefaultStubSettings, Kind.DefaultStubs);
        _literals = [.. byLiteral.Keys];
        _literalBytes = _literals.Select(Encoding.UTF8.GetBytes).ToArray();
        _kinds = _literals.Select(l => byLiteral[l].Order().ToArray()).ToArray();
        _stubConstructors = [.. Options.StubConstructors];
        _constructors = [.. Options.StatusConstructors];
        _prefilter = new RustWordScan(_literalBytes, macroNames: false);
        _reading = Options.Reading;
    }

    public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".rs", StringComparison.Ordinal);

    public override bool MayMatch(string relativePath, ReadOnlySpan<byte> utf8) => _prefilter.AnyInCode(utf8);

    public override void Analyze(FileContext context)
    {
        var rust = RustFile.Of(context);
        if (rust.Tree is null) return;
        var buildScript = context.Path == "build.rs" || context.Path.EndsWith("/build.rs", StringComparison.Ordinal);
        var reported = new HashSet<(int, int)>();
        var unknownNameMatches = new Dictionary<int, bool>();
        var targets = RustRuleOptions.WholeWords(context.Text.Utf8, _literalBytes);
        rust.Locate(targets.Ranges, _reading, (i, path) =>
        {
            if (path.InTemplate || path.Count < 2) return;
            foreach (var kind in _kinds[targets.Kinds[i]])
            {
                var hit = kind switch
                {
                    Kind.StatusFunction => StatusFunction(path),
                    Kind.StubConstructor => StubConstructorCall(path),
                    Kind.Code => UnimplementedCode(path),
                    Kind.Constant => StatusConstant(path),
                    _ => buildScript ? DefaultStubs(path) : null,
                };
                if (hit is not { } h) continue;
                // Test code is asked of a hit only: for a whole file it may mean parsing the module files above it.
                if (path.InTestCode || InStubConstructorDefinition(path) || (kind != Kind.DefaultStubs && InUnknownNameArm(path, unknownNameMatches))
                    || !reported.Add((h.Start, h.End)))
                    return;
                Report(context, context.Text.SpanOfBytes(h.Start, h.End), context.Text.TextOfBytes(h.Start, h.End), h.What);
                return;
            }
        });
    }

    /// <summary>
    /// Inside the definition of a function whose name is, or holds as whole words, a stub
    /// constructor's name (<c>fn unimplemented(..)</c> of a <c>Status</c> type; the handler of an
    /// RPC a protocol defines to answer so, <c>fn unimplemented_call(..)</c>): the status there is
    /// what the function's name promises, not a stub of it.
    /// </summary>
    private bool InStubConstructorDefinition(RustPath path)
    {
        if (path.EnclosingFunction is not { IsNull: false } function || function.ChildByFieldName("name") is not { IsNull: false } nameNode) return false;
        var name = nameNode.Text;
        foreach (var constructor in _stubConstructors)
        {
            for (var at = name.IndexOf(constructor, StringComparison.Ordinal); at >= 0; at = name.IndexOf(constructor, at + 1, StringComparison.Ordinal))
            {
                var end = at + constructor.Length;
                if ((at == 0 || name[at - 1] == '_') && (end == name.Length || name[end] == '_')) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// In the catch-all arm (<c>_</c> or a binding) of a <c>match</c> whose other arms are string or
    /// byte-string literals: a dispatch on a name the client sent (a method path, an action type,
    /// an encoding), where an unknown name is not part of the served surface and "unimplemented"
    /// is the answer the protocol prescribes (gRPC's for an unsupported message encoding), not a stub.
    /// Decided once per <c>match</c>.
    /// </summary>
    private static bool InUnknownNameArm(RustPath path, Dictionary<int, bool> known)
    {
        for (var i = path.Count - 2; i >= 1; i--)
        {
            var node = path[i];
            if (node.Type is "function_item" or "closure_expression") return false;
            if (node.Type != "match_arm") continue;
            if (!IsCatchAll(node)) return false;
            var block = path[i - 1];
            if (block.Type != "match_block") return false;
            if (!known.TryGetValue(block.StartByte, out var names))
            {
                var literalArms = 0;
                names = true;
                foreach (var arm in block.NamedChildren)
                {
                    if (arm.Type != "match_arm" || arm == node) continue;
                    if (IsCatchAll(arm) || !IsNameLiteral(ArmPattern(arm))) { names = false; break; }
                    literalArms++;
                }
                names &= literalArms > 0;
                known[block.StartByte] = names;
            }
            return names;
        }
        return false;
    }

    private static TsNode ArmPattern(TsNode arm)
    {
        var pattern = arm.ChildByFieldName("pattern");
        return pattern.IsNull || pattern.ChildCount == 0 ? TsNode.Null : pattern.Child(0);
    }

    private static bool IsCatchAll(TsNode arm) => ArmPattern(arm) is { IsNull: false } p && p.Type is "_" or "identifier";

    private static bool IsNameLiteral(TsNode pattern)
    {
        if (pattern.IsNull) return false;
        if (pattern.Type is "string_literal" or "raw_string_literal") return true;
        if (pattern.Type != "or_pattern") return false;
        foreach (var alternative in pattern.NamedChildren)
        {
            if (!IsNameLiteral(alternative)) return false;
        }
        return true;
    }

    /// <summary><c>Status::unimplemented(..)</c>, <c>tonic::Status::unimplemented</c> passed as a function, and the same in a macro's tokens.</summary>
    private static (int Start, int End, string What)? StatusFunction(RustPath path)
    {
        var name = path[^1];
        var parent = path[^2];
        if (name.Type != "identifier") return null;
        if (parent.Type == "scoped_identifier" && parent.ChildByFieldName("name") == name && RustSyntaxFacts.QualifierOf(path, path.Count - 1) == StatusType)
        {
            if (RustSyntaxFacts.InPattern(path, path.Count - 2)) return null;
            var call = path.Count >= 3 ? path[^3] : TsNode.Null;
            if (!call.IsNull && call.Type == "call_expression" && call.ChildByFieldName("function") == parent)
                return (call.StartByte, call.EndByte, $"`{parent.Text}(..)`");
            return (parent.StartByte, parent.EndByte, $"`{parent.Text}`");
        }
        var at = path.Count - 1;
        if (parent.Type == "token_tree" && RustSyntaxFacts.TokenQualifiedBy(path, at, StatusType))
        {
            var start = path.Sibling(at, -2).StartByte;
            var arguments = path.Sibling(at, 1);
            var end = !arguments.IsNull && arguments.Type == "token_tree" ? arguments.EndByte : name.EndByte;
            return (start, end, $"`Status::{name.Text}(..)`");
        }
        return null;
    }

    /// <summary>A call of a stub constructor by any path (<c>not_implemented(..)</c>, <c>Self::not_implemented(..)</c>), not a method call.</summary>
    private static (int Start, int End, string What)? StubConstructorCall(RustPath path)
    {
        var name = path[^1];
        var parent = path[^2];
        if (name.Type != "identifier") return null;
        var callee = parent.Type == "scoped_identifier" && parent.ChildByFieldName("name") == name ? parent : name;
        var calleeIndex = callee == name ? path.Count - 1 : path.Count - 2;
        if (calleeIndex >= 1 && path[calleeIndex - 1] is { Type: "call_expression" } call && call.ChildByFieldName("function") == callee)
        {
            if (RustSyntaxFacts.InPattern(path, calleeIndex - 1)) return null;
            return (call.StartByte, call.EndByte, $"`{callee.Text}(..)`");
        }
        var at = path.Count - 1;
        if (parent.Type == "token_tree")
        {
            // In a macro's tokens: `not_implemented ( .. )` or `X :: not_implemented ( .. )`, not `. name (` nor `fn name (`.
            var arguments = path.Sibling(at, 1);
            if (arguments.IsNull || arguments.Type != "token_tree" || arguments.ChildCount == 0 || arguments.Child(0).Type != "(") return null;
            var before = path.Sibling(at, -1);
            if (!before.IsNull && before.Type is "." or "fn") return null;
            var qualified = !before.IsNull && before.Type == "::" && path.Sibling(at, -2) is { IsNull: false, Type: "identifier" };
            var start = qualified ? path.Sibling(at, -2).StartByte : name.StartByte;
            var what = qualified ? $"`{path.Sibling(at, -2).Text}::{name.Text}(..)`" : $"`{name.Text}(..)`";
            return (start, arguments.EndByte, what);
        }
        return null;
    }

    /// <summary><c>Status::new(Code::Unimplemented, ..)</c>: the code as the first argument of a listed Status constructor.</summary>
    private (int Start, int End, string What)? UnimplementedCode(RustPath path)
    {
        var name = path[^1];
        var parent = path[^2];
        if (name.Type != "identifier") return null;
        if (parent.Type == "scoped_identifier" && parent.ChildByFieldName("name") == name && RustSyntaxFacts.QualifierOf(path, path.Count - 1) == CodeType)
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
        var at = path.Count - 1;
        if (parent.Type == "token_tree" && RustSyntaxFacts.TokenQualifiedBy(path, at, CodeType))
        {
            // In a macro's tokens: `Status :: new ( Code :: Unimplemented , .. )`, the code first in the parentheses.
            var open = path.Sibling(at, -3);
            if (open.IsNull || open.Type != "(" || !path.Sibling(at, -4).IsNull) return null;
            var argumentsAt = path.Count - 2;
            var constructor = path.Sibling(argumentsAt, -1);
            if (constructor.IsNull || constructor.Type != "identifier" || Array.IndexOf(_constructors, constructor.Text) < 0) return null;
            var colons = path.Sibling(argumentsAt, -2);
            var owner = path.Sibling(argumentsAt, -3);
            if (colons.IsNull || colons.Type != "::" || owner.IsNull || owner.Type != "identifier" || owner.Text != StatusType) return null;
            return (owner.StartByte, parent.EndByte, $"`Status::{constructor.Text}({CodeType}::{name.Text}, ..)`");
        }
        return null;
    }

    /// <summary><c>StatusCode::NOT_IMPLEMENTED</c> as a value: not in a pattern, not compared with == or !=.</summary>
    private static (int Start, int End, string What)? StatusConstant(RustPath path)
    {
        var name = path[^1];
        var parent = path[^2];
        if (name.Type != "identifier" || parent.Type != "scoped_identifier" || parent.ChildByFieldName("name") != name
            || RustSyntaxFacts.QualifierOf(path, path.Count - 1) != StatusCodeType)
            return null;
        if (RustSyntaxFacts.InPattern(path, path.Count - 2)) return null;
        if (path.Count >= 3 && path[^3].Type == "binary_expression")
        {
            var op = path[^3].ChildByFieldName("operator");
            if (!op.IsNull && op.Type is "==" or "!=") return null;
        }
        return (parent.StartByte, parent.EndByte, $"`{parent.Text}`");
    }

    /// <summary>
    /// In a build script, <c>.generate_default_stubs(true)</c> on a code generator's builder (any
    /// argument but a literal <c>false</c>): the generated server answers every RPC its impl leaves
    /// out with <c>Unimplemented</c>.
    /// </summary>
    private static (int Start, int End, string What)? DefaultStubs(RustPath path)
    {
        if (path.Count < 3) return null;
        var name = path[^1];
        var field = path[^2];
        var call = path[^3];
        if (name.Type != "field_identifier" || field.Type != "field_expression" || call.Type != "call_expression"
            || call.ChildByFieldName("function") != field)
            return null;
        var arguments = call.ChildByFieldName("arguments");
        var argument = arguments.IsNull ? TsNode.Null : arguments.NamedChild(0);
        if (!argument.IsNull && argument.Type == "boolean_literal" && argument.Text == "false") return null;
        return (name.StartByte, call.EndByte,
            $"`{name.Text}({(argument.IsNull ? "" : argument.Text)})` in the build script (every RPC the service's impl leaves out answers `Unimplemented`)");
    }
}

/// <summary>UCG1002's options.</summary>
public sealed record StubStatusOptions(
    IReadOnlyList<string> StatusFunctions,
    IReadOnlyList<string> StatusConstructors,
    IReadOnlyList<string> UnimplementedCodes,
    IReadOnlyList<string> StatusConstants,
    IReadOnlyList<string> StubConstructors,
    IReadOnlyList<string> DefaultStubSettings,
    RustCodeReading Reading) : IRuleOptions<StubStatusOptions>
{
    public static StubStatusOptions Read(RuleOptionsReader options) => new(
        options.TextList("status-functions", "associated functions of Status that build a stub answer (Status::unimplemented)", required: true),
        options.TextList("status-constructors", "constructors of Status whose first argument is a code (Status::new, Status::with_details)", required: true),
        options.TextList("unimplemented-codes", "variants of Code that mean not implemented, as a constructor's first argument (Code::Unimplemented)", required: true),
        options.TextList("status-constants", "associated constants of StatusCode that mean not implemented (StatusCode::NOT_IMPLEMENTED)", required: true),
        options.TextList("stub-constructors", "functions that build the stub status (not_implemented): a call is a stub response; the body of a function whose name is or holds one as whole words is not"),
        options.TextList("default-stub-settings", "builder methods of code generators that, turned on in a build script, generate stub answers (generate_default_stubs)"),
        RustRuleOptions.ReadReading(options, templates: true));
}
