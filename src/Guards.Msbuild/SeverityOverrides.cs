using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Msbuild;

/// <summary>
/// The <c>UltraCloudGuardsSeverity</c> property: <c>ID=severity</c> pairs separated by ';' or ','
/// that replace the policy's severity for those rules. A rule set to none does not run at all.
/// </summary>
internal static class SeverityOverrides
{
    public static bool TryParse(string? text, out IReadOnlyDictionary<string, Severity> overrides, out string? problem)
    {
        var map = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
        overrides = map;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;

        foreach (var raw in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=');
            var id = eq > 0 ? raw[..eq].Trim() : "";
            var value = eq > 0 ? raw[(eq + 1)..].Trim() : "";
            if (id.Length == 0 || value.Length == 0)
            {
                problem = $"'{raw}' is not of the form RULE=severity (e.g. UCG1004=warning)";
                return false;
            }
            if (!SeverityNames.TryParse(value, out var severity))
            {
                problem = $"'{value}' for {id} is not a severity (error, warning, note or none)";
                return false;
            }
            map[id.ToUpperInvariant()] = severity;
        }
        return true;
    }

    public static bool TryApply(
        GuardsPolicy policy, IReadOnlyDictionary<string, Severity> overrides, out GuardsPolicy result, out string? problem)
    {
        result = policy;
        problem = null;
        if (overrides.Count == 0) return true;

        var unknown = overrides.Keys.Where(id => !policy.Rules.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            problem = $"unknown rule id(s) {string.Join(", ", unknown)} (known: {string.Join(", ", policy.Rules.Keys.Order(StringComparer.Ordinal))})";
            return false;
        }

        var rules = policy.Rules.ToDictionary(
            kv => kv.Key,
            kv => overrides.TryGetValue(kv.Key, out var severity)
                ? new RuleSettings { Descriptor = kv.Value.Descriptor, Severity = severity, Scopes = kv.Value.Scopes, Options = kv.Value.Options }
                : kv.Value,
            StringComparer.Ordinal);

        result = new GuardsPolicy
        {
            Rules = rules,
            Scopes = policy.Scopes,
            Sections = policy.Sections,
            NeverScan = policy.NeverScan,
            Variables = policy.Variables,
            MaxFileSize = policy.MaxFileSize,
            FailOn = policy.FailOn,
            ParseBudget = policy.ParseBudget,
            SourceFiles = policy.SourceFiles,
        };
        return true;
    }
}
