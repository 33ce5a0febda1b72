namespace UltraCloud.Guards.Tests.Support;

/// <summary>A fact that needs a program of the machine: skipped, saying which and why, where it is missing.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    /// <param name="program">An absolute path, or a name looked up on PATH.</param>
    /// <param name="purpose">What the program is for, for the skip reason.</param>
    public ToolFactAttribute(string program, string purpose)
    {
        if (Find(program) is null) Skip = $"{program} is not installed ({purpose}): the test is skipped";
    }

    public static string? Find(string program)
    {
        if (Path.IsPathRooted(program)) return File.Exists(program) ? program : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
