using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>What several commands share: the policy of a rule listing, terminal detection, display helpers.</summary>
internal static class CommandSupport
{
    /// <summary>
    /// The policy a rule listing shows: the shipped rules (or <paramref name="policyDirectory"/>) and,
    /// when given, a repository's uc-guards.yaml.
    /// </summary>
    public static GuardsPolicy LoadPolicy(string? policyDirectory, string? configPath) =>
        GuardsSession.LoadPolicy(root: null, configPath, policyDirectory);

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
