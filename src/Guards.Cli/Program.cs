namespace UltraCloud.Guards.Cli;

public static class Program
{
    public static int Main(string[] args) => GuardsCommandLine.Run(args);
}
