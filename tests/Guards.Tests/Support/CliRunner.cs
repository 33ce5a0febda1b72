using System.Diagnostics;
using UltraCloud.Guards.Cli;

namespace UltraCloud.Guards.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

public static class CliRunner
{
    /// <summary>Runs the command line in-process (fast), capturing both streams.</summary>
    public static CliResult InProcess(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = GuardsCommandLine.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built uc-guards as a real process (redirected streams, no terminal).</summary>
    public static CliResult Process(string workingDirectory, params string[] args) => Process(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>As <see cref="Process(string, string[])"/>, with environment variables set (or removed, when null).</summary>
    public static CliResult Process(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "uc-guards.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("uc-guards did not finish within two minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
