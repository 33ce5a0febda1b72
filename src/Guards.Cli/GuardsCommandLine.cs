using System.CommandLine;

namespace UltraCloud.Guards.Cli;

public static class GuardsCommandLine
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("uc-guards: static guard and policy analyzer for the UltraCloud supported surface");
        return root.Parse(args).Invoke();
    }
}
