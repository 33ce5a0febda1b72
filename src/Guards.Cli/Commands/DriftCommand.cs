using System.CommandLine;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Drift;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Rules.Flake;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards drift --from REF --to REF`: what changed in the supported surface between two revisions.</summary>
public static class DriftCommand
{
    private static readonly Option<string> FromOption = new("--from") { Description = "The earlier revision (tag, branch or commit)", Required = true, HelpName = "REF" };
    private static readonly Option<string> ToOption = new("--to") { Description = "The later revision (default: HEAD)", DefaultValueFactory = _ => "HEAD", HelpName = "REF" };
    private static readonly Option<string> FormatOption = new("--format", "-f") { Description = "markdown (release notes) or json (docs/drift.md)", DefaultValueFactory = _ => "markdown" };
    private static readonly Option<string?> OutputOption = new("--output", "-o") { Description = "Write the report to this file (atomically) instead of standard output", HelpName = "FILE" };
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "Use this uc-guards.yaml instead of the one found by walking up" };
    private static readonly Option<string?> PolicyOption = new("--policy") { Description = "Use this folder of policy files instead of the shipped rules/" };
    private static readonly Option<string[]> RuleOption = new("--rule", "-r") { Description = "Run only this rule id (repeatable)" };
    private static readonly Option<string> RepositoryOption = new("--repository", "-C") { Description = "A folder of the repository (default: the current folder)", DefaultValueFactory = _ => "." };

    public static Command Create()
    {
        var command = new Command("drift", "Report what changed in the supported surface between two revisions (exit 1 when the drift adds an error)")
        {
            FromOption, ToOption, FormatOption, OutputOption, ConfigOption, PolicyOption, RuleOption, RepositoryOption,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            var format = parse.GetValue(FormatOption)!.ToLowerInvariant();
            if (format is not ("markdown" or "md" or "json"))
                throw new UsageException($"--format: unknown format '{format}' (known: markdown, json)");
            var output = parse.GetValue(OutputOption);
            if (output is not null) ReportFiles.CheckWritable(output, "--output");
            var repository = parse.GetValue(RepositoryOption)!;
            if (!Directory.Exists(repository)) throw new UsageException($"--repository: folder does not exist: {repository}");

            var report = DriftReportBuilder.Build(new ScanOptions
            {
                Path = repository,
                ConfigPath = parse.GetValue(ConfigOption),
                PolicyDirectory = parse.GetValue(PolicyOption),
                Rules = parse.GetValue(RuleOption) ?? [],
            }, parse.GetValue(FromOption)!, parse.GetValue(ToOption)!, SurfaceDriftComparer.Compare);

            void Render(TextWriter writer)
            {
                if (format == "json") DriftJsonWriter.Write(report, writer, ToolVersion);
                else DriftMarkdownWriter.Write(report, writer);
            }
            if (output is null || ReportFiles.IsStandardOutput(output)) Render(parse.InvocationConfiguration.Output);
            else
            {
                ReportFiles.Write(output, parse.InvocationConfiguration.Output, Render);
                stderr.WriteLine($"uc-guards: drift {report.From.Ref} → {report.To.Ref}: {report.Introduced.Count} introduced, {report.Resolved.Count} resolved; written to {output}");
            }
            return report.AddsErrors ? ExitCodes.Findings : ExitCodes.Clean;
        }
        catch (PolicyException ex)
        {
            stderr.WriteLine($"uc-guards: configuration error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is UsageException or GitWorkflowException)
        {
            stderr.WriteLine($"uc-guards: error: {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    private static string ToolVersion => typeof(DriftCommand).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
