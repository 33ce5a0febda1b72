using LibGit2Sharp;
using UltraCloud.Guards.Cli.Commands;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// The one place an exception becomes an exit code and a message: what the user can fix (usage,
/// configuration, git and file-system problems) is exit 2 with one sentence; anything else is a
/// fault of the tool, exit 3 with a one-line message, and its stack trace only under --verbose or
/// UC_GUARDS_TRACE=1.
/// </summary>
public static class Failures
{
    public const string TraceVariable = "UC_GUARDS_TRACE";

    public static int Report(Exception exception, TextWriter stderr, bool verbose)
    {
        var ex = Unwrap(exception);
        var (code, message) = ex switch
        {
            NativeLibraryUnavailableException unavailable => (ExitCodes.Usage, $"error: {unavailable.Message}"),
            DllNotFoundException missing => (ExitCodes.Usage, $"error: {TreeSitterLibrary.UnavailableReason ?? OneLine(missing.Message)}"),
            PolicyException policy => (ExitCodes.Usage, $"configuration error: {policy.Message}"),
            UsageException usage => (ExitCodes.Usage, $"error: {usage.Message}"),
            GitWorkflowException git => (ExitCodes.Usage, $"error: {git.Message}"),
            LibGit2SharpException git => (ExitCodes.Usage, $"error: git: {OneLine(git.Message)}"),
            IOException or UnauthorizedAccessException => (ExitCodes.Usage, $"error: {OneLine(ex.Message)}"),
            _ => (ExitCodes.Internal, $"internal error: {ex.GetType().Name}: {OneLine(ex.Message)}"),
        };
        try
        {
            stderr.WriteLine($"uc-guards: {message}");
            if (verbose || TraceRequested) stderr.WriteLine(exception.ToString());
            else if (code == ExitCodes.Internal) stderr.WriteLine($"  (run with --verbose or {TraceVariable}=1 for the stack trace)");
        }
        catch (Exception write) when (write is IOException or System.ComponentModel.Win32Exception or OutOfMemoryException)
        {
            // Standard error is gone too, or the failure left no memory to set up the console
            // (ENOMEM under an address-space limit): the exit code is all that is left.
        }
        return code;
    }

    public static bool TraceRequested => Environment.GetEnvironmentVariable(TraceVariable) is { Length: > 0 } value && value != "0";

    private static Exception Unwrap(Exception ex)
    {
        while (ex is AggregateException { InnerExceptions.Count: 1 } aggregate) ex = aggregate.InnerExceptions[0];
        return ex is System.Reflection.TargetInvocationException { InnerException: not null }
            // A platform without the parser library fails in a type initializer: the reason is inside.
            or TypeInitializationException { InnerException: NativeLibraryUnavailableException or DllNotFoundException }
            ? Unwrap(ex.InnerException!) : ex;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
