using System.CommandLine;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>What several commands share: loading the policy, mapping errors to exit codes, terminal detection.</summary>
internal static class CommandSupport
{
    /// <summary>Runs a command body; configuration and usage errors become exit code 2 with a one-line message.</summary>
    public static int Guarded(ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            return body(stdout, stderr);
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

    /// <summary>
    /// The policy a rule listing shows: the shipped rules (or <paramref name="policyDirectory"/>) and,
    /// when given, a repository's uc-guards.yaml.
    /// </summary>
    public static GuardsPolicy LoadPolicy(string? policyDirectory, string? configPath)
    {
        if (configPath is not null && !File.Exists(configPath))
            throw new UsageException($"--config: file not found: {configPath}");
        var shipped = policyDirectory is null ? PolicyLoader.ShippedDocuments() : PolicyLoader.DocumentsFromDirectory(policyDirectory);
        return PolicyLoader.Load(shipped, configPath, configNamedByUser: true);
    }

    /// <summary>True when <paramref name="writer"/> is the process's standard output and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>A rule file's location for messages: relative to the current folder when it is below it.</summary>
    public static string DisplayPath(string path)
    {
        if (!Path.IsPathRooted(path)) return path;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
