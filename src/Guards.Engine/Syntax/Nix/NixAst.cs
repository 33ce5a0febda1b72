using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// A place in a Nix file: the repository-relative path and the span. The evaluator makes a location
/// for most values it builds and reports few of them, so the line and column are worked out when
/// first asked for. Two locations are equal when they name the same bytes of the same path.
/// </summary>
public sealed class NixLocation : IEquatable<NixLocation>
{
    private readonly SourceText? _text;
    private readonly int _startByte;
    private readonly int _endByte;
    private System.Runtime.CompilerServices.StrongBox<SourceSpan>? _span;

    public NixLocation(string path, SourceSpan span)
    {
        Path = path;
        _startByte = span.StartByte;
        _endByte = span.EndByte;
        _span = new(span);
    }

    internal NixLocation(SourceText text, int startByte, int endByte)
    {
        Path = text.Path;
        _text = text;
        _startByte = startByte;
        _endByte = endByte;
    }

    public string Path { get; }

    public SourceSpan Span => (_span ??= new(_text!.SpanOfBytes(_startByte, _endByte))).Value;

    public bool Equals(NixLocation? other) =>
        other is not null && _startByte == other._startByte && _endByte == other._endByte && Path == other.Path;

    public override bool Equals(object? obj) => Equals(obj as NixLocation);

    public override int GetHashCode() => HashCode.Combine(Path, _startByte, _endByte);

    public override string ToString() => $"{Path}:{Span.StartLine}:{Span.StartColumn}";
}

/// <summary>One parsed Nix file: its text and the managed syntax tree the reader evaluates.</summary>
public sealed class NixSource
{
    public NixSource(SourceText text) => Text = text;

    public SourceText Text { get; }
    public string Path => Text.Path;

    /// <summary>The folder of the file, repository-relative ("" at the root).</summary>
    public string Directory
    {
        get
        {
            var slash = Path.LastIndexOf('/');
            return slash < 0 ? "" : Path[..slash];
        }
    }

    public NixLocation Location(int startByte, int endByte) => new(Text, startByte, endByte);
}

/// <summary>The Nix expression tree, as <see cref="NixParser"/> builds it.</summary>
public abstract class NixExpr
{
    protected NixExpr(NixSource source, int start, int end)
    {
        Source = source;
        Start = start;
        End = end;
    }

    public NixSource Source { get; }
    public int Start { get; }
    public int End { get; }

    public NixLocation Location => Source.Location(Start, End);

    public string Text => Source.Text.TextOfBytes(Start, End);
}

public sealed class NixIntExpr(NixSource s, int a, int b, long value) : NixExpr(s, a, b)
{
    public long Value { get; } = value;
}

public sealed class NixFloatExpr(NixSource s, int a, int b, double value) : NixExpr(s, a, b)
{
    public double Value { get; } = value;
}

/// <summary>A string part: literal text, or an interpolated expression.</summary>
public readonly record struct NixStringPart(string? Literal, NixExpr? Interpolation);

public sealed class NixStringExpr(NixSource s, int a, int b, IReadOnlyList<NixStringPart> parts, string? staticText = null) : NixExpr(s, a, b)
{
    public IReadOnlyList<NixStringPart> Parts { get; } = parts;

    /// <summary>
    /// The text when Nix's parser reads the string as one constant (no interpolation, or an indented
    /// string that is a single piece): only such a string is a static attribute name.
    /// </summary>
    public string? StaticText { get; } = staticText;

    /// <summary>The text when the string has no interpolation.</summary>
    public string? Literal => Parts.All(p => p.Literal is not null) ? string.Concat(Parts.Select(p => p.Literal)) : null;
}

public enum NixPathKind { Relative, Absolute, Home }

/// <summary>A path literal such as <c>./nodes/node01.nix</c> or <c>./nodes/${name}.nix</c>.</summary>
public sealed class NixPathExpr(NixSource s, int a, int b, NixPathKind kind, IReadOnlyList<NixStringPart> parts) : NixExpr(s, a, b)
{
    public NixPathKind Kind { get; } = kind;
    public IReadOnlyList<NixStringPart> Parts { get; } = parts;
}

/// <summary>A search path such as <c>&lt;nixpkgs/nixos/modules/...&gt;</c>: always external.</summary>
public sealed class NixSearchPathExpr(NixSource s, int a, int b, string path) : NixExpr(s, a, b)
{
    public string SearchPath { get; } = path;
}

public sealed class NixUriExpr(NixSource s, int a, int b, string uri) : NixExpr(s, a, b)
{
    public string Uri { get; } = uri;
}

public sealed class NixVarExpr(NixSource s, int a, int b, string name) : NixExpr(s, a, b)
{
    public string Name { get; } = name;
}

/// <summary>One element of an attribute path: a static name or an interpolated (dynamic) one.</summary>
public sealed class NixAttrName(NixSource s, int a, int b, string? name, NixExpr? dynamic) : NixExpr(s, a, b)
{
    public string? Name { get; } = name;
    public NixExpr? Dynamic { get; } = dynamic;
}

public sealed class NixSelectExpr(NixSource s, int a, int b, NixExpr target, IReadOnlyList<NixAttrName> path, NixExpr? orDefault) : NixExpr(s, a, b)
{
    public NixExpr Target { get; } = target;
    public IReadOnlyList<NixAttrName> Path { get; } = path;
    public NixExpr? Default { get; } = orDefault;
}

public sealed class NixHasAttrExpr(NixSource s, int a, int b, NixExpr target, IReadOnlyList<NixAttrName> path) : NixExpr(s, a, b)
{
    public NixExpr Target { get; } = target;
    public IReadOnlyList<NixAttrName> Path { get; } = path;
}

public sealed class NixApplyExpr(NixSource s, int a, int b, NixExpr function, NixExpr argument) : NixExpr(s, a, b)
{
    public NixExpr Function { get; } = function;
    public NixExpr Argument { get; } = argument;
}

public sealed class NixFormal(NixSource s, int a, int b, string name, NixExpr? defaultValue) : NixExpr(s, a, b)
{
    public string Name { get; } = name;
    public NixExpr? Default { get; } = defaultValue;
}

/// <summary><c>x: body</c>, <c>{ a, b ? 1, ... }: body</c> or <c>args@{ ... }: body</c>.</summary>
public sealed class NixLambdaExpr(NixSource s, int a, int b, string? parameter, IReadOnlyList<NixFormal>? formals, bool ellipsis, NixExpr body) : NixExpr(s, a, b)
{
    public string? Parameter { get; } = parameter;
    public IReadOnlyList<NixFormal>? Formals { get; } = formals;
    public bool Ellipsis { get; } = ellipsis;
    public NixExpr Body { get; } = body;
}

public abstract class NixBindingNode(NixSource s, int a, int b) : NixExpr(s, a, b);

/// <summary><c>a.b.c = value;</c></summary>
public sealed class NixBinding(NixSource s, int a, int b, IReadOnlyList<NixAttrName> path, NixExpr value) : NixBindingNode(s, a, b)
{
    public IReadOnlyList<NixAttrName> Path { get; } = path;
    public NixExpr Value { get; } = value;

    /// <summary>The span of the whole attribute path (what a finding about the attribute points at).</summary>
    public NixLocation PathLocation => Source.Location(Path[0].Start, Path[^1].End);
}

/// <summary><c>inherit a b;</c> or <c>inherit (from) a b;</c></summary>
public sealed class NixInherit(NixSource s, int a, int b, NixExpr? from, IReadOnlyList<NixAttrName> names) : NixBindingNode(s, a, b)
{
    public NixExpr? From { get; } = from;
    public IReadOnlyList<NixAttrName> Names { get; } = names;
}

public sealed class NixAttrSetExpr(NixSource s, int a, int b, bool recursive, IReadOnlyList<NixBindingNode> bindings, NixAttrTree? tree = null) : NixExpr(s, a, b)
{
    private NixAttrTree? _tree = tree;

    public bool Recursive { get; } = recursive;
    public IReadOnlyList<NixBindingNode> Bindings { get; } = bindings;

    /// <summary>The attribute structure the bindings define (built by the parser as it reads them).</summary>
    public NixAttrTree Tree => _tree ??= NixAttrTree.Build(Bindings, Recursive);
}

public sealed class NixLetExpr(NixSource s, int a, int b, IReadOnlyList<NixBindingNode> bindings, NixExpr body, NixAttrTree? tree = null) : NixExpr(s, a, b)
{
    private NixAttrTree? _tree = tree;

    public IReadOnlyList<NixBindingNode> Bindings { get; } = bindings;
    public NixExpr Body { get; } = body;

    /// <summary>The names the bindings define (built by the parser as it reads them).</summary>
    public NixAttrTree Tree => _tree ??= NixAttrTree.Build(Bindings, true);
}

public sealed class NixListExpr(NixSource s, int a, int b, IReadOnlyList<NixExpr> items) : NixExpr(s, a, b)
{
    public IReadOnlyList<NixExpr> Items { get; } = items;
}

public sealed class NixIfExpr(NixSource s, int a, int b, NixExpr condition, NixExpr then, NixExpr otherwise) : NixExpr(s, a, b)
{
    public NixExpr Condition { get; } = condition;
    public NixExpr Then { get; } = then;
    public NixExpr Else { get; } = otherwise;
}

public sealed class NixAssertExpr(NixSource s, int a, int b, NixExpr condition, NixExpr body) : NixExpr(s, a, b)
{
    public NixExpr Condition { get; } = condition;
    public NixExpr Body { get; } = body;
}

public sealed class NixWithExpr(NixSource s, int a, int b, NixExpr environment, NixExpr body) : NixExpr(s, a, b)
{
    public NixExpr Environment { get; } = environment;
    public NixExpr Body { get; } = body;
}

public sealed class NixBinaryExpr(NixSource s, int a, int b, string op, NixExpr left, NixExpr right) : NixExpr(s, a, b)
{
    public string Operator { get; } = op;
    public NixExpr Left { get; } = left;
    public NixExpr Right { get; } = right;
}

public sealed class NixUnaryExpr(NixSource s, int a, int b, string op, NixExpr operand) : NixExpr(s, a, b)
{
    public string Operator { get; } = op;
    public NixExpr Operand { get; } = operand;
}

/// <summary>Something the parser could not read (an ERROR node or a construct the reader does not model).</summary>
public sealed class NixErrorExpr(NixSource s, int a, int b, string reason) : NixExpr(s, a, b)
{
    public string Reason { get; } = reason;
}
