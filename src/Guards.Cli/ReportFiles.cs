using System.Text;

namespace UltraCloud.Guards.Cli;

/// <summary>Report files are written whole or not at all: a temp file beside the target, then a rename.</summary>
public static class ReportFiles
{
    public static void CheckWritable(string path, string option)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is null || !Directory.Exists(dir))
            throw new Commands.UsageException($"{option}: folder does not exist: {dir}");
        if (Directory.Exists(path))
            throw new Commands.UsageException($"{option}: {path} is a folder");
    }

    public static void WriteAtomically(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
                write(writer);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
