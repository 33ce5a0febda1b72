using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.Examples;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards test [RULES_DIR]`: runs every rule's examples (the rule files' <c>examples</c>) and
/// reports each rule as passed, noisy, missing or broken. Exit 1 on any failure.
/// </summary>
public static class TestCommand
{
    public static readonly Argument<string?> RulesArgument = new("rules-dir")
    {
        Description = "Folder of rule files to test (default: the shipped rules/)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Option<bool> RequireExamplesOption = new("--require-examples") { Description = "Fail when a rule has no examples" };

    public static Command Create()
    {
        var command = new Command("test", "Run the rules' valid and invalid examples and report noisy, missing or broken rules")
        {
            RulesArgument, SharedOptions.Config, SharedOptions.Rule, RequireExamplesOption,
        };
        command.SetAction(parse => Execute(parse, parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter stdout)
    {
        var policy = CommandSupport.LoadPolicy(parse.GetValue(RulesArgument), parse.GetValue(SharedOptions.Config));
        var only = parse.GetValue(SharedOptions.Rule) ?? [];
        foreach (var id in only)
        {
            if (policy.Rule(id) is null)
                throw new UsageException($"--rule: unknown rule id '{id}' (known: {string.Join(", ", policy.Rules.Keys.Order(StringComparer.Ordinal))})");
        }
        var requireExamples = parse.GetValue(RequireExamplesOption);
        // An example's own uc-guards.yaml applies over the same rules the listing was loaded from.
        var folder = parse.GetValue(RulesArgument);
        Func<string, GuardsPolicy>? withConfiguration = folder is null ? null : text => RuleExampleRunner.WithConfiguration(PolicyLoader.DocumentsFromDirectory(folder), text);
        var results = new RuleExampleRunner(policy, withConfiguration: withConfiguration).Run(only);
        Write(results, stdout, parse.GetValue(SharedOptions.Verbose), requireExamples);

        var failed = results.Any(r => r.Failed) || (requireExamples && results.Any(r => r.Skipped is null && !r.HasExamples));
        return failed ? ExitCodes.Findings : ExitCodes.Clean;
    }

    public static void Write(IReadOnlyList<RuleTestResult> results, TextWriter output, bool verbose, bool requireExamples)
    {
        var idWidth = results.Select(r => r.Rule.Id.Length + 1 + r.Rule.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var result in results)
        {
            var label = Label(result, requireExamples);
            var name = $"{result.Rule.Id} {result.Rule.Name}".PadRight(idWidth);
            var detail = result.Skipped ?? (result.HasExamples ? CommandSupport.Plural(result.Examples.Count, "example") : "no examples in " + CommandSupport.DisplayPath(result.Rule.SourceFile));
            output.WriteLine($"{label,-13} {name}  {detail}".TrimEnd());
            if (result.Error is not null) output.WriteLine($"    {result.Error}");
            foreach (var example in result.Examples)
            {
                if (example.Status == ExampleStatus.Passed && !verbose) continue;
                WriteExample(result, example, output);
            }
        }

        var tested = results.Where(r => r.Skipped is null).ToList();
        var counts = new List<string>
        {
            $"{tested.Count(r => r.HasExamples && !r.Failed)} passed",
            $"{tested.Count(r => r.Status.HasFlag(ExampleStatus.Noisy))} noisy",
            $"{tested.Count(r => r.Status.HasFlag(ExampleStatus.Missing))} missing",
            $"{tested.Count(r => r.Status.HasFlag(ExampleStatus.Broken))} broken",
        };
        var without = tested.Where(r => !r.HasExamples && r.Error is null).Select(r => r.Rule.Id).ToList();
        var skipped = results.Count - tested.Count;
        var line = $"uc-guards test: {CommandSupport.Plural(results.Count, "rule")}, {string.Join(", ", counts)}";
        line += without.Count == 0 ? "; every rule has examples" : $"; {without.Count} without examples ({string.Join(", ", without)})";
        if (skipped > 0) line += $"; {skipped} skipped";
        line += $"; {results.Sum(r => r.Examples.Count)} examples run";
        output.WriteLine();
        output.WriteLine(line);
    }

    private static string Label(RuleTestResult result, bool requireExamples)
    {
        if (result.Skipped is not null) return "skipped";
        var status = result.Status;
        if (status == ExampleStatus.Passed)
            return result.HasExamples ? "passed" : requireExamples ? "NO EXAMPLES" : "no examples";
        return StatusWords(status);
    }

    /// <summary>BROKEN, MISSING, NOISY joined by '+' in that order.</summary>
    private static string StatusWords(ExampleStatus status)
    {
        var parts = new List<string>();
        if (status.HasFlag(ExampleStatus.Broken)) parts.Add("BROKEN");
        if (status.HasFlag(ExampleStatus.Missing)) parts.Add("MISSING");
        if (status.HasFlag(ExampleStatus.Noisy)) parts.Add("NOISY");
        return string.Join('+', parts);
    }

    private static void WriteExample(RuleTestResult rule, ExampleResult example, TextWriter output)
    {
        var kind = example.Example.Valid ? "valid" : "invalid";
        var where = example.Example.Line > 0 ? $"{CommandSupport.DisplayPath(rule.Rule.SourceFile)}:{example.Example.Line}" : CommandSupport.DisplayPath(rule.Rule.SourceFile);
        var status = example.Status == ExampleStatus.Passed ? "passed" : StatusWords(example.Status).ToLowerInvariant();
        output.WriteLine($"    {rule.Rule.Id} example {example.Number} ({kind}, {example.Example.Path}) at {where}: {status}");
        if (example.Error is not null) output.WriteLine($"      broken: {example.Error}");
        foreach (var missing in example.Missing)
            output.WriteLine($"      missing: expected {rule.Rule.Id} at {missing.Path}:{missing.Span} on `{OneLine(missing.Text)}`, not reported");
        if (example.Hint is not null && example.Missing.Count > 0) output.WriteLine($"      note: {example.Hint}");
        foreach (var finding in example.Unexpected)
            output.WriteLine($"      noisy: unexpected {finding.RuleId} at {finding.Path}:{finding.Span}: {finding.Message}");
    }

    private static string OneLine(string text)
    {
        var line = text.Replace("\r", "").Replace("\n", "⏎");
        return line.Length > 80 ? line[..77] + "..." : line;
    }
}
