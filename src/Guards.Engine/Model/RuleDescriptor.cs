namespace UltraCloud.Guards.Engine.Model;

/// <summary>
/// What a rule is, as the policy data describes it: every reporter and the rule reference are
/// rendered from this, never from code.
/// </summary>
public sealed record RuleDescriptor
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>Composite format string; {0}, {1}… are filled by the rule.</summary>
    public required string MessageFormat { get; init; }
    public Severity DefaultSeverity { get; init; } = Severity.Error;
    public string Summary { get; init; } = "";
    public string Description { get; init; } = "";
    public string Rationale { get; init; } = "";
    public string Help { get; init; } = "";
    public string HelpUri { get; init; } = "";
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public IReadOnlyList<RuleExample> Examples { get; init; } = [];
    /// <summary>Where the descriptor was read from, for error messages.</summary>
    public string SourceFile { get; init; } = "";

    public string FormatMessage(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(System.Globalization.CultureInfo.InvariantCulture, MessageFormat, args);
}

/// <summary>A snippet that must (invalid) or must not (valid) produce findings of the rule.</summary>
public sealed record RuleExample(string Path, string Code, bool Valid, int Line = 0);
