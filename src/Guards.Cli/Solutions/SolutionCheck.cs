using System.Runtime.CompilerServices;
using UltraCloud.Guards.Cli.Commands;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Solutions;

/// <summary>
/// <c>uc-guards check --solution FILE</c>: validates the argument, loads the solution through
/// <see cref="SolutionWorkspace"/> (the only code that touches MSBuild, reached only from here),
/// and turns the session into one over the solution's files with the rules of <see cref="SolutionRules"/>.
/// </summary>
internal static class SolutionCheck
{
    public static readonly string[] Extensions = [".sln", ".slnx", ".csproj"];

    /// <summary>The absolute path of a usable --solution argument; a <see cref="UsageException"/> otherwise.</summary>
    public static string Validate(string argument)
    {
        var full = Path.GetFullPath(argument);
        if (Directory.Exists(full))
            throw new UsageException($"--solution: '{argument}' is a folder; give a .sln, .slnx or .csproj file");
        if (!Extensions.Contains(Path.GetExtension(full), StringComparer.OrdinalIgnoreCase))
            throw new UsageException($"--solution: '{argument}' is not a .sln, .slnx or .csproj file");
        if (!File.Exists(full))
            throw new UsageException($"--solution: '{argument}' does not exist");
        return full;
    }

    /// <summary>
    /// The session of a solution: the root is resolved from the solution file as for any path
    /// (nearest uc-guards.yaml, else the git work tree, else its folder), the files are the
    /// solution's, and the rules report what the analyzer found in its shipped projects.
    /// </summary>
    public static SessionOptions Prepare(SessionOptions options, string solutionPath)
    {
        // Tested here, in the caller of everything MSBuild, so that a Native AOT build (where the
        // switch is the constant false) trims MSBuildWorkspace and its dependencies away.
        if (!RuntimeFeature.IsDynamicCodeSupported)
            throw new UsageException("--solution loads projects with the .NET SDK's MSBuild, which a Native AOT build of uc-guards cannot do: use the dotnet tool (dotnet tool install UltraCloud.Guards) or a framework-dependent build");
        using var locate = GuardsSession.Open(options with { Path = solutionPath });
        var analysis = SolutionWorkspace.Analyze(solutionPath, locate.Root);
        return options with
        {
            Path = Path.GetDirectoryName(solutionPath)!,
            Tree = new SolutionTree(analysis),
            Catalog = SolutionRules.Catalog,
        };
    }
}
