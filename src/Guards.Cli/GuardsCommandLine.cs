using System.CommandLine;
using UltraCloud.Guards.Cli.Commands;
using UltraCloud.Guards.Cli.Options;

namespace UltraCloud.Guards.Cli;

/// <summary>The `uc-guards` command tree. Each command lives in Commands/ and only wires the engine.</summary>
public static class GuardsCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("uc-guards: the static guard and policy analyzer for the UltraCloud supported surface");
        root.Options.Add(SharedOptions.Verbose);
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
        root.Subcommands.Add(LspCommand.Create());
        root.Subcommands.Add(SuppressionsCommand.Create());
        root.Subcommands.Add(FixCommand.Create());
        root.Subcommands.Add(HelpCommand.Create());
        return root;
    }

    /// <summary>Arguments are data: an argument starting with '@' is never read as a response file.</summary>
    private static readonly ParserConfiguration s_parser = new() { ResponseFileTokenReplacer = null };

    public static int Run(string[] args)
    {
        var output = new StandardOutput(Console.OpenStandardOutput(), Console.IsOutputRedirected);
        Console.SetOut(output);
        // Console.Out is the synchronized wrapper SetOut made: the writer that terminal tests compare with.
        var stdout = Console.Out;
        int code;
        try { code = Run(args, stdout, Console.Error); }
        finally { stdout.Flush(); }
        if (output.Error is null || output.ReaderGone) return code;
        Console.Error.WriteLine($"uc-guards: error: cannot write standard output: {output.Error.Message}");
        return ExitCodes.Usage;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbose = false;
        try
        {
            if (args.Length == 0)
            {
                WriteHelp([], stdout);
                return ExitCodes.Usage;
            }
            var parse = Build().Parse(args, s_parser);
            verbose = parse.GetValue(SharedOptions.Verbose);
            if (Usage.Problems(parse) is { Count: > 0 } problems)
            {
                foreach (var problem in problems) stderr.WriteLine($"uc-guards: error: {problem}");
                stderr.WriteLine($"Run 'uc-guards {Usage.CommandPath(parse)}--help' for usage.");
                return ExitCodes.Usage;
            }
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            return Failures.Report(ex, stderr, verbose);
        }
    }

    /// <summary>The usage of the command named by <paramref name="commandPath"/> (the whole tool when empty).</summary>
    internal static void WriteHelp(IReadOnlyList<string> commandPath, TextWriter stdout) =>
        Build().Parse([.. commandPath, "--help"], s_parser).Invoke(new InvocationConfiguration { Output = stdout, EnableDefaultExceptionHandler = false });
}
