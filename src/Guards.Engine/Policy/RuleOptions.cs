namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// A rule's options as a typed record: the one place that names each option key, its type, its
/// default and what it means. The engine binds it from the rule file's <c>options</c> and the
/// repository's overrides; a key no record reads or a value of the wrong type is a
/// <see cref="PolicyException"/> at that key or value. Declare it with
/// <c>FileRule&lt;TOptions&gt;</c> or <c>RepositoryRule&lt;TOptions&gt;</c>.
/// </summary>
public interface IRuleOptions<TSelf> where TSelf : IRuleOptions<TSelf>
{
    /// <summary>
    /// Reads every key unconditionally (the same reads declare the options for the JSON schema and
    /// the rule reference, with no data behind them).
    /// </summary>
    static abstract TSelf Read(RuleOptionsReader options);
}

/// <summary>What an option holds.</summary>
public enum OptionKind
{
    /// <summary>A plain value.</summary>
    Text,
    /// <summary>One plain value of a closed set.</summary>
    Choice,
    /// <summary>A list of plain values.</summary>
    TextList,
    /// <summary>A regular expression the linear matcher runs (checked at load).</summary>
    Pattern,
    /// <summary>A list of mappings with keys of their own (and, where allowed, plain values).</summary>
    List,
}

/// <summary>One declared option: key, kind, meaning, and for lists of mappings the item's own options.</summary>
public sealed record OptionDeclaration(
    string Key,
    OptionKind Kind,
    string Description,
    bool Required = false,
    string? Default = null,
    IReadOnlyList<string>? Choices = null,
    IReadOnlyList<OptionDeclaration>? Item = null,
    bool ItemMayBePlain = false);

/// <summary>
/// Reads one options mapping for <see cref="IRuleOptions{TSelf}.Read"/>: each typed read checks the
/// value's shape and records the key as known; <see cref="Finish"/> then refuses every key nobody
/// read, with a "did you mean". With no mapping behind it (<see cref="Describing"/>) it only
/// records the declarations.
/// </summary>
public sealed class RuleOptionsReader
{
    private readonly string _rule;
    private readonly string _what;
    private readonly PolicyMapping? _map;
    private readonly PolicyNode? _where;
    private readonly List<OptionDeclaration> _declared = [];

    private RuleOptionsReader(string rule, string what, PolicyMapping? map, PolicyNode? where)
    {
        _rule = rule;
        _what = what;
        _map = map;
        _where = where;
    }

    /// <summary>A reader over <paramref name="options"/> (the rule's merged options) for rule <paramref name="ruleId"/>.</summary>
    public static RuleOptionsReader For(string ruleId, PolicyMapping options) => new(ruleId, $"{ruleId}.options", options, options);

    /// <summary>A reader with no data: reads return defaults and only the declarations are kept.</summary>
    public static RuleOptionsReader Describing(string ruleId) => new(ruleId, $"{ruleId}.options", null, null);

    /// <summary>What this reader reads, as messages name it (<c>UCG1001.options</c>).</summary>
    public string Name => _what;

    /// <summary>The options read so far, in reading order.</summary>
    public IReadOnlyList<OptionDeclaration> Declarations => _declared;

    /// <summary>True for a reader with no data behind it (<see cref="Describing"/>).</summary>
    public bool IsDescribing => _map is null;

    private PolicyNode? Value(OptionDeclaration declaration)
    {
        if (_declared.Any(d => d.Key == declaration.Key))
            throw new InvalidOperationException($"{_what}: option '{declaration.Key}' is read twice");
        _declared.Add(declaration);
        if (_map is null) return null;
        var value = _map[declaration.Key];
        if (value is PolicyScalar { Value: "" } && declaration.Kind is OptionKind.TextList or OptionKind.List) value = null;
        if (value is null && declaration.Required)
        {
            var misspelt = NearMiss.Closest(declaration.Key, _map.Entries.Select(e => e.Key.Value));
            throw new PolicyException(_where!, $"{_what} needs the option '{declaration.Key}' ({declaration.Description})"
                + (misspelt is null ? "" : $"; '{misspelt}' is written instead"));
        }
        return value;
    }

    /// <summary>A plain value, <paramref name="default"/> when absent.</summary>
    public string Text(string key, string description, string @default)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Text, description, Default: @default));
        return node is null ? @default : Plain(node, key);
    }

    /// <summary>A plain value that must be present, with its place for the checks the rule makes itself.</summary>
    public string RequiredText(string key, string description, out PolicyNode? where)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Text, description, Required: true));
        where = node;
        return node is null ? "" : Plain(node, key);
    }

    /// <summary>One of <paramref name="choices"/>, or null when absent (the rule then decides).</summary>
    public string? OptionalChoice(string key, string description, IReadOnlyList<string> choices)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Choice, description, Choices: choices));
        if (node is null) return null;
        var value = Plain(node, key);
        return choices.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new PolicyException(node, $"{_what}.{key} must be {Alternatives(choices)}, not '{value}'" + NearMiss.Suggestion(value, choices));
    }

    /// <summary>A plain value or null when absent.</summary>
    public string? OptionalText(string key, string description)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Text, description));
        return node is null ? null : Plain(node, key);
    }

    /// <summary>A plain value or null when absent, with its place for the checks the rule makes itself.</summary>
    public string? OptionalText(string key, string description, out PolicyNode? where)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Text, description));
        where = node;
        return node is null ? null : Plain(node, key);
    }

    /// <summary>A regular expression the linear matcher runs, or null when absent; checked here, <paramref name="where"/> gets its place.</summary>
    public string? OptionalPattern(string key, string description, out PolicyNode? where)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Pattern, description));
        where = node;
        if (node is null) return null;
        var pattern = Plain(node, key);
        PolicyRegex.Validate(pattern, node);
        return pattern;
    }

    /// <summary>One of <paramref name="choices"/>, <paramref name="default"/> when absent.</summary>
    public string Choice(string key, string description, IReadOnlyList<string> choices, string @default)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Choice, description, Default: @default, Choices: choices));
        if (node is null) return @default;
        var value = Plain(node, key);
        return choices.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new PolicyException(node, $"{_what}.{key} must be {Alternatives(choices)}, not '{value}'" + NearMiss.Suggestion(value, choices));
    }

    /// <summary>A list of plain values, empty when absent.</summary>
    public IReadOnlyList<string> TextList(string key, string description, bool required = false) =>
        TextListWithPlaces(key, description, required).Select(i => ((PolicyScalar)i).Value).ToList();

    /// <summary>A list of plain values, each with its place for the checks the rule makes itself.</summary>
    public IReadOnlyList<PolicyNode> TextListWithPlaces(string key, string description, bool required = false)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.TextList, description, Required: required));
        if (node is null) return [];
        var items = node as PolicySequence ?? throw new PolicyException(node, $"{_what}.{key} must be a list of plain values, such as [a, b]");
        foreach (var item in items.Items) Plain(item, key);
        return items.Items;
    }

    /// <summary>A regular expression the linear matcher runs, checked here; <paramref name="where"/> gets its place.</summary>
    public string Pattern(string key, string description, out PolicyNode? where)
    {
        var node = Value(new OptionDeclaration(key, OptionKind.Pattern, description, Required: true));
        where = node;
        if (node is null) return "";
        var pattern = Plain(node, key);
        PolicyRegex.Validate(pattern, node);
        return pattern;
    }

    /// <summary>
    /// A list whose items are mappings read by <paramref name="item"/> (with keys of their own) or,
    /// when <paramref name="fromPlain"/> is given, plain values too; empty when absent.
    /// </summary>
    public IReadOnlyList<T> List<T>(string key, string description, Func<RuleOptionsReader, T> item, Func<PolicyScalar, T>? fromPlain = null, bool required = false)
    {
        if (IsDescribing)
        {
            var describing = new RuleOptionsReader(_rule, $"{_what}.{key} entry", null, null);
            item(describing);
            Value(new OptionDeclaration(key, OptionKind.List, description, Required: required, Item: describing.Declarations, ItemMayBePlain: fromPlain is not null));
            return [];
        }
        var itemDeclarations = new List<OptionDeclaration>();
        var node = Value(new OptionDeclaration(key, OptionKind.List, description, Required: required, Item: itemDeclarations, ItemMayBePlain: fromPlain is not null));
        if (node is null) return [];
        var items = node as PolicySequence ?? throw new PolicyException(node, $"{_what}.{key} must be a list");
        var result = new List<T>();
        foreach (var entry in items.Items)
        {
            switch (entry)
            {
                case PolicyScalar scalar when fromPlain is not null:
                    result.Add(fromPlain(scalar));
                    break;
                case PolicyMapping mapping:
                    var reader = new RuleOptionsReader(_rule, $"{_what}.{key} entry", mapping, mapping);
                    result.Add(item(reader));
                    reader.Finish();
                    break;
                default:
                    throw new PolicyException(entry, $"each entry of {_what}.{key} must be a mapping{(fromPlain is not null ? " or a plain value" : "")}");
            }
        }
        return result;
    }

    /// <summary>Refuses every key of the mapping that no read named.</summary>
    public void Finish()
    {
        if (_map is null) return;
        var known = _declared.Select(d => d.Key).ToList();
        foreach (var (key, _) in _map.Entries)
        {
            if (known.Contains(key.Value, StringComparer.Ordinal)) continue;
            throw new PolicyException(key, known.Count == 0
                ? $"unknown option '{key.Value}': {_rule} has no options"
                : $"unknown option '{key.Value}' in {_what}" + NearMiss.Suggestion(key.Value, known) + $" (known: {string.Join(", ", known)})");
        }
    }

    private string Plain(PolicyNode node, string key) => node is PolicyScalar scalar
        ? scalar.Value
        : throw new PolicyException(node, $"{_what}.{key} must be a plain value, not a {(node is PolicySequence ? "list" : "mapping")}");

    private static string Alternatives(IReadOnlyList<string> choices) =>
        choices.Count == 1 ? choices[0] : string.Join(", ", choices.Take(choices.Count - 1)) + " or " + choices[^1];
}
