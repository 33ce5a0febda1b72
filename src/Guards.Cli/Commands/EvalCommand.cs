using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spectre.Console;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.IO;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Session;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Rules.Flake;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards eval [PATH] [--build] [--jobs N]`: where Nix is installed, forces the real evaluation
/// of every canonical entrypoint (and with --build realises the build-guard set), in parallel,
/// with a live display on a terminal and plain lines elsewhere, a summary table and one log per
/// entrypoint. Exit 0 when all pass, 1 when any fails, 2 without Nix or on a usage error.
/// `check` never runs Nix; this command is where the static reader is proven.
/// </summary>
public static class EvalCommand
{
    private static readonly Argument<string> PathArgument = new("path")
    {
        Description = "The repository to evaluate (default: the current folder)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    private static readonly Option<bool> BuildOption = new("--build") { Description = "Also realise the build-guard set (nix build)" };
    private static readonly Option<int> JobsOption = new("--jobs", "-j")
    {
        Description = "Nix processes at once (default: half the cores, at least 1)",
        HelpName = "N",
        CustomParser = result => SharedOptions.WholeNumber(result, "--jobs", minimum: 1),
    };
    private static readonly Option<string?> NixOption = new("--nix") { Description = "The nix executable (default: `nix` on PATH)" };
    private static readonly Option<string?> LogsOption = new("--logs") { Description = "Folder for the per-entrypoint logs (default: a new folder under the temp folder)" };
    private static readonly Option<string[]> OverrideOption = new("--override-input") { Description = "NAME=FLAKEREF: passed to Nix as --override-input for flakes that declare NAME (repeatable)" };
    private static readonly Option<string[]> NixOptionOption = new("--nix-option") { Description = "NAME=VALUE: passed to Nix as --option NAME VALUE (repeatable), e.g. sandbox=false" };
    private static readonly Option<string?> StoreOption = new("--store") { Description = "Passed to Nix as --store (a local store folder, for machines without a daemon)" };
    private static readonly Option<int> TimeoutOption = new("--timeout") { Description = "Seconds one entrypoint may take (default 1800)", DefaultValueFactory = _ => 1800 };

    public static Command Create()
    {
        var command = new Command("eval", "Force the real evaluation of every canonical entrypoint with Nix (and --build the build-guard set)")
        {
            PathArgument, BuildOption, JobsOption, NixOption, LogsOption, OverrideOption, NixOptionOption, StoreOption, TimeoutOption, SharedOptions.Config, SharedOptions.Policy,
        };
        command.SetAction(Execute);
        return command;
    }

    public sealed record Outcome(EvalTarget Target, bool Ok, int ExitCode, TimeSpan Duration, string Detail, string LogPath);

    private static int Execute(ParseResult parse)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var nix = parse.GetValue(NixOption) ?? FindOnPath("nix");
        if (nix is null || !File.Exists(nix))
        {
            stderr.WriteLine(nix is null
                ? "uc-guards eval: Nix is not installed (no `nix` on PATH). `uc-guards check` reads the flake statically without it; install Nix (or pass --nix PATH) to force the real evaluation."
                : $"uc-guards eval: {nix} does not exist. Install Nix, or pass --nix with the path of the nix executable.");
            return ExitCodes.Usage;
        }
        var jobs = parse.GetValue(JobsOption);
        if (jobs == 0) jobs = Math.Max(1, Environment.ProcessorCount / 2);
        var overrides = NameValuePairs.Parse(parse.GetValue(OverrideOption), "--override-input", "NAME=FLAKEREF", emptyValue: false);
        var options = NameValuePairs.Parse(parse.GetValue(NixOptionOption), "--nix-option", "NAME=VALUE", emptyValue: true);

        var path = parse.GetValue(PathArgument)!;
        if (!Directory.Exists(path)) throw new UsageException($"{path} is not a folder");
        using var session = GuardsSession.Open(SharedOptions.Session(parse, path));
        var workspace = NixWorkspace.ForTree(session.Tree(), session.Policy.ParseBudget, session.Policy.IsNeverScanned);
        var surface = new ProfileSurface(workspace, CanonicalPolicy.Of(session.Policy));
        if (!surface.HasRootFlake)
        {
            stderr.WriteLine($"uc-guards eval: {Path.Combine(session.Root, "flake.nix")} does not exist: nothing to evaluate.");
            return ExitCodes.Usage;
        }
        var targets = EvalPlan.Create(surface, parse.GetValue(BuildOption));
        // The default folder is new, private and randomly named: nothing planted in the shared temp folder is written through.
        var logs = parse.GetValue(LogsOption);
        if (logs is not null) Directory.CreateDirectory(logs);
        else logs = Directory.CreateTempSubdirectory($"uc-guards-eval-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-").FullName;

        var runner = new Runner(nix, session.Root, logs, overrides, options, parse.GetValue(StoreOption), TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(TimeoutOption))));
        var live = CommandSupport.IsTerminal(stdout);
        var outcomes = live ? RunLive(runner, targets, jobs) : RunPlain(runner, targets, jobs, stdout);
        WriteSummary(outcomes, logs, live, stdout);
        return outcomes.Any(o => !o.Ok) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Plain lines, one per finished entrypoint, in completion order; the summary restores policy order.</summary>
    private static List<Outcome> RunPlain(Runner runner, IReadOnlyList<EvalTarget> targets, int jobs, TextWriter stdout)
    {
        var results = new Outcome[targets.Count];
        var done = 0;
        var gate = new object();
        stdout.WriteLine($"uc-guards eval: {targets.Count} entrypoints, {jobs} at a time");
        Parallel.For(0, targets.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i =>
        {
            var outcome = runner.Run(targets[i]);
            results[i] = outcome;
            lock (gate)
            {
                done++;
                stdout.WriteLine($"[{done.ToString(CultureInfo.InvariantCulture).PadLeft(targets.Count.ToString(CultureInfo.InvariantCulture).Length)}/{targets.Count}] {(outcome.Ok ? "ok    " : "FAILED")} {outcome.Target.Name} ({Seconds(outcome.Duration)})");
            }
        });
        return [.. results];
    }

    /// <summary>A live display on a terminal: one line per entrypoint with a spinner until it finishes.</summary>
    private static List<Outcome> RunLive(Runner runner, IReadOnlyList<EvalTarget> targets, int jobs)
    {
        var results = new Outcome[targets.Count];
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new SpinnerColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = targets.Select(t => context.AddTask(Markup.Escape(t.Name), autoStart: false, maxValue: 1)).ToArray();
                Parallel.For(0, targets.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i =>
                {
                    tasks[i].StartTask();
                    var outcome = runner.Run(targets[i]);
                    results[i] = outcome;
                    tasks[i].Description = (outcome.Ok ? "[green]ok[/] " : "[red]FAILED[/] ") + Markup.Escape(targets[i].Name);
                    tasks[i].Increment(1);
                    tasks[i].StopTask();
                });
            });
        return [.. results];
    }

    private static void WriteSummary(IReadOnlyList<Outcome> outcomes, string logs, bool live, TextWriter stdout)
    {
        var failed = outcomes.Count(o => !o.Ok);
        if (live)
        {
            var table = new Table().AddColumns("entrypoint", "profile", "result", "time", "detail");
            foreach (var o in outcomes)
                table.AddRow(Markup.Escape(o.Target.Name), Markup.Escape(o.Target.Profile), o.Ok ? "[green]ok[/]" : "[red]failed[/]", Seconds(o.Duration), Markup.Escape(Shorten(o.Detail, 80)));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{outcomes.Count - failed} passed, [{(failed > 0 ? "red" : "green")}]{failed} failed[/]; logs in {Markup.Escape(logs)}");
            return;
        }
        var width = outcomes.Select(o => o.Target.Name.Length).DefaultIfEmpty(10).Max();
        stdout.WriteLine();
        stdout.WriteLine($"{"entrypoint".PadRight(width)}  result  time     detail");
        foreach (var o in outcomes)
            stdout.WriteLine($"{o.Target.Name.PadRight(width)}  {(o.Ok ? "ok    " : "failed")}  {Seconds(o.Duration),-7}  {Shorten(o.Detail, 100)}");
        stdout.WriteLine();
        stdout.WriteLine($"{outcomes.Count - failed} passed, {failed} failed; logs in {logs}");
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private static string Shorten(string text, int max)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= max ? text : text[..(max - 3)] + "...";
    }

    /// <summary>Runs one Nix step and writes its log.</summary>
    private sealed class Runner(string nix, string root, string logs, IReadOnlyList<(string Name, string Reference)> overrides, IReadOnlyList<(string Name, string Value)> options, string? store, TimeSpan timeout)
    {
        public Outcome Run(EvalTarget target)
        {
            var flake = Path.GetFullPath(Path.Combine(root, target.FlakeDirectory));
            var args = new List<string> { target.Action == EvalAction.Build ? "build" : "eval", "--extra-experimental-features", "nix-command flakes" };
            if (target.Action == EvalAction.Evaluate) args.AddRange(["--no-eval-cache", "--raw"]);
            else args.Add("--no-link");
            args.Add($"{flake}#{target.Attribute}");
            // Never write a lock file into the evaluated tree.
            args.Add("--no-write-lock-file");
            foreach (var (name, reference) in overrides)
            {
                if (target.FlakeInputs.Contains(name)) args.AddRange(["--override-input", name, reference]);
            }
            foreach (var (name, value) in options) args.AddRange(["--option", name, value]);
            if (store is not null) args.AddRange(["--store", store]);

            var info = new ProcessStartInfo(nix) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
            foreach (var a in args) info.ArgumentList.Add(a);
            var clock = Stopwatch.StartNew();
            int exit;
            string output, error;
            try
            {
                using var process = Process.Start(info)!;
                var stdoutTask = process.StandardOutput.ReadToEndAsync();
                var stderrTask = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(timeout))
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    exit = -1;
                    output = stdoutTask.Result;
                    error = stderrTask.Result + $"\nuc-guards: timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
                }
                else
                {
                    exit = process.ExitCode;
                    output = stdoutTask.Result;
                    error = stderrTask.Result;
                }
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                exit = -1;
                output = "";
                error = $"cannot start {nix}: {ex.Message}";
            }
            clock.Stop();

            var log = Path.Combine(logs, LogName(target));
            var text = new StringBuilder()
                .Append("$ nix ").AppendJoin(' ', args.Select(Quote)).Append('\n')
                .Append($"# {target.Display}\n# exit {exit} after {Seconds(clock.Elapsed)}\n")
                .Append("--- stdout\n").Append(output).Append(output.EndsWith('\n') || output.Length == 0 ? "" : "\n")
                .Append("--- stderr\n").Append(error);
            var ok = exit == 0;
            var detail = ok ? output.Trim() : FirstError(error);
            try
            {
                AtomicFile.WriteAllText(log, text.ToString());
            }
            catch (OutputFileException ex)
            {
                // A step whose log cannot be written is not a pass: what it printed would be lost.
                (ok, detail) = (false, ex.Message);
            }
            return new Outcome(target, ok, exit, clock.Elapsed, detail, log);
        }

        private static string Quote(string arg) => arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '#' or '$') ? $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'" : arg;

        private static string LogName(EvalTarget target)
        {
            var sb = new StringBuilder();
            var flake = target.FlakeDirectory.Length == 0 ? "" : target.FlakeDirectory + "#";
            foreach (var c in (target.Action == EvalAction.Build ? "build-" : "eval-") + flake + target.Attribute)
                sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
            return sb.Append(".log").ToString();
        }

        /// <summary>The first `error:` line of Nix's output, with its message when it continues on the next line.</summary>
        private static string FirstError(string stderr)
        {
            var lines = stderr.Split('\n').Select(l => l.Trim()).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                if (!lines[i].StartsWith("error:", StringComparison.Ordinal)) continue;
                var message = lines[i]["error:".Length..].Trim();
                if (message.Length == 0 && i + 1 < lines.Count) message = lines[i + 1];
                return message;
            }
            return lines.LastOrDefault(l => l.Length > 0) ?? "failed";
        }
    }
}
