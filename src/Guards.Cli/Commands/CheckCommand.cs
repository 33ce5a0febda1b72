using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Cli.Solutions;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards check [PATH]`: scan a tree and report findings.</summary>
public static class CheckCommand
{
    private static readonly Argument<string[]> PathArgument = new("path")
    {
        Description = "Folders or files to check (default: the current folder); the repository around them is read as a whole, findings under them are reported",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private static readonly Option<string> FormatOption = SharedOptions.Format(
        "Report format: " + string.Join(", ", Reporters.All.Select(r => r.Format)), "text", [.. Reporters.All.Select(r => r.Format)]);
    private static readonly Option<string?> OutputOption = SharedOptions.Output("Write the report to this file instead of standard output");
    private static readonly Option<string[]> ReportOption = new("--report") { Description = "Also write a report in FORMAT to PATH (FORMAT=PATH, repeatable), e.g. --report sarif=guards.sarif --report junit=guards.xml", AllowMultipleArgumentsPerToken = false, HelpName = "FORMAT=PATH" };
    private static readonly Option<string> ColorOption = new("--color") { Description = "Colour the text report: auto (on a terminal), always or never", DefaultValueFactory = _ => "auto", HelpName = "WHEN" };
    private static readonly Option<bool> ShowSuppressedOption = new("--show-suppressed") { Description = "List suppressed findings too (text format)" };
    private static readonly Option<bool> QuietOption = new("--quiet", "-q") { Description = "No progress display on a terminal" };
    private static readonly Option<string?> FailOnOption = new("--fail-on") { Description = "Lowest severity that fails the run: error (default), warning, note or none (never fail)", HelpName = "SEVERITY" };

    private static readonly Option<bool> StagedOption = new("--staged") { Description = "Scan what the git index holds (pre-commit): only staged files are reported, plus repository-wide findings the staged change causes" };
    private static readonly Option<string?> ChangedSinceOption = new("--changed-since") { Description = "Report only findings new relative to the merge base of REF and HEAD (matched by fingerprint)", HelpName = "REF" };
    private static readonly Option<string?> SolutionOption = new("--solution") { Description = "Check the C# of a solution or project (.sln, .slnx, .csproj) as MSBuild loads it: UCG1006 on every project that is not a test project, with its .editorconfig (run `dotnet restore` first)", HelpName = "FILE" };
    private static readonly Option<string?> BaselineOption = new("--baseline") { Description = "Report only findings not in this baseline file, and list its stale entries", HelpName = "FILE" };

    static CheckCommand()
    {
        ColorOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is var value && value is not ("auto" or "always" or "never"))
                result.AddError($"--color: unknown value '{value}' (auto, always or never)");
        });
        FailOnOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !SeverityNames.TryParse(value, out _))
                result.AddError($"--fail-on: unknown severity '{value}' ({SeverityNames.FailOnChoices})");
        });
    }

    public static Command Create()
    {
        var command = new Command("check", "Check a tree (or some of its folders and files) for supported-surface violations")
        {
            PathArgument, FormatOption, OutputOption, ReportOption, SharedOptions.Config, SharedOptions.Policy, SharedOptions.Rule, SharedOptions.Jobs,
            ColorOption, ShowSuppressedOption, FailOnOption, QuietOption, StagedOption, ChangedSinceOption, BaselineOption, SolutionOption,
        };
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var requests = ReportRequests(parse);
        var modes = new CheckModes
        {
            Staged = parse.GetValue(StagedOption),
            IndexPath = parse.GetValue(StagedOption) && Environment.GetEnvironmentVariable("GIT_INDEX_FILE") is { Length: > 0 } index ? index : null,
            ChangedSince = parse.GetValue(ChangedSinceOption),
            BaselinePath = parse.GetValue(BaselineOption),
            VersionControl = requests.Any(r => r.Reporter.Format == "sarif"),
        };
        var paths = parse.GetValue(PathArgument) is { Length: > 0 } named ? named : ["."];
        var sessionOptions = SharedOptions.Session(parse, paths[0]) with { Paths = paths };
        if (parse.GetValue(SolutionOption) is { } solution)
        {
            if (parse.GetResult(PathArgument) is { Implicit: false })
                throw new UsageException("--solution and a PATH cannot be combined: the solution names the files to check");
            if (modes.Staged || modes.ChangedSince is not null)
                throw new UsageException("--solution checks the projects on disk; it cannot be combined with --staged or --changed-since");
            sessionOptions = SolutionCheck.Prepare(sessionOptions, SolutionCheck.Validate(solution));
        }

        using var session = GuardsSession.Open(sessionOptions);
        var request = SharedOptions.Request(parse);
        var showProgress = ProgressDisplay.Allowed(stdout, parse.GetValue(QuietOption));
        var result = ProgressDisplay.Run(progress => session.Check(request with { Progress = progress }, modes), showProgress);
        var threshold = parse.GetValue(FailOnOption) is { } failOn && SeverityNames.TryParse(failOn, out var given) ? given : result.Policy.FailOn;

        var reportOptions = new ReportOptions
        {
            Color = UseColor(parse.GetValue(ColorOption), stdout),
            ShowSuppressed = parse.GetValue(ShowSuppressedOption),
        };
        foreach (var (reporter, path) in requests)
        {
            if (path is null) reporter.Write(result, stdout, reportOptions);
            else ReportFiles.Write(path, stdout, writer => reporter.Write(result, writer, reportOptions with { Color = false }));
        }
        // The closing summary line: part of a text report on standard output, else on standard error.
        if (!requests.Any(r => (r.Path is null || ReportFiles.IsStandardOutput(r.Path)) && r.Reporter is TextReporter)) stderr.WriteLine(TextReporter.Summary(result, reportOptions));

        foreach (var error in result.InternalErrors) stderr.WriteLine($"uc-guards: internal error: {error}");
        if (result.InternalErrors.Count > 0) return ExitCodes.Internal;
        if (result.HasFailures(threshold)) return ExitCodes.Findings;
        // A guard that checked nothing must not pass: no file of the tree is in any rule's scopes.
        if (result.CheckedNothing)
        {
            stderr.WriteLine($"uc-guards: error: nothing was checked: no file of {result.Root} is in the scopes of the rules that ran; `uc-guards init` writes a uc-guards.yaml that describes this repository");
            return ExitCodes.Usage;
        }
        return ExitCodes.Clean;
    }

    /// <summary>--format/--output plus every --report FORMAT=PATH, validated before any scanning.</summary>
    private static List<(IReporter Reporter, string? Path)> ReportRequests(ParseResult parse)
    {
        var requests = new List<(IReporter, string?)>();
        var primary = Reporters.Find(parse.GetValue(FormatOption)!)!;
        var output = parse.GetValue(OutputOption);
        if (ReportFiles.IsStandardOutput(output)) output = null;
        if (output is not null) ReportFiles.CheckWritable(output, "--output");
        requests.Add((primary, output));
        foreach (var (format, path) in NameValuePairs.Parse(parse.GetValue(ReportOption), "--report", "FORMAT=PATH", emptyValue: false))
        {
            var reporter = Reporters.Find(format) ?? throw new UsageException($"--report: unknown format '{format}' (known: {string.Join(", ", Reporters.All.Select(r => r.Format))})");
            if (ReportFiles.IsStandardOutput(path) && requests.Any(r => r.Item2 is null || ReportFiles.IsStandardOutput(r.Item2)))
                throw new UsageException($"--report {format}={path}: standard output already carries a report (give the other one --output FILE)");
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
