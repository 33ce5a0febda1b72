namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// Registers a top-level section of the policy that holds data for the rules of the assembly that
/// declares it (the product model's profiles, components, ...). The engine keeps such a section as
/// written for the rules to read (<see cref="GuardsPolicy.Section"/>); a repository's uc-guards.yaml
/// replaces it whole. A key that no assembly registers is refused where it is written.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PolicyDataSectionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
