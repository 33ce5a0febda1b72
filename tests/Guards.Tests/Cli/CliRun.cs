using UltraCloud.Guards.Cli;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>Runs `uc-guards` in-process through <see cref="GuardsCommandLine.Run(string[], TextWriter, TextWriter)"/>.</summary>
internal static class CliRun
{
    public sealed record Outcome(int Exit, string Out, string Err)
    {
        public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
    }

    public static Outcome Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = GuardsCommandLine.Run(args, stdout, stderr);
        return new Outcome(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The repository root (the folder holding UltraCloud.Guards.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string SampleTree => Path.Combine(RepoRoot, "samples", "ultracloud");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UltraCloud.Guards.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
