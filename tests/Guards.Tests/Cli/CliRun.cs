using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Tests.Support;

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
}

internal static class TestTreeExtensions
{
    /// <summary>Writes a file into the tree and returns its full path.</summary>
    public static string WritePath(this TestTree tree, string relativePath, string content)
    {
        tree.Write(relativePath, content);
        return Path.Combine(tree.Root, relativePath);
    }
}
