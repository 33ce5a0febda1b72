using System.CommandLine;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards explain ID`: one rule in full, from its rule file (by id or by name).</summary>
public static class ExplainCommand
{
    public static readonly Argument<string> RuleArgument = new("rule") { Description = "Rule id (UCG1001) or name (stub-macro)" };
    public static readonly Option<string?> PolicyOption = new("--policy") { Description = "Use this folder of policy files instead of the shipped rules/" };
    public static readonly Option<string?> ConfigOption = new("--config") { Description = "Show the rule as this uc-guards.yaml configures it" };

    public static Command Create()
    {
        var command = new Command("explain", "Explain a rule: what it rejects, why, examples, how to fix and suppress")
        {
            RuleArgument, PolicyOption, ConfigOption,
        };
        command.SetAction(parse => CommandSupport.Guarded(parse, (stdout, _) =>
        {
            var policy = CommandSupport.LoadPolicy(parse.GetValue(PolicyOption), parse.GetValue(ConfigOption));
            var wanted = parse.GetValue(RuleArgument)!.Trim();
            var rule = policy.Rules.Values.FirstOrDefault(r =>
                string.Equals(r.Id, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Descriptor.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"unknown rule '{wanted}' (known: {string.Join(", ", policy.Rules.Keys.Order(StringComparer.Ordinal))}; `uc-guards rules` lists them)");
            RuleReference.WriteExplanation(rule, stdout);
            return ExitCodes.Clean;
        }));
        return command;
    }
}
