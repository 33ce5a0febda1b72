using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>
/// A repository rule for exercising the scan plumbing (git workflows, baselines, reports) with a
/// cause in one file and a finding in another: UCG9901 requires every name listed in its options to
/// be defined (`name =`) in flake.nix or in the file it imports, nix/entrypoints.nix, and reports a
/// missing one at the flake.
/// </summary>
public static class StandInRules
{
    public const string EntrypointRuleId = "UCG9901";

    private const string EntrypointRuleYaml = """
        id: UCG9901
        name: test-required-entrypoint
        title: "Test rule: a required flake attribute is missing"
        severity: error
        message: "flake.nix does not expose `{0}`"
        summary: A stand-in repository rule for the git workflow tests.
        scopes: []
        options:
          required: [single-node-quickstart, node01]
        """;

    /// <summary>The shipped rules plus the stand-in.</summary>
    public static RuleCatalog Catalog { get; } =
        new(RuleCatalog.Default.CreateRules().Select(r => r.GetType()).Append(typeof(RequiredEntrypointStandIn)));

    /// <summary>The shipped policy plus the stand-in repository rule's data.</summary>
    public static GuardsPolicy Policy() =>
        PolicyLoader.Load([.. PolicyLoader.ShippedDocuments(), ("rules/UCG9901-test.yaml", EntrypointRuleYaml)], null);

    public sealed record RequiredOptions(IReadOnlyList<string> Required) : IRuleOptions<RequiredOptions>
    {
        public static RequiredOptions Read(RuleOptionsReader options) => new(options.TextList("required", "names flake.nix must define"));
    }

    public sealed class RequiredEntrypointStandIn : RepositoryRule<RequiredOptions>
    {
        public override string Id => EntrypointRuleId;

        public override void Analyze(RepositoryContext context)
        {
            var flake = context.ReadText("flake.nix");
            if (flake is null) return;
            var imported = context.ReadText("nix/entrypoints.nix")?.Text ?? "";
            foreach (var name in Options.Required)
            {
                if (!flake.Text.Contains(name + " =", StringComparison.Ordinal) && !imported.Contains(name + " =", StringComparison.Ordinal))
                    Report(context, "flake.nix", SourceSpan.FileStart, name, name);
            }
        }
    }
}
