using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// Reads one YAML document into <see cref="PolicyNode"/>s from YamlDotNet's event stream. Aliases
/// are resolved by reference and their expansion is bounded, so an alias bomb is an error rather
/// than an out-of-memory. Duplicate keys are errors.
/// </summary>
public static class YamlPolicyReader
{
    public const int MaxNodes = 200_000;
    public const int MaxDepth = 64;

    public static PolicyNode? Read(string file, string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var state = new ReadState(file);
            var root = ReadNode(parser, state, 0);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                throw new PolicyException(file, 1, 1, "only one YAML document is allowed per file");
            return root is PolicyScalar { Value: "" } ? null : root;
        }
        catch (YamlException ex)
        {
            throw new PolicyException(file, (int)ex.Start.Line, (int)ex.Start.Column, "malformed YAML: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner can fail this way on some malformed plain scalars.
            throw new PolicyException(file, 1, 1, "malformed YAML: " + ex.Message);
        }
    }

    private sealed class ReadState(string file)
    {
        public string File { get; } = file;
        public Dictionary<string, PolicyNode> Anchors { get; } = new(StringComparer.Ordinal);
        public int Nodes;
    }

    private static PolicyNode ReadNode(IParser parser, ReadState state, int depth)
    {
        if (depth > MaxDepth)
            throw new PolicyException(state.File, (int)parser.Current!.Start.Line, (int)parser.Current.Start.Column, $"YAML nested deeper than {MaxDepth} levels");
        if (++state.Nodes > MaxNodes)
            throw new PolicyException(state.File, (int)parser.Current!.Start.Line, (int)parser.Current.Start.Column, $"YAML has more than {MaxNodes} values (alias expansion is bounded)");

        var start = parser.Current!.Start;
        int line = (int)start.Line, column = (int)start.Column;

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
                throw new PolicyException(state.File, line, column, $"unknown YAML alias *{alias.Value.Value}");
            state.Nodes += CountNodes(target);
            if (state.Nodes > MaxNodes)
                throw new PolicyException(state.File, line, column, $"YAML alias expansion exceeds {MaxNodes} values");
            return target;
        }

        PolicyNode node;
        string? anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
            var value = scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" ? "" : scalar.Value;
            node = new PolicyScalar(state.File, line, column, value);
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            anchor = seqStart.Anchor.IsEmpty ? null : seqStart.Anchor.Value;
            var items = new List<PolicyNode>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, state, depth + 1));
            node = new PolicySequence(state.File, line, column, items);
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            anchor = mapStart.Anchor.IsEmpty ? null : mapStart.Anchor.Value;
            var entries = new List<KeyValuePair<PolicyScalar, PolicyNode>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyNode = ReadNode(parser, state, depth + 1);
                if (keyNode is not PolicyScalar key)
                    throw new PolicyException(keyNode, "mapping keys must be plain values");
                if (!seen.Add(key.Value))
                    throw new PolicyException(key, $"duplicate key '{key.Value}'");
                entries.Add(new(key, ReadNode(parser, state, depth + 1)));
            }
            node = new PolicyMapping(state.File, line, column, entries);
        }
        else
        {
            throw new PolicyException(state.File, line, column, $"unexpected YAML event {parser.Current?.GetType().Name}");
        }

        if (anchor is not null) state.Anchors[anchor] = node;
        return node;
    }

    private static int CountNodes(PolicyNode node) => node switch
    {
        PolicySequence s => 1 + s.Items.Sum(CountNodes),
        PolicyMapping m => 1 + m.Entries.Sum(e => 1 + CountNodes(e.Value)),
        _ => 1,
    };
}
