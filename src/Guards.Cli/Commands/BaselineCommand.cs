using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.Baselines;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards baseline [PATH] [--output FILE]`: accept today's findings so only new ones fail.</summary>
public static class BaselineCommand
{
    private static readonly Argument<string> PathArgument = SharedOptions.Path("Folder to scan (default: the current folder)");
    private static readonly Option<string?> OutputOption = SharedOptions.Output($"Baseline file to write (default: {BaselineFile.DefaultFileName} at the scanned root)");

    public static Command Create()
    {
        var command = new Command("baseline", "Write the fingerprints of the current findings to a baseline file (sorted JSON, written atomically)")
        {
            PathArgument, OutputOption, SharedOptions.Config, SharedOptions.Policy, SharedOptions.Rule, SharedOptions.Jobs,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var output = parse.GetValue(OutputOption);
        if (output is not null) ReportFiles.CheckWritable(output, "--output");
        using var session = GuardsSession.Open(SharedOptions.Session(parse, parse.GetValue(PathArgument)!));
        var result = session.Scan(SharedOptions.Request(parse));
        var target = output ?? Path.Combine(result.Root, BaselineFile.DefaultFileName);
        var baseline = BaselineFile.FromFindings(result.Findings, result.Policy);
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        ReportFiles.Write(target, stdout, writer => writer.Write(baseline.ToJson()));
        foreach (var error in result.InternalErrors) stderr.WriteLine($"uc-guards: internal error: {error}");
        (ReportFiles.IsStandardOutput(target) ? stderr : stdout).WriteLine($"uc-guards: wrote {baseline.Entries.Count} finding{(baseline.Entries.Count == 1 ? "" : "s")} to {(ReportFiles.IsStandardOutput(target) ? "standard output" : target)}");
        return result.InternalErrors.Count > 0 ? ExitCodes.Internal : ExitCodes.Clean;
    }
}
