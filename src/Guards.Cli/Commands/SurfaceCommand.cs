using System.CommandLine;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Rules.Flake;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards surface [PATH]`: the product-surface manifest (docs/surface.md) as JSON or Markdown.</summary>
public static class SurfaceCommand
{
    private static readonly Argument<string> PathArgument = new("path")
    {
        Description = "Folder to describe (default: the current folder)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    private static readonly Option<string> FormatOption = new("--format", "-f")
    {
        Description = "json (the documented schema) or markdown",
        DefaultValueFactory = _ => "json",
    };

    private static readonly Option<string?> OutputOption = new("--output", "-o") { Description = "Write the manifest to this file instead of standard output" };
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "Use this uc-guards.yaml instead of the one found by walking up" };
    private static readonly Option<string?> PolicyOption = new("--policy") { Description = "Use this folder of policy files instead of the shipped rules/" };

    public static Command Create()
    {
        var command = new Command("surface", "Print the product-surface manifest: profiles, entrypoints, nodes and components, archived helpers, finding counts")
        {
            PathArgument, FormatOption, OutputOption, ConfigOption, PolicyOption,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            var format = parse.GetValue(FormatOption)!;
            if (format is not ("json" or "markdown" or "md")) throw new UsageException($"--format: unknown format '{format}' (json, markdown)");
            var output = parse.GetValue(OutputOption);
            if (output is not null) ReportFiles.CheckWritable(output, "--output");

            var scan = GuardsEngine.Scan(new ScanOptions
            {
                Path = parse.GetValue(PathArgument)!,
                ConfigPath = parse.GetValue(ConfigOption),
                PolicyDirectory = parse.GetValue(PolicyOption),
            });
            var manifest = SurfaceManifest.Build(scan);
            var text = format == "json" ? manifest.ToJson(new ReportOptions().ToolVersion) : manifest.ToMarkdown();
            ReportFiles.Write(output ?? "-", stdout, writer => writer.Write(text));
            foreach (var error in scan.InternalErrors) stderr.WriteLine($"uc-guards: internal error: {error}");
            return scan.InternalErrors.Count > 0 ? ExitCodes.Internal : ExitCodes.Clean;
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
