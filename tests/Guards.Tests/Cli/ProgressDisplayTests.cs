using System.Diagnostics;

using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>
/// The live progress display, run as a real process: absent when output is redirected, present on
/// a terminal (a pseudo-terminal from util-linux `script`, when the machine has it), absent with --quiet.
/// UC_GUARDS_PROGRESS_DELAY_MS=0 shows it from the first moment, so its absence is not just a fast scan.
/// </summary>
[Trait("Category", "Slow")]
public class ProgressDisplayTests
{
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "uc-guards.dll");

    private static (int Exit, string Out, string Err) Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["UC_GUARDS_PROGRESS_DELAY_MS"] = "0";
        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void No_progress_display_when_output_is_redirected()
    {
        var (exit, stdout, stderr) = Start(Dotnet, CliDll, "check", Repo.SampleTree);
        Assert.True(exit is 0 or 1, $"exit {exit}: {stderr}");
        Assert.DoesNotContain('\u001b', stdout);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain("files read", stderr + stdout);
        Assert.Equal("", stderr);
        // The closing summary line ends the text report.
        Assert.Matches(@"uc-guards: \d+ errors?, \d+ warnings?.*; \d+ files, \d+ analyzed, .* in \d+\.\d\ds\n$", stdout);
    }

    [Fact]
    public void Machine_formats_keep_standard_output_clean_and_summarise_on_standard_error()
    {
        var (_, stdout, stderr) = Start(Dotnet, CliDll, "check", Repo.SampleTree, "--format", "json");
        Assert.StartsWith("{", stdout);
        Assert.Matches(@"^uc-guards: \d+ errors?, .* in \d+\.\d\ds\n$", stderr);
    }

    [ToolFact("/usr/bin/script", "util-linux `script` provides the pseudo-terminal")]
    public void Progress_display_appears_on_a_terminal_and_not_with_quiet()
    {
        string Command(params string[] extra) =>
            string.Join(' ', new[] { Dotnet, CliDll, "check", Repo.SampleTree }.Concat(extra).Select(a => "'" + a.Replace("'", "'\\''") + "'"));

        var shown = Start("/usr/bin/script", "-qec", Command(), "/dev/null");
        Assert.Contains('\u001b', shown.Out);
        Assert.Matches("finding files|files read", shown.Out);

        var quiet = Start("/usr/bin/script", "-qec", Command("--quiet"), "/dev/null");
        Assert.DoesNotMatch("finding files|files read", quiet.Out);
        Assert.Contains("uc-guards: ", quiet.Out);
    }
}
