using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards fix [PATH] [--rule ID]... [--dry-run]`: rewrites what the policy alone determines
/// (UCG2004's profile tables, UCG0002's suppressions that suppress nothing) and nothing else.
/// </summary>
public static class FixCommand
{
    private static readonly Argument<string> PathArgument = SharedOptions.Path("Folder or file to fix (default: the current folder); the repository around it is read as a whole");
    private static readonly Option<bool> DryRunOption = new("--dry-run", "-n") { Description = "Print the changes as a unified diff and write nothing (exit 1 when there is something to fix)" };

    public static Command Create()
    {
        var command = new Command("fix", "Rewrite what the policy determines: regenerate the docs' canonical-profile tables from rules/ (UCG2004), remove suppressions that suppress nothing (UCG0002)")
        {
            PathArgument, SharedOptions.Rule, DryRunOption, SharedOptions.Config, SharedOptions.Policy, SharedOptions.Jobs,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var dryRun = parse.GetValue(DryRunOption);
        using var session = GuardsSession.Open(SharedOptions.Session(parse, parse.GetValue(PathArgument)!));
        var fixable = session.FixableRules();
        var asked = parse.GetValue(SharedOptions.Rule) ?? [];
        foreach (var id in asked)
        {
            if (!session.Policy.Rules.ContainsKey(id))
                throw new UsageException($"--rule: unknown rule id '{id}' (rules with a fix: {string.Join(", ", fixable)})");
            if (!fixable.Contains(id, StringComparer.Ordinal))
                throw new UsageException($"--rule: {id} has no automatic fix (rules with a fix: {string.Join(", ", fixable)})");
        }
        var rules = asked.Length > 0 ? asked.Distinct(StringComparer.Ordinal).ToList() : fixable;

        var plan = session.Fix(SharedOptions.Request(parse), rules);
        if (plan.InternalErrors.Count > 0)
        {
            // A rule that crashed judged nothing: a fix computed without it is not written.
            foreach (var error in plan.InternalErrors) stderr.WriteLine($"uc-guards: internal error: {error}");
            stderr.WriteLine("uc-guards: fix: nothing written");
            return ExitCodes.Internal;
        }
        if (dryRun) stdout.Write(plan.Diff());
        else session.WriteFixes(plan);

        foreach (var file in plan.Files)
        {
            foreach (var (ruleId, description) in file.Changes.Distinct())
                stderr.WriteLine($"uc-guards: {(dryRun ? "would fix" : "fixed")} {file.Path}: {ruleId} {description}");
        }
        foreach (var finding in plan.Remaining)
            stderr.WriteLine($"uc-guards: not fixed: {finding.Path}:{finding.Span.StartLine}:{finding.Span.StartColumn}: {finding.RuleId} {finding.Message}");
        var files = CommandSupport.Plural(plan.Files.Count, "file");
        stderr.WriteLine(dryRun
            ? $"uc-guards: fix --dry-run: {files} would change ({string.Join(", ", rules)}); nothing written"
            : $"uc-guards: fix: {files} changed ({string.Join(", ", rules)})");
        if (plan.Remaining.Count > 0) return ExitCodes.Findings;
        return dryRun && plan.ChangesAnything ? ExitCodes.Findings : ExitCodes.Clean;
    }
}
