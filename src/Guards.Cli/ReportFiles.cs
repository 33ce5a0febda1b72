using UltraCloud.Guards.Engine.IO;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// Where the commands write what they produce (<c>--output</c>, <c>--report</c>, <c>rules
/// --update-readme</c>): <c>-</c> is standard output, any other path is written by
/// <see cref="AtomicFile"/> (a regular file whole or not at all, a device or FIFO written through,
/// a link refused). Every problem is a usage error (exit 2) that names the file.
/// </summary>
public static class ReportFiles
{
    public static bool IsStandardOutput(string? path) => path == AtomicFile.StandardOutput;

    /// <summary>Checks, before any work, that <paramref name="path"/> can be written.</summary>
    public static void CheckWritable(string path, string option)
    {
        if (IsStandardOutput(path)) return;
        try
        {
            AtomicFile.Check(path);
        }
        catch (OutputFileException ex)
        {
            throw new Commands.UsageException($"{option}: {ex.Message}");
        }
    }

    /// <summary>Writes to <paramref name="path"/>, or to <paramref name="stdout"/> for <c>-</c>.</summary>
    public static void Write(string path, TextWriter stdout, Action<TextWriter> write)
    {
        if (IsStandardOutput(path))
        {
            write(stdout);
            return;
        }
        try
        {
            AtomicFile.WriteText(path, write);
        }
        catch (OutputFileException ex)
        {
            throw new Commands.UsageException(ex.Message);
        }
    }
}
