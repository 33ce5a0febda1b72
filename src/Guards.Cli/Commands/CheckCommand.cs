using System.CommandLine;
using UltraCloud.Guards.Cli.Solutions;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Reporting;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards check [PATH]`: scan a tree and report findings.</summary>
public static class CheckCommand
{
    public static readonly Argument<string> PathArgument = new("path")
    {
        Description = "Folder or file to scan (default: the current folder)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    public static readonly Option<string> FormatOption = new("--format", "-f")
    {
        Description = "Report format: " + string.Join(", ", Reporters.All.Select(r => r.Format)),
        DefaultValueFactory = _ => "text",
    };

    public static readonly Option<string?> OutputOption = new("--output", "-o") { Description = "Write the report to this file instead of standard output" };
    public static readonly Option<string[]> ReportOption = new("--report") { Description = "Also write a report in FORMAT to PATH (FORMAT=PATH, repeatable), e.g. --report sarif=guards.sarif --report junit=guards.xml", AllowMultipleArgumentsPerToken = false };
    public static readonly Option<string?> ConfigOption = new("--config") { Description = "Use this uc-guards.yaml instead of the one found by walking up" };
    public static readonly Option<string?> PolicyOption = new("--policy") { Description = "Use this folder of policy files instead of the shipped rules/" };
    public static readonly Option<string[]> RuleOption = new("--rule", "-r") { Description = "Run only this rule id (repeatable)" };
    public static readonly Option<int> JobsOption = new("--jobs", "-j") { Description = "Worker threads (default: one per core)" };
    public static readonly Option<string> ColorOption = new("--color") { Description = "auto, always or never", DefaultValueFactory = _ => "auto" };
    public static readonly Option<bool> ShowSuppressedOption = new("--show-suppressed") { Description = "List suppressed findings too (text format)" };
    public static readonly Option<bool> QuietOption = new("--quiet", "-q") { Description = "No progress display on a terminal" };
    public static readonly Option<string?> FailOnOption = new("--fail-on") { Description = "Lowest severity that fails the run: error (default), warning, note" };

    public static readonly Option<bool> StagedOption = new("--staged") { Description = "Scan what the git index holds (pre-commit): only staged files are reported, plus repository-wide findings the staged change causes" };
    public static readonly Option<string?> ChangedSinceOption = new("--changed-since") { Description = "Report only findings new relative to the merge base of REF and HEAD (matched by fingerprint)", HelpName = "REF" };
    public static readonly Option<string?> SolutionOption = new("--solution") { Description = "Check the C# of a solution or project (.sln, .slnx, .csproj) as MSBuild loads it: UCG1006 on every project that is not a test project, with its .editorconfig (run `dotnet restore` first)", HelpName = "FILE" };
    public static readonly Option<string?> BaselineOption = new("--baseline") { Description = "Report only findings not in this baseline file, and list its stale entries", HelpName = "FILE" };

    public static Command Create()
    {
        var command = new Command("check", "Scan a tree for supported-surface violations")
        {
            PathArgument, FormatOption, OutputOption, ReportOption, ConfigOption, PolicyOption, RuleOption, JobsOption, ColorOption, ShowSuppressedOption, FailOnOption, QuietOption,
            StagedOption, ChangedSinceOption, BaselineOption, SolutionOption,
        };
        command.SetAction(parse => Execute(parse));
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var stderr = parse.InvocationConfiguration.Error;
        var stdout = parse.InvocationConfiguration.Output;
        try
        {
            var requests = ReportRequests(parse);
            var options = new ScanOptions
            {
                Path = parse.GetValue(PathArgument)!,
                ConfigPath = parse.GetValue(ConfigOption),
                PolicyDirectory = parse.GetValue(PolicyOption),
                Rules = parse.GetValue(RuleOption) ?? [],
                Jobs = parse.GetValue(JobsOption),
            };
            var modes = new CheckModes
            {
                Staged = parse.GetValue(StagedOption),
                IndexPath = parse.GetValue(StagedOption) ? Environment.GetEnvironmentVariable("GIT_INDEX_FILE") is { Length: > 0 } index ? index : null : null,
                ChangedSince = parse.GetValue(ChangedSinceOption),
                BaselinePath = parse.GetValue(BaselineOption),
                VersionControl = requests.Any(r => r.Reporter.Format == "sarif"),
            };
            if (parse.GetValue(SolutionOption) is { } solution)
            {
                if (parse.GetResult(PathArgument) is { Implicit: false })
                    throw new UsageException("--solution and a PATH cannot be combined: the solution names the files to check");
                if (modes.Staged || modes.ChangedSince is not null)
                    throw new UsageException("--solution checks the projects on disk; it cannot be combined with --staged or --changed-since");
                options = SolutionCheck.Prepare(options, SolutionCheck.Validate(solution));
            }
            var showProgress = ProgressDisplay.Allowed(stdout, parse.GetValue(QuietOption));
            CheckRun? checkRun = null;
            ProgressDisplay.Run(progress => (checkRun = CheckRun.Execute(options with { Progress = progress }, modes)).Result, showProgress);
            using var run = checkRun!;
            var result = run.Result;
            var threshold = result.Policy.FailOn;
            if (parse.GetValue(FailOnOption) is { } failOn && !SeverityNames.TryParse(failOn, out threshold))
                throw new UsageException($"--fail-on: unknown severity '{failOn}'");

            var reportOptions = run.Apply(new ReportOptions
            {
                Color = UseColor(parse.GetValue(ColorOption), stdout),
                ShowSuppressed = parse.GetValue(ShowSuppressedOption),
                VersionControl = GitHubEnvironment.VersionControl(result.Root),
            });
            foreach (var (reporter, path) in requests)
            {
                if (path is null) reporter.Write(result, stdout, reportOptions);
                else ReportFiles.Write(path, stdout, writer => reporter.Write(result, writer, reportOptions with { Color = false }));
            }
            // The closing summary line: part of a text report on standard output, else on standard error.
            if (!requests.Any(r => (r.Path is null || ReportFiles.IsStandardOutput(r.Path)) && r.Reporter is TextReporter)) stderr.WriteLine(TextReporter.Summary(result, reportOptions));

            foreach (var error in result.InternalErrors) stderr.WriteLine($"uc-guards: internal error: {error}");
            if (result.InternalErrors.Count > 0) return ExitCodes.Internal;
            return result.HasFailures(threshold) ? ExitCodes.Findings : ExitCodes.Clean;
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
        catch (GitWorkflowException ex)
        {
            stderr.WriteLine($"uc-guards: error: {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>--format/--output plus every --report FORMAT=PATH, validated before any scanning.</summary>
    private static List<(IReporter Reporter, string? Path)> ReportRequests(ParseResult parse)
    {
        var requests = new List<(IReporter, string?)>();
        var format = parse.GetValue(FormatOption)!;
        var primary = Reporters.Find(format) ?? throw new UsageException($"--format: unknown format '{format}' (known: {string.Join(", ", Reporters.All.Select(r => r.Format))})");
        var output = parse.GetValue(OutputOption);
        if (ReportFiles.IsStandardOutput(output)) output = null;
        if (output is not null) ReportFiles.CheckWritable(output, "--output");
        requests.Add((primary, output));
        foreach (var spec in parse.GetValue(ReportOption) ?? [])
        {
            var eq = spec.IndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1) throw new UsageException($"--report expects FORMAT=PATH, got '{spec}'");
            var reporter = Reporters.Find(spec[..eq]) ?? throw new UsageException($"--report: unknown format '{spec[..eq]}'");
            var path = spec[(eq + 1)..];
            if (ReportFiles.IsStandardOutput(path) && requests.Any(r => r.Item2 is null || ReportFiles.IsStandardOutput(r.Item2)))
                throw new UsageException($"--report {spec}: standard output already carries a report (give the other one --output FILE)");
            ReportFiles.CheckWritable(path, "--report");
            requests.Add((reporter, path));
        }
        return requests;
    }

    /// <summary>Colour for `auto` only when the report goes to the process's own standard output and that is a terminal.</summary>
    public static bool UseColor(string? mode, TextWriter stdout) => mode switch
    {
        "always" => true,
        "never" => false,
        _ => CommandSupport.IsTerminal(stdout) && Environment.GetEnvironmentVariable("NO_COLOR") is null,
    };
}

public sealed class UsageException(string message) : Exception(message);
