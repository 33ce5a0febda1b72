using System.CommandLine;
using UltraCloud.Guards.Cli.Commands;

namespace UltraCloud.Guards.Cli;

/// <summary>The `uc-guards` command tree. Each command lives in Commands/ and only wires the engine.</summary>
public static class GuardsCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("uc-guards: the static guard and policy analyzer for the UltraCloud supported surface");
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(RulesCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(SurfaceCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(HookCommand.Create());
        root.Subcommands.Add(BaselineCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        if (!Console.IsOutputRedirected) return Run(args, Console.Out, Console.Error);
        // A report piped or written to a file goes out in blocks, not in one write call per line.
        var output = new StandardOutput(Console.OpenStandardOutput());
        Console.SetOut(output);
        var code = Run(args, Console.Out, Console.Error);
        Console.Out.Flush();
        if (output.Error is null || output.ReaderGone) return code;
        Console.Error.WriteLine($"uc-guards: error: cannot write standard output: {output.Error.Message}");
        return ExitCodes.Usage;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var parse = Build().Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) stderr.WriteLine($"uc-guards: error: {error.Message}");
                stderr.WriteLine("Run 'uc-guards --help' for usage.");
                return ExitCodes.Usage;
            }
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"uc-guards: internal error: {ex}");
            return ExitCodes.Internal;
        }
    }
}

public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Usage = 2;
    public const int Internal = 3;
}
