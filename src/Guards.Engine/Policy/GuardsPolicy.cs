using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>The effective settings of one rule after the repository configuration is applied.</summary>
public sealed class RuleSettings
{
    public required RuleDescriptor Descriptor { get; init; }
    public required Severity Severity { get; init; }
    public required IReadOnlyList<Scope> Scopes { get; init; }
    /// <summary>
    /// The rule's options mapping (shipped values with the repository's overrides and extensions),
    /// as written; rules read them through their typed options record (<see cref="IRuleOptions{TSelf}"/>).
    /// </summary>
    public required PolicyMapping Options { get; init; }

    public string Id => Descriptor.Id;
    public bool Enabled => Severity != Severity.None;

    /// <summary>True when the rule reads this path: no scope means every scanned file.</summary>
    public bool AppliesTo(string relativePath)
    {
        if (Scopes.Count == 0) return true;
        // Indexed: a foreach over the interface would allocate an enumerator for every file and rule.
        for (var i = 0; i < Scopes.Count; i++)
        {
            if (Scopes[i].Contains(relativePath)) return true;
        }
        return false;
    }
}

/// <summary>
/// The policy in force for one scan: the shipped <c>rules/</c> data merged with the repository's
/// <c>uc-guards.yaml</c>. Rule code reads everything it knows about UltraCloud from here.
/// </summary>
public sealed class GuardsPolicy
{
    public required IReadOnlyDictionary<string, RuleSettings> Rules { get; init; }
    public required IReadOnlyDictionary<string, Scope> Scopes { get; init; }
    /// <summary>Data sections such as components, profiles and archived-helpers, by top-level key.</summary>
    public required IReadOnlyDictionary<string, PolicyNode> Sections { get; init; }
    public required IReadOnlyList<Glob> NeverScan { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Variables { get; init; }
    public long MaxFileSize { get; init; } = 2 * 1024 * 1024;
    public Severity FailOn { get; init; } = Severity.Error;
    public TimeSpan ParseBudget { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>The configuration files that were read, in order (shipped first).</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = [];

    public RuleSettings? Rule(string id) => Rules.TryGetValue(id, out var r) ? r : null;

    public PolicyNode? Section(string key) => Sections.TryGetValue(key, out var n) ? n : null;

    public IReadOnlyList<string> Variable(string name) => Variables.TryGetValue(name, out var v) ? v : [];

    public bool IsNeverScanned(string relativePath)
    {
        foreach (var glob in NeverScan)
        {
            if (glob.IsMatch(relativePath)) return true;
        }
        return false;
    }
}
