namespace UltraCloud.Guards.Engine.Syntax.Nix;

/// <summary>
/// The attribute structure a binding list defines, built the way Nix's parser builds it: dotted
/// paths nest (<c>a.b = 1; a.c = 2;</c>), a path may descend into an attribute set literal
/// (<c>a = { b = 1; }; a.c = 2;</c>), two literals under one name merge, and anything else defined
/// twice is a duplicate. Used by the parse check (duplicates, scopes) and by the evaluator.
/// </summary>
public sealed class NixAttrTree
{
    private readonly Dictionary<string, NixAttrNode> _index = new(StringComparer.Ordinal);

    private NixAttrTree(bool recursive) => Recursive = recursive;

    /// <summary>True for <c>rec { }</c> and <c>let</c>: the names are in scope inside the values.</summary>
    public bool Recursive { get; }

    /// <summary>Static names in definition order.</summary>
    public List<KeyValuePair<string, NixAttrNode>> Static { get; } = [];

    /// <summary>Bindings whose first name is computed (<c>${name} = ...</c>).</summary>
    public List<NixDynamicBinding> Dynamic { get; } = [];

    /// <summary>The first duplicate definition found while building, as Nix's parser reports it.</summary>
    public NixParseDiagnostic? Problem { get; private set; }

    public NixAttrNode? Find(string name) => _index.GetValueOrDefault(name);

    public static NixAttrTree Build(IReadOnlyList<NixBindingNode> bindings, bool recursive)
    {
        var tree = new NixAttrTree(recursive);
        foreach (var binding in bindings) tree.Add(binding, tree);
        return tree;
    }

    /// <summary>An empty tree that bindings are added to one by one, as the parser reads them.</summary>
    internal static NixAttrTree Start(bool recursive) => new(recursive);

    /// <summary>Adds one binding; a duplicate it makes is recorded in <see cref="Problem"/> (the first one only).</summary>
    internal void Add(NixBindingNode binding) => Add(binding, this);

    /// <summary>
    /// A static name, as Nix's parser decides it: an identifier, <c>or</c>, a string without
    /// interpolation, or <c>${...}</c> around such a string. Anything else is computed when evaluated.
    /// </summary>
    public static string? StaticName(NixAttrName name) => name.Name;

    private void Put(string key, NixAttrNode node)
    {
        _index.Add(key, node);
        Static.Add(new(key, node));
    }

    private void Add(NixBindingNode node, NixAttrTree root)
    {
        switch (node)
        {
            case NixInherit inherit:
                foreach (var name in inherit.Names)
                {
                    var key = StaticName(name);
                    if (key is null)
                    {
                        root.Problem ??= new NixParseDiagnostic(name.Location, "dynamic attributes are not allowed in inherit");
                        continue;
                    }
                    if (Find(key) is { } existing)
                    {
                        root.Problem ??= Duplicate(key, name.Location, existing);
                        continue;
                    }
                    Put(key, NixAttrNode.Inherited(inherit, name));
                }
                break;
            case NixBinding binding:
                AddPath(binding, 0, root);
                break;
        }
    }

    private void AddPath(NixBinding binding, int index, NixAttrTree root)
    {
        var name = binding.Path[index];
        var key = StaticName(name);
        var last = index == binding.Path.Count - 1;
        if (key is null)
        {
            Dynamic.Add(new NixDynamicBinding(binding, index));
            return;
        }
        var existing = Find(key);
        if (!last)
        {
            if (existing is null)
            {
                var nested = new NixAttrTree(false);
                Put(key, NixAttrNode.NestedNode(nested, binding, name));
                nested.AddPath(binding, index + 1, root);
                return;
            }
            if (existing.Nested(root) is { } into)
            {
                into.AddPath(binding, index + 1, root);
                return;
            }
            root.Problem ??= Duplicate(DottedName(binding, index + 1), binding.PathLocation, existing);
            return;
        }
        if (existing is null)
        {
            Put(key, NixAttrNode.Leaf(binding, name));
            return;
        }
        // Two attribute set literals under one name merge (their first-level names must differ).
        if (binding.Value is NixAttrSetExpr literal && existing.Nested(root) is { } target && !existing.IsInherited)
        {
            var extra = Build(literal.Bindings, literal.Recursive);
            root.Problem ??= extra.Problem;
            foreach (var (childKey, child) in extra.Static)
            {
                if (target.Find(childKey) is { } clash)
                {
                    root.Problem ??= Duplicate(childKey, child.NameLocation, clash);
                    continue;
                }
                target.Put(childKey, child);
            }
            target.Dynamic.AddRange(extra.Dynamic);
            return;
        }
        root.Problem ??= Duplicate(DottedName(binding, index + 1), binding.PathLocation, existing);
    }

    private static string DottedName(NixBinding binding, int count) =>
        string.Join('.', binding.Path.Take(count).Select(n => StaticName(n) ?? "${...}"));

    private static NixParseDiagnostic Duplicate(string name, NixLocation where, NixAttrNode first) =>
        new(where, $"attribute '{name}' already defined at {first.NameLocation.Path}:{first.NameLocation.Span.StartLine}:{first.NameLocation.Span.StartColumn}");

    internal static NixAttrTree FromLiteral(NixAttrSetExpr literal, NixAttrTree root)
    {
        // A copy: names merged into it must not change the literal's own tree.
        var tree = Build(literal.Bindings, literal.Recursive);
        root.Problem ??= tree.Problem;
        return tree;
    }
}

/// <summary>One static attribute of a <see cref="NixAttrTree"/>.</summary>
public sealed class NixAttrNode
{
    private NixAttrTree? _nested;

    private NixAttrNode(NixBindingNode definition, NixAttrName name)
    {
        Definition = definition;
        Name = name;
    }

    /// <summary>The binding or inherit that defined the attribute (first one, for nested paths).</summary>
    public NixBindingNode Definition { get; }

    /// <summary>The name element of the attribute path (what a finding about this attribute points at).</summary>
    public NixAttrName Name { get; }

    public NixLocation NameLocation => Name.Location;

    /// <summary>The whole attribute path of the defining binding (<c>services.chainfire.enable</c>).</summary>
    public NixLocation BindingLocation => Definition is NixBinding b ? b.PathLocation : Name.Location;

    public bool IsInherited => Definition is NixInherit;

    /// <summary>For a leaf: the value expression; null for inherits and nested paths.</summary>
    public NixExpr? Value { get; private init; }

    /// <summary>A set built from dotted paths, or a literal that a later path descended into.</summary>
    public NixAttrTree? NestedTree => _nested;

    internal static NixAttrNode Leaf(NixBinding binding, NixAttrName name) => new(binding, name) { Value = binding.Value };

    internal static NixAttrNode Inherited(NixInherit inherit, NixAttrName name) => new(inherit, name);

    internal static NixAttrNode NestedNode(NixAttrTree tree, NixBinding binding, NixAttrName name) => new(binding, name) { _nested = tree };

    /// <summary>The nested set to descend into, turning a literal value into one when first needed.</summary>
    internal NixAttrTree? Nested(NixAttrTree root)
    {
        if (_nested is not null) return _nested;
        if (Value is NixAttrSetExpr literal && !IsInherited)
        {
            _nested = NixAttrTree.FromLiteral(literal, root);
            return _nested;
        }
        return null;
    }
}

/// <summary>A binding whose name at <see cref="Index"/> is computed at evaluation time.</summary>
public sealed record NixDynamicBinding(NixBinding Binding, int Index);
