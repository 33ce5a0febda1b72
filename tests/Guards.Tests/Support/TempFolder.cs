using System.Diagnostics;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>A throw-away folder for hostile-input tests (files, links, FIFOs, git repositories), deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string? name = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "ucg-hostile", Guid.NewGuid().ToString("N")[..12], name ?? "tree");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string this[string relative] => Path.Combine(Root, relative);

    public TempFolder Write(string relative, string content) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public TempFolder WriteBytes(string relative, byte[] content)
    {
        var full = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    /// <summary>Runs the git command line in <paramref name="workingDirectory"/> (fixtures only: the tool itself never shells out).</summary>
    public static string Git(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in new[] { ("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.invalid"), ("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.invalid"), ("GIT_CONFIG_NOSYSTEM", "1"), ("HOME", workingDirectory) })
            info.Environment[k] = v;
        info.ArgumentList.Add("-c"); info.ArgumentList.Add("init.defaultBranch=main");
        info.ArgumentList.Add("-c"); info.ArgumentList.Add("protocol.file.allow=always");
        info.ArgumentList.Add("-c"); info.ArgumentList.Add("core.autocrlf=false");
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        return stdout.Result;
    }

    public string Git(params string[] args) => Git(Root, args);

    public void Dispose()
    {
        try { Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
