using System.Runtime.InteropServices;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>Shared helpers of the hostile-input tests.</summary>
internal static partial class Hostile
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>The command line in-process, both streams captured.</summary>
    public static Run Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = GuardsCommandLine.Run(args, stdout, stderr);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <paramref name="action"/> and fails the test when it takes longer than <paramref name="seconds"/>.</summary>
    public static T Within<T>(double seconds, Func<T> action)
    {
        var task = Task.Factory.StartNew(action, TaskCreationOptions.LongRunning);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(seconds)))
            Assert.Fail($"did not finish within {seconds}s (a hang)");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>No internal error, and every finding lies inside its file: line within the file, columns at least 1.</summary>
    public static void AssertHonest(ScanResult result, Func<string, byte[]?>? read = null)
    {
        Assert.Empty(result.InternalErrors);
        var texts = new Dictionary<string, Engine.Text.SourceText?>(StringComparer.Ordinal);
        foreach (var finding in result.Findings)
        {
            Assert.True(finding.Span.StartLine >= 1 && finding.Span.StartColumn >= 1, $"{finding.RuleId} at {finding.Path}:{finding.Span}");
            Assert.True(finding.Span.EndLine > finding.Span.StartLine || (finding.Span.EndLine == finding.Span.StartLine && finding.Span.EndColumn >= finding.Span.StartColumn),
                $"{finding.RuleId} ends before it starts at {finding.Path}:{finding.Span}");
            if (!texts.TryGetValue(finding.Path, out var text))
            {
                var bytes = (read ?? (p => result.Tree.Read(p, out _)))(finding.Path);
                texts[finding.Path] = text = bytes is null ? null : Engine.Text.SourceText.FromBytes(finding.Path, bytes);
            }
            if (text is null) continue;
            Assert.True(finding.Span.StartLine <= text.LineCount, $"{finding.RuleId} at {finding.Path}:{finding.Span} is past the last line {text.LineCount}");
            Assert.True(finding.Span.EndLine <= text.LineCount, $"{finding.RuleId} at {finding.Path}:{finding.Span} ends past the last line {text.LineCount}");
        }
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    public static void MakeFifo(string path)
    {
        if (MkFifo(path, 0b110_100_100) != 0) throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
