using System.CommandLine;
using System.Text;
using UltraCloud.Guards.Cli.Commands;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

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
        var buffered = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        Console.SetOut(buffered);
        try { return Run(args, Console.Out, Console.Error); }
        finally
        {
            try { Console.Out.Flush(); }
            catch (IOException) { } // the reader has gone (a closed pipe): nothing is left to tell it
        }
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
            // Exceptions reach the handlers below: an internal error is exit 3, not the parser's default 1.
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (NativeLibraryProblem(ex) is { } reason)
        {
            stderr.WriteLine($"uc-guards: error: {reason}");
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"uc-guards: internal error: {ex}");
            return ExitCodes.Internal;
        }
    }

    /// <summary>The one-sentence reason when <paramref name="ex"/> comes from the native parser library being unavailable on this platform.</summary>
    private static string? NativeLibraryProblem(Exception ex) => ex switch
    {
        NativeLibraryUnavailableException unavailable => unavailable.Message,
        TypeInitializationException { InnerException: { } inner } => NativeLibraryProblem(inner),
        AggregateException { InnerExceptions: [var single] } => NativeLibraryProblem(single),
        DllNotFoundException => TreeSitterLibrary.UnavailableReason,
        _ => null,
    };
}

public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Usage = 2;
    public const int Internal = 3;
}
