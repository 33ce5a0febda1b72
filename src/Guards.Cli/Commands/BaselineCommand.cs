using System.CommandLine;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards baseline [PATH] [--output FILE]`: accept today's findings so only new ones fail.</summary>
public static class BaselineCommand
{
    private static readonly Argument<string> PathArgument = new("path")
    {
        Description = "Folder to scan (default: the current folder)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };
    private static readonly Option<string?> OutputOption = new("--output", "-o") { Description = $"Baseline file to write (default: {BaselineFile.DefaultFileName} at the scanned root)", HelpName = "FILE" };
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "Use this uc-guards.yaml instead of the one found by walking up" };
    private static readonly Option<string?> PolicyOption = new("--policy") { Description = "Use this folder of policy files instead of the shipped rules/" };
    private static readonly Option<string[]> RuleOption = new("--rule", "-r") { Description = "Run only this rule id (repeatable)" };

    public static Command Create()
    {
        var command = new Command("baseline", "Write the fingerprints of the current findings to a baseline file (sorted JSON, written atomically)")
        {
            PathArgument, OutputOption, ConfigOption, PolicyOption, RuleOption,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            var output = parse.GetValue(OutputOption);
            if (output is not null) ReportFiles.CheckWritable(output, "--output");
            var result = GuardsEngine.Scan(new ScanOptions
            {
                Path = parse.GetValue(PathArgument)!,
                ConfigPath = parse.GetValue(ConfigOption),
                PolicyDirectory = parse.GetValue(PolicyOption),
                Rules = parse.GetValue(RuleOption) ?? [],
            });
            var target = output ?? Path.Combine(result.Root, BaselineFile.DefaultFileName);
            var baseline = BaselineFile.FromFindings(result.Findings, result.Policy);
            var stdout = parse.InvocationConfiguration.Output;
            ReportFiles.Write(target, stdout, writer => writer.Write(baseline.ToJson()));
            foreach (var error in result.InternalErrors) stderr.WriteLine($"uc-guards: internal error: {error}");
            (ReportFiles.IsStandardOutput(target) ? stderr : stdout).WriteLine($"uc-guards: wrote {baseline.Entries.Count} finding{(baseline.Entries.Count == 1 ? "" : "s")} to {(ReportFiles.IsStandardOutput(target) ? "standard output" : target)}");
            return result.InternalErrors.Count > 0 ? ExitCodes.Internal : ExitCodes.Clean;
        }
        catch (PolicyException ex)
        {
            stderr.WriteLine($"uc-guards: configuration error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"uc-guards: error: {ex.Message}");
            return ExitCodes.Usage;
        }
    }
}
