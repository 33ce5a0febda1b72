using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards drift --from REF --to REF`: what changed in the supported surface between two revisions.</summary>
public static class DriftCommand
{
    private static readonly Option<string> FromOption = new("--from") { Description = "The earlier revision (tag, branch or commit)", Required = true, HelpName = "REF" };
    private static readonly Option<string> ToOption = new("--to") { Description = "The later revision (default: HEAD)", DefaultValueFactory = _ => "HEAD", HelpName = "REF" };
    private static readonly Option<string> FormatOption = SharedOptions.Format("markdown (release notes) or json (docs/drift.md)", "markdown", "markdown", "md", "json");
    private static readonly Option<string?> OutputOption = SharedOptions.Output("Write the report to this file (atomically) instead of standard output");
    private static readonly Option<string> RepositoryOption = new("--repository", "-C") { Description = "A folder of the repository (default: the current folder)", DefaultValueFactory = _ => ".", HelpName = "DIR" };

    public static Command Create()
    {
        var command = new Command("drift", "Report what changed in the supported surface between two revisions (exit 1 when the drift adds an error)")
        {
            FromOption, ToOption, FormatOption, OutputOption, SharedOptions.Config, SharedOptions.Policy, SharedOptions.Rule, SharedOptions.Jobs, RepositoryOption,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var format = parse.GetValue(FormatOption)!.ToLowerInvariant();
        var output = parse.GetValue(OutputOption);
        if (output is not null) ReportFiles.CheckWritable(output, "--output");
        var repository = parse.GetValue(RepositoryOption)!;
        if (!Directory.Exists(repository)) throw new UsageException($"--repository: folder does not exist: {repository}");

        using var session = GuardsSession.Open(SharedOptions.Session(parse, repository));
        var report = session.Drift(SharedOptions.Request(parse), parse.GetValue(FromOption)!, parse.GetValue(ToOption)!);

        void Render(TextWriter writer)
        {
            if (format == "json") DriftJsonWriter.Write(report, writer, ToolVersion);
            else DriftMarkdownWriter.Write(report, writer);
        }
        if (output is null || ReportFiles.IsStandardOutput(output)) Render(parse.InvocationConfiguration.Output);
        else
        {
            ReportFiles.Write(output, parse.InvocationConfiguration.Output, Render);
            parse.InvocationConfiguration.Error.WriteLine($"uc-guards: drift {report.From.Ref} → {report.To.Ref}: {report.Introduced.Count} introduced, {report.Resolved.Count} resolved; written to {output}");
        }
        return report.AddsErrors ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static string ToolVersion => typeof(DriftCommand).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
