using System.Diagnostics;
using System.Text;

namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

internal sealed record ProcessResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"$ {Command}\nexit {ExitCode}\n{Output}";
}

/// <summary>
/// Runs dotnet (or an installed tool) as a child process, as a developer would in a terminal:
/// plain console logging, no build servers left running, and a private NuGet packages folder so
/// that the global cache never holds a stale copy of the packages under test.
/// </summary>
internal static class DotnetProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static ProcessResult Run(string fileName, string arguments, string workingDirectory, string? nugetPackages = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // The test host runs under dotnet test: its MSBuild variables would leak into the child build.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["NO_COLOR"] = "1";
        if (nugetPackages is not null) start.Environment["NUGET_PACKAGES"] = nugetPackages;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {arguments} did not finish in {Timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output) return new ProcessResult($"{Path.GetFileName(fileName)} {arguments}", process.ExitCode, output.ToString());
    }

    public static ProcessResult Dotnet(string arguments, string workingDirectory, string? nugetPackages = null) =>
        Run("dotnet", arguments, workingDirectory, nugetPackages);
}
