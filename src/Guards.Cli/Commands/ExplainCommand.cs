using System.CommandLine;
using UltraCloud.Guards.Cli.Options;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards explain ID`: one rule in full, from its rule file (by id or by name).</summary>
public static class ExplainCommand
{
    public static readonly Argument<string> RuleArgument = new("rule") { Description = "Rule id (UCG1001) or name (stub-macro)" };

    public static Command Create()
    {
        var command = new Command("explain", "Explain a rule: what it rejects, why, examples, how to fix and suppress")
        {
            RuleArgument, SharedOptions.Policy, SharedOptions.Config,
        };
        command.SetAction(parse =>
        {
            var policy = CommandSupport.LoadPolicy(parse.GetValue(SharedOptions.Policy), parse.GetValue(SharedOptions.Config));
            var wanted = parse.GetValue(RuleArgument)!.Trim();
            var rule = policy.Rules.Values.FirstOrDefault(r =>
                string.Equals(r.Id, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Descriptor.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"unknown rule '{wanted}' (known: {string.Join(", ", policy.Rules.Keys.Order(StringComparer.Ordinal))}; `uc-guards rules` lists them)");
            RuleReference.WriteExplanation(rule, parse.InvocationConfiguration.Output);
            return ExitCodes.Clean;
        });
        return command;
    }
}
