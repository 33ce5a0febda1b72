using System.CommandLine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Git;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards hook install|uninstall [--chain]`: the pre-commit hook that runs `check --staged`.</summary>
public static class HookCommand
{
    public static Command Create()
    {
        var command = new Command("hook", "Install or remove the git pre-commit hook that runs `uc-guards check --staged`");
        command.Subcommands.Add(Install());
        command.Subcommands.Add(Uninstall());
        return command;
    }

    private static Argument<string> PathArgument() => new("path")
    {
        Description = "A folder of the repository (default: the current folder)",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    private static Command Install()
    {
        var path = PathArgument();
        var chain = new Option<bool>("--chain", "--force") { Description = "Keep a pre-commit hook uc-guards did not write (as pre-commit.uc-guards-chained) and run it before the check" };
        var command = new Command("install", "Write an executable pre-commit hook (honours core.hooksPath); another hook is never dropped: it is chained with --chain, else left as it is") { path, chain };
        command.SetAction(parse => Run(parse, () => HookInstaller.Install(parse.GetValue(path)!, parse.GetValue(chain), FallbackPath())));
        return command;
    }

    private static Command Uninstall()
    {
        var path = PathArgument();
        var command = new Command("uninstall", "Remove the pre-commit hook uc-guards wrote (and put back the hook it replaced); another hook is left alone") { path };
        command.SetAction(parse => Run(parse, () => HookInstaller.Uninstall(parse.GetValue(path)!)));
        return command;
    }

    private static int Run(ParseResult parse, Func<HookResult> action)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        try
        {
            var result = action();
            var hook = result.HookPath;
            switch (result.Outcome)
            {
                case HookOutcome.Installed: stdout.WriteLine($"uc-guards: installed the pre-commit hook at {hook}"); break;
                case HookOutcome.AlreadyInstalled: stdout.WriteLine($"uc-guards: the pre-commit hook at {hook} is already installed"); break;
                case HookOutcome.Updated: stdout.WriteLine($"uc-guards: updated the pre-commit hook at {hook}"); break;
                case HookOutcome.Chained: stdout.WriteLine($"uc-guards: installed the pre-commit hook at {hook}; the hook that was there is kept as {result.BackupPath} and runs first"); break;
                case HookOutcome.RefusedForeign:
                    stderr.WriteLine($"uc-guards: error: {hook} is a pre-commit hook uc-guards did not write; it was left unchanged.");
                    stderr.WriteLine("  Add this line to it, where a failure should stop the commit:");
                    stderr.WriteLine($"    {HookInstaller.ForeignHookLine}");
                    stderr.WriteLine("  or run `uc-guards hook install --chain` to keep it and run uc-guards after it.");
                    return ExitCodes.Usage;
                case HookOutcome.RefusedPreCommitFramework:
                    stderr.WriteLine($"uc-guards: error: {hook} is the pre-commit framework's hook (pre-commit.com); it was left unchanged.");
                    stderr.WriteLine("  Add these lines to the repos: list of .pre-commit-config.yaml (then `pre-commit install` is all it takes):");
                    stderr.Write(HookInstaller.PreCommitConfigLines);
                    return ExitCodes.Usage;
                case HookOutcome.Removed: stdout.WriteLine($"uc-guards: removed the pre-commit hook at {hook}"); break;
                case HookOutcome.RemovedAndRestored: stdout.WriteLine($"uc-guards: removed the pre-commit hook at {hook} and put back the hook it had kept ({result.BackupPath})"); break;
                case HookOutcome.NotInstalled: stdout.WriteLine($"uc-guards: no pre-commit hook at {hook}; nothing to remove"); break;
                case HookOutcome.ForeignLeftAlone: stdout.WriteLine($"uc-guards: {hook} is not a hook uc-guards wrote; left it alone"); break;
            }
            return ExitCodes.Clean;
        }
        catch (GitWorkflowException ex)
        {
            stderr.WriteLine($"uc-guards: error: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"uc-guards: error: cannot write the hook: {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>This very executable, for a hook that must work when uc-guards is not on PATH.</summary>
    private static string? FallbackPath()
    {
        var process = Environment.ProcessPath;
        if (process is null) return null;
        var name = Path.GetFileNameWithoutExtension(process);
        if (name == "uc-guards") return process;
        // Run as `dotnet uc-guards.dll`: the dll beside this code (AppContext.BaseDirectory, which unlike
        // Assembly.Location also answers in a Native AOT or single-file build).
        if (name == "dotnet" && Path.Combine(AppContext.BaseDirectory, "uc-guards.dll") is var dll && File.Exists(dll)) return dll;
        return null;
    }
}
