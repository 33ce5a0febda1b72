using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Lsp.Server;

/// <summary>What the shell that starts the server decides: the policy, the rules, and the rule explanations.</summary>
public sealed record LanguageServerOptions
{
    /// <summary>A uc-guards.yaml to use instead of the one found from the workspace (the client's initializationOptions.config wins).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>A folder of policy files replacing the shipped rules/ (the client's initializationOptions.policy wins).</summary>
    public string? PolicyDirectory { get; init; }

    /// <summary>The rule mechanisms; the shipped rules when null.</summary>
    public RuleCatalog? Catalog { get; init; }

    /// <summary>Writes a rule's explanation (what <c>uc-guards explain</c> prints), shown on hover; the rule's summary when null.</summary>
    public Action<RuleSettings, TextWriter>? Explain { get; init; }

    /// <summary>The version the server reports in its initialize answer.</summary>
    public string Version { get; init; } = "";

    /// <summary>Worker threads of the whole-tree scans; 0 means one per core.</summary>
    public int Jobs { get; init; }
}
