namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// A top-level key of uc-guards.yaml that sets a rule's options where people look for them, declared
/// by the rule file:
/// <code>
/// shorthand:
///   key: wording        # uc-guards.yaml: wording: { add: [...], allow: [...] }
///   extends: true       # lists are added to the shipped options (false: each value replaces the option)
///   options: { add: wording, allow: allow }   # shorthand entry: rule option
/// </code>
/// </summary>
public sealed record RuleShorthand(string Key, bool Extends, IReadOnlyDictionary<string, string> Options)
{
    public static RuleShorthand Read(PolicyNode node, string ruleId)
    {
        var what = $"{ruleId}.shorthand";
        var map = node.AsMapping(what).OnlyKeys(what, "key", "extends", "options");
        var key = map.Required("key", what).AsString($"{what}.key");
        var options = map.Required("options", what).AsMapping($"{what}.options").Entries
            .ToDictionary(e => e.Key.Value, e => e.Value.AsString($"{what}.options.{e.Key.Value}"), StringComparer.Ordinal);
        if (key.Length == 0 || options.Count == 0) throw new PolicyException(map, $"{what} needs a key and at least one option");
        return new RuleShorthand(key, map["extends"]?.AsBool($"{what}.extends") ?? false, options);
    }
}
