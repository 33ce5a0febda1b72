using System.Globalization;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// A YAML value with the place it was read from, so that every policy error can name file, line
/// and key. Mappings keep their key order.
/// </summary>
public abstract class PolicyNode
{
    protected PolicyNode(string file, int line, int column)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string File { get; }
    public int Line { get; }
    public int Column { get; }

    public string Where => $"{File}:{Line}:{Column}";

    public PolicyMapping AsMapping(string what) =>
        this as PolicyMapping ?? throw new PolicyException(this, $"{what} must be a mapping");

    public PolicySequence AsSequence(string what) =>
        this as PolicySequence ?? throw new PolicyException(this, $"{what} must be a list");

    public string AsString(string what) =>
        this is PolicyScalar scalar ? scalar.Value : throw new PolicyException(this, $"{what} must be a plain value");

    public bool AsBool(string what) => AsString(what).ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw new PolicyException(this, $"{what} must be true or false"),
    };

    public long AsSize(string what)
    {
        var text = AsString(what).Trim();
        long factor = 1;
        foreach (var (suffix, f) in new[] { ("KiB", 1024L), ("MiB", 1024L * 1024), ("GiB", 1024L * 1024 * 1024), ("KB", 1000L), ("MB", 1000L * 1000), ("B", 1L) })
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                text = text[..^suffix.Length].Trim();
                break;
            }
        }
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n * factor
            : throw new PolicyException(this, $"{what} must be a positive size such as 2MiB");
    }

    /// <summary>A list of plain values; a single plain value counts as a list of one.</summary>
    public IReadOnlyList<string> AsStringList(string what) => this switch
    {
        PolicyScalar s => [s.Value],
        PolicySequence seq => seq.Items.Select(i => i.AsString($"each entry of {what}")).ToList(),
        _ => throw new PolicyException(this, $"{what} must be a list of plain values"),
    };
}

public sealed class PolicyScalar(string file, int line, int column, string value) : PolicyNode(file, line, column)
{
    public string Value { get; } = value;
    public override string ToString() => Value;
}

public sealed class PolicySequence(string file, int line, int column, IReadOnlyList<PolicyNode> items) : PolicyNode(file, line, column)
{
    public IReadOnlyList<PolicyNode> Items { get; } = items;
}

public sealed class PolicyMapping(string file, int line, int column, IReadOnlyList<KeyValuePair<PolicyScalar, PolicyNode>> entries)
    : PolicyNode(file, line, column)
{
    public IReadOnlyList<KeyValuePair<PolicyScalar, PolicyNode>> Entries { get; } = entries;

    public PolicyNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;

    public bool Has(string key) => this[key] is not null;

    public PolicyNode Required(string key, string what) =>
        this[key] ?? throw new PolicyException(this, $"{what} lacks the required key '{key}'");

    /// <summary>Rejects any key not in <paramref name="known"/>, naming the key and its line.</summary>
    public PolicyMapping OnlyKeys(string what, params string[] known)
    {
        foreach (var (key, _) in Entries)
        {
            if (Array.IndexOf(known, key.Value) < 0)
                throw new PolicyException(key, $"unknown key '{key.Value}' in {what} (known: {string.Join(", ", known)})");
        }
        return this;
    }

    public string? OptionalString(string key, string what) => this[key]?.AsString($"{what}.{key}");

    public IReadOnlyList<string> OptionalStringList(string key, string what) => this[key]?.AsStringList($"{what}.{key}") ?? [];
}

/// <summary>A policy or configuration error: exit code 2, with the file, line and what is wrong.</summary>
public sealed class PolicyException : Exception
{
    public PolicyException(string file, int line, int column, string message)
        : base(line > 0 ? $"{file}:{line}:{column}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
        Column = column;
        Reason = message;
    }

    public PolicyException(PolicyNode node, string message) : this(node.File, node.Line, node.Column, message) { }

    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Reason { get; }
}
