using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using UltraCloud.Guards.Engine.Drift;

namespace UltraCloud.Guards.Engine.Analysis;

/// <summary>
/// The rule mechanisms available to a scan: every concrete <see cref="GuardRule"/> of the rule
/// assemblies. Each scan gets fresh instances.
/// </summary>
public sealed class RuleCatalog
{
    private readonly IReadOnlyList<Type> _ruleTypes;

    public RuleCatalog(IEnumerable<Type> ruleTypes, ISurfaceComparer? surfaceComparer = null, IEnumerable<string>? dataSections = null)
    {
        _ruleTypes = ruleTypes.OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        SurfaceComparer = surfaceComparer;
        DataSections = Sections(dataSections ?? []);
    }

    private static List<string> Sections(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The policy sections the rule assemblies registered (<see cref="Policy.PolicyDataSectionAttribute"/>).</summary>
    public IReadOnlyList<string> DataSections { get; }

    /// <summary>The product model's comparer of two trees' surface (<c>drift</c>), when the rule assemblies have one.</summary>
    public ISurfaceComparer? SurfaceComparer { get; }

    public const string RulesAssemblyName = "UltraCloud.Guards.Rules";

    /// <summary>The shipped rules (UltraCloud.Guards.Rules, loaded beside the engine).</summary>
    public static RuleCatalog Default => s_default.Value;

    private static readonly Lazy<Assembly> s_rulesAssembly = new(() => Assembly.Load(RulesAssemblyName));
    private static readonly Lazy<RuleCatalog> s_default = new(() => FromAssemblies(s_rulesAssembly.Value));
    private static readonly Lazy<IReadOnlyList<string>> s_defaultDataSections = new(() => Sections(DataSectionsOf([s_rulesAssembly.Value])));

    /// <summary>
    /// The <see cref="DataSections"/> of <see cref="Default"/>, read from the rules assembly's
    /// attributes alone: the policy needs them before any rule, and looking through the assembly's
    /// classes for the rules takes longer.
    /// </summary>
    public static IReadOnlyList<string> DefaultDataSections => s_defaultDataSections.Value;

    private static IEnumerable<string> DataSectionsOf(Assembly[] assemblies) =>
        assemblies.SelectMany(a => a.GetCustomAttributes(typeof(Policy.PolicyDataSectionAttribute), false)).Cast<Policy.PolicyDataSectionAttribute>().Select(a => a.Name);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The rules assembly is rooted in the CLI and task projects.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Rule types are rooted with their assembly.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Rule types are rooted with their assembly.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Rule types are rooted with their assembly.")]
    public static RuleCatalog FromAssemblies(params Assembly[] assemblies)
    {
        // The cheap tests first: asking a type for its constructors costs far more (Native AOT builds its member cache).
        var types = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && (typeof(GuardRule).IsAssignableFrom(t) || typeof(ISurfaceComparer).IsAssignableFrom(t)))
            .Where(t => t.GetConstructor(Type.EmptyTypes) is not null).ToList();
        var comparer = types.Where(t => typeof(ISurfaceComparer).IsAssignableFrom(t)).Select(t => (ISurfaceComparer)Activator.CreateInstance(t)!).SingleOrDefault();
        return new(types.Where(t => typeof(GuardRule).IsAssignableFrom(t)), comparer, DataSectionsOf(assemblies));
    }

    /// <summary>
    /// The rule classes <paramref name="policy"/> has a rule file for. A scan refuses a class without
    /// one; running examples (<c>uc-guards test DIR</c>) tests the rules a folder describes.
    /// </summary>
    public RuleCatalog DescribedBy(Policy.GuardsPolicy policy) =>
        new(CreateRules().Where(r => policy.Rules.ContainsKey(r.Id)).Select(r => r.GetType()), SurfaceComparer, DataSections);

    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "Rule types are rooted with their assembly.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Rule types are rooted with their assembly.")]
    public IReadOnlyList<GuardRule> CreateRules() =>
        _ruleTypes.Select(t => (GuardRule)Activator.CreateInstance(t)!).ToList();
}
