using Spectre.Console;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// The live progress of a scan on a terminal (files read, parsed, findings so far), on standard
/// error. It appears only when the scan runs longer than <see cref="Delay"/>, and never when
/// standard output or error is redirected or --quiet is given; it is cleared when the scan ends.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Half a second; UC_GUARDS_PROGRESS_DELAY_MS overrides it (tests and demos of the display).</summary>
    public static TimeSpan Delay =>
        int.TryParse(Environment.GetEnvironmentVariable("UC_GUARDS_PROGRESS_DELAY_MS"), out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromMilliseconds(500);

    /// <summary>True when a display may be shown for a command writing its report to <paramref name="stdout"/>.</summary>
    public static bool Allowed(TextWriter stdout, bool quiet) =>
        !quiet
        && ReferenceEquals(stdout, Console.Out)
        && !Console.IsOutputRedirected
        && !Console.IsErrorRedirected
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Runs <paramref name="scan"/>, showing its progress on the terminal when it takes a while.</summary>
    public static ScanResult Run(Func<IProgress<ScanProgress>?, ScanResult> scan, bool show)
    {
        if (!show) return scan(null);
        var latest = new Latest();
        var task = Task.Run(() => scan(latest));
        var delay = Delay;
        if (delay > TimeSpan.Zero && task.Wait(delay)) return task.GetAwaiter().GetResult();

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask("finding files", maxValue: 1);
                while (!task.Wait(TimeSpan.FromMilliseconds(100)))
                {
                    if (latest.Value is not { } p) continue;
                    bar.MaxValue = Math.Max(1, p.FilesTotal);
                    bar.Value = p.FilesDone;
                    bar.Description = Markup.Escape($"{p.FilesDone}/{p.FilesTotal} files read, {p.FilesParsed} parsed, {p.Findings} findings");
                }
                bar.Value = bar.MaxValue;
            });
        return task.GetAwaiter().GetResult();
    }

    private sealed class Latest : IProgress<ScanProgress>
    {
        private readonly Lock _lock = new();
        private ScanProgress? _value;

        public ScanProgress? Value
        {
            get { lock (_lock) return _value; }
        }

        public void Report(ScanProgress value)
        {
            lock (_lock)
            {
                // Reports arrive from several threads out of order: keep the furthest along.
                if (_value is null || value.FilesDone >= _value.Value.FilesDone) _value = value;
            }
        }
    }
}
