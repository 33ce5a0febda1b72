using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.Audit;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards suppressions [PATH] [--format text|json|markdown] [--from REF --to REF]`: every inline
/// suppression in force with the commit, author and date that introduced it, oldest first; or the
/// ones added and removed between two revisions.
/// </summary>
public static class SuppressionsCommand
{
    private static readonly Argument<string> PathArgument = SharedOptions.Path("Folder or file whose suppressions to list (default: the current folder)");
    private static readonly Option<string> FormatOption = SharedOptions.Format("text, json (docs/suppressions.md) or markdown", "text", "text", "json", "markdown", "md");
    private static readonly Option<string?> OutputOption = SharedOptions.Output("Write the report to this file (atomically) instead of standard output");
    private static readonly Option<string?> FromOption = new("--from") { Description = "With --to: list the suppressions added and removed since this revision", HelpName = "REF" };
    private static readonly Option<string?> ToOption = new("--to") { Description = "The later revision of --from (default: HEAD)", HelpName = "REF" };

    public static Command Create()
    {
        var command = new Command("suppressions", "List the inline suppressions in force with who introduced each and when (git blame), oldest first; or those added and removed between two revisions")
        {
            PathArgument, FormatOption, OutputOption, FromOption, ToOption, SharedOptions.Config, SharedOptions.Policy, SharedOptions.Jobs,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var format = parse.GetValue(FormatOption)!.ToLowerInvariant();
        var output = parse.GetValue(OutputOption);
        if (output is not null) ReportFiles.CheckWritable(output, "--output");
        var from = parse.GetValue(FromOption);
        var to = parse.GetValue(ToOption);
        if (from is null && to is not null) throw new UsageException("--to needs --from: name the earlier revision too");

        using var session = GuardsSession.Open(SharedOptions.Session(parse, parse.GetValue(PathArgument)!));
        var request = SharedOptions.Request(parse);
        Action<TextWriter> render;
        string summary;
        if (from is null)
        {
            var records = session.Suppressions(request);
            var asOf = AuditClock.Now;
            render = format switch
            {
                "json" => writer => SuppressionWriters.WriteJson(records, asOf, writer, ToolVersion),
                "markdown" or "md" => writer => SuppressionWriters.WriteMarkdown(records, asOf, writer),
                _ => writer => SuppressionWriters.WriteText(records, asOf, writer),
            };
            summary = $"{records.Count} suppression{(records.Count == 1 ? "" : "s")} in force";
        }
        else
        {
            to ??= "HEAD";
            var drift = session.SuppressionChanges(request, from, to);
            render = format switch
            {
                "json" => writer => SuppressionWriters.WriteJsonChanges(drift, writer, ToolVersion),
                "markdown" or "md" => writer => SuppressionWriters.WriteMarkdownChanges(drift, writer),
                _ => writer => SuppressionWriters.WriteTextChanges(drift, writer),
            };
            summary = $"{from} → {to}: {drift.Changes.Added.Count} added, {drift.Changes.Removed.Count} removed";
        }

        if (output is null || ReportFiles.IsStandardOutput(output)) render(parse.InvocationConfiguration.Output);
        else
        {
            ReportFiles.Write(output, parse.InvocationConfiguration.Output, render);
            parse.InvocationConfiguration.Error.WriteLine($"uc-guards: suppressions: {summary}; written to {output}");
        }
        return ExitCodes.Clean;
    }

    private static string ToolVersion => typeof(SuppressionsCommand).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";
}
