using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Rules.Flake;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards surface [PATH]`: the product-surface manifest (docs/surface.md) as JSON or Markdown.</summary>
public static class SurfaceCommand
{
    private static readonly Argument<string> PathArgument = SharedOptions.Path("Folder to describe (default: the current folder)");
    private static readonly Option<string> FormatOption = SharedOptions.Format("json (the documented schema) or markdown", "json", "json", "markdown", "md");
    private static readonly Option<string?> OutputOption = SharedOptions.Output("Write the manifest to this file instead of standard output");

    public static Command Create()
    {
        var command = new Command("surface", "Print the product-surface manifest: profiles, entrypoints, nodes and components, archived helpers, finding counts")
        {
            PathArgument, FormatOption, OutputOption, SharedOptions.Config, SharedOptions.Policy,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var format = parse.GetValue(FormatOption)!.ToLowerInvariant();
        var output = parse.GetValue(OutputOption);
        if (output is not null) ReportFiles.CheckWritable(output, "--output");

        using var session = GuardsSession.Open(SharedOptions.Session(parse, parse.GetValue(PathArgument)!));
        var scan = session.Scan(new ScanRequest());
        var manifest = SurfaceManifest.Build(scan);
        var text = format == "json" ? manifest.ToJson(new ReportOptions().ToolVersion) : manifest.ToMarkdown();
        ReportFiles.Write(output ?? "-", parse.InvocationConfiguration.Output, writer => writer.Write(text));
        foreach (var error in scan.InternalErrors) parse.InvocationConfiguration.Error.WriteLine($"uc-guards: internal error: {error}");
        return scan.InternalErrors.Count > 0 ? ExitCodes.Internal : ExitCodes.Clean;
    }
}
