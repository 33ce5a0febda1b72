using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using UltraCloud.Guards.Engine.IO;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Every file the tool writes goes through <see cref="AtomicFile"/>: a regular file is replaced
/// whole through a temporary file created exclusively under a random name; a device or FIFO is
/// written through and stays what it was; a link is refused; a failed write fails the run and
/// leaves no temporary file. The device tests make their own nodes with mknod (CI runs as root).
/// </summary>
public sealed partial class OutputFileTests
{
    /// <summary>A tree with one finding, so every report has content.</summary>
    private static TempFolder TreeWithAFinding()
    {
        var tree = new TempFolder("tree");
        tree.Write("chainfire/crates/chainfire-server/src/main.rs", "pub fn serve() -> u32 {\n    todo!()\n}\n");
        return tree;
    }

    private static string[] TempFilesIn(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*.tmp").Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void A_report_replaces_a_regular_file_whole_and_keeps_its_permissions()
    {
        using var tree = TreeWithAFinding();
        using var outside = new TempFolder("reports");
        var report = outside["report.json"];
        File.WriteAllText(report, "old");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(report, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var run = Hostile.Cli("check", tree.Root, "--format", "json", "--output", report);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(FileKind.Regular, FileKinds.Of(report));
        Assert.Equal("UCG1001", JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(report));
        Assert.Empty(TempFilesIn(outside.Root));
    }

    [AsRootFact]
    public void Output_to_a_character_device_writes_through_and_leaves_a_device()
    {
        using var tree = TreeWithAFinding();
        using var devices = new TempFolder("dev");
        var nullDevice = devices["null"];
        MakeCharacterDevice(nullDevice, major: 1, minor: 3);

        foreach (var args in new[]
        {
            new[] { "check", tree.Root, "--format", "json", "--output", nullDevice },
            new[] { "check", tree.Root, "--format", "text", "--report", "sarif=" + nullDevice, "--report", "junit=" + nullDevice },
            new[] { "surface", tree.Root, "--output", nullDevice },
            new[] { "baseline", tree.Root, "--output", nullDevice },
        })
        {
            var run = Hostile.Cli(args);
            Assert.True(run.ExitCode is 0 or 1, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stderr}");
            Assert.Equal(FileKind.CharacterDevice, FileKinds.Of(nullDevice));
        }
        Assert.Equal(["null"], Directory.EnumerateFileSystemEntries(devices.Root).Select(Path.GetFileName));
    }

    [AsRootFact]
    public void A_full_device_fails_the_run_with_a_clear_error()
    {
        using var tree = TreeWithAFinding();
        using var devices = new TempFolder("dev");
        var full = devices["full"];
        MakeCharacterDevice(full, major: 1, minor: 7);

        foreach (var args in new[]
        {
            new[] { "check", tree.Root, "--format", "json", "--output", full },
            new[] { "check", tree.Root, "--report", "sarif=" + full },
            new[] { "surface", tree.Root, "--output", full },
            new[] { "baseline", tree.Root, "--output", full },
        })
        {
            var run = Hostile.Cli(args);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
            Assert.Contains(full, run.Stderr);
            Assert.Contains("No space left on device", run.Stderr);
            Assert.Equal(FileKind.CharacterDevice, FileKinds.Of(full));
        }
    }

    [Fact]
    public void A_fifo_target_is_written_through_as_a_shell_redirection_would()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tree = TreeWithAFinding();
        using var pipes = new TempFolder("pipes");
        var fifo = pipes["report.fifo"];
        Hostile.MakeFifo(fifo);
        string? received = null;
        var reader = new Thread(() => received = File.ReadAllText(fifo)) { IsBackground = true };
        reader.Start();

        var run = Hostile.Within(60, () => Hostile.Cli("check", tree.Root, "--format", "json", "--output", fifo));

        Assert.Equal(1, run.ExitCode);
        Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the reader of the FIFO got no end of file");
        Assert.Equal("UCG1001", JsonDocument.Parse(received!).RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString());
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));
        Assert.Empty(TempFilesIn(pipes.Root));
    }

    [Fact]
    public void A_link_at_the_target_is_refused_before_the_scan_and_left_alone()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tree = TreeWithAFinding();
        using var outside = new TempFolder("outside");
        var victim = outside["victim.txt"];
        File.WriteAllText(victim, "precious");
        var link = tree["report.json"];
        File.CreateSymbolicLink(link, victim);

        var run = Hostile.Cli("check", tree.Root, "--format", "json", "--output", link);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a symbolic link", run.Stderr);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(victim, new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void A_link_planted_under_the_temporary_name_is_not_followed()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new TempFolder("reports");
        using var outside = new TempFolder("outside");
        var victim = outside["victim.txt"];
        File.WriteAllText(victim, "precious");
        var target = folder["report.json"];
        // The first name the writer tries is taken by a link to a file outside; so are the names of
        // the older pid-based scheme.
        var planted = folder[".report.json.planted.tmp"];
        File.CreateSymbolicLink(planted, victim);
        File.CreateSymbolicLink(folder[$".report.json.{Environment.ProcessId}.tmp"], victim);

        AtomicFile.TemporarySuffix.Value = attempt => attempt == 0 ? "planted" : $"next{attempt}";
        try
        {
            AtomicFile.WriteAllText(target, "the report\n");
        }
        finally
        {
            AtomicFile.TemporarySuffix.Value = null;
        }

        Assert.Equal("the report\n", File.ReadAllText(target));
        Assert.Equal(FileKind.Regular, FileKinds.Of(target));
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(victim, new FileInfo(planted).LinkTarget);
        Assert.Equal(
            new[] { ".report.json.planted.tmp", $".report.json.{Environment.ProcessId}.tmp" }.Order(StringComparer.Ordinal),
            TempFilesIn(folder.Root).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failed_write_or_a_signal_during_it_leaves_no_temporary_file_and_the_old_file_intact()
    {
        using var folder = new TempFolder("reports");
        var target = folder["report.json"];
        File.WriteAllText(target, "old");

        var failure = Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(target, writer =>
        {
            writer.Write("half a rep");
            writer.Flush();
            Assert.Single(TempFilesIn(folder.Root));
            throw new InvalidOperationException("the reporter failed");
        }));
        Assert.Equal("the reporter failed", failure.Message);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Empty(TempFilesIn(folder.Root));

        // What the SIGINT/SIGTERM/SIGHUP handler does, run while the report is being written.
        var interrupted = Assert.Throws<OutputFileException>(() => AtomicFile.WriteText(target, writer =>
        {
            writer.Write("half a rep");
            writer.Flush();
            Assert.Contains(TemporaryFiles.Live, p => p.StartsWith(folder.Root, StringComparison.Ordinal));
            TemporaryFiles.RemoveAll();
        }));
        Assert.Contains(target, interrupted.Message);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Empty(TempFilesIn(folder.Root));
    }

    [Fact]
    public void Init_never_replaces_what_is_there_and_force_never_replaces_a_link()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tree = new TempFolder("repo");
        using var outside = new TempFolder("outside");
        var victim = outside["victim.yaml"];
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(tree["uc-guards.yaml"], victim);

        var plain = Hostile.Cli("init", tree.Root);
        Assert.Equal(2, plain.ExitCode);
        Assert.Contains("already exists", plain.Stderr);

        var forced = Hostile.Cli("init", tree.Root, "--force");
        Assert.Equal(2, forced.ExitCode);
        Assert.Contains("is a symbolic link", forced.Stderr);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(victim, new FileInfo(tree["uc-guards.yaml"]).LinkTarget);
        Assert.Empty(TempFilesIn(tree.Root));
    }

    [Fact]
    public void A_dash_is_standard_output()
    {
        using var tree = TreeWithAFinding();
        using var outside = new TempFolder("reports");

        var primary = Hostile.Cli("check", tree.Root, "--format", "json", "--output", "-");
        Assert.Equal(1, primary.ExitCode);
        Assert.Equal("UCG1001", JsonDocument.Parse(primary.Stdout).RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString());
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "-")));

        var extra = Hostile.Cli("check", tree.Root, "--format", "junit", "--output", outside["report.xml"], "--report", "sarif=-");
        Assert.Equal(1, extra.ExitCode);
        Assert.Equal("2.1.0", JsonDocument.Parse(extra.Stdout).RootElement.GetProperty("version").GetString());
        Assert.StartsWith("<?xml", File.ReadAllText(outside["report.xml"]));

        var twice = Hostile.Cli("check", tree.Root, "--format", "json", "--report", "sarif=-");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("standard output already carries a report", twice.Stderr);
    }

    [Fact]
    public void A_folder_or_a_missing_folder_is_refused_before_the_scan()
    {
        using var tree = TreeWithAFinding();
        var inFolder = Hostile.Cli("baseline", tree.Root, "--output", tree["chainfire"]);
        Assert.Equal(2, inFolder.ExitCode);
        Assert.Contains("is a folder", inFolder.Stderr);
        var missing = Hostile.Cli("drift", "--from", "HEAD", "-C", tree.Root, "--output", tree["no/such/drift.md"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("folder does not exist", missing.Stderr);
    }

    /// <summary>Standard output redirected by the shell: a full device fails the run, a reader that goes away ends it quietly.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Standard_output_that_cannot_be_written_fails_the_run_unless_the_reader_left()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/dev/full")) return;
        var dll = Path.Combine(AppContext.BaseDirectory, "uc-guards.dll");

        var full = Shell($"exec dotnet '{dll}' rules --format json > /dev/full");
        Assert.Equal(2, full.ExitCode);
        Assert.Equal("uc-guards: error: cannot write standard output: No space left on device\n", full.Stderr);

        var closed = Shell($"dotnet '{dll}' rules --format json | head -c 1 > /dev/null; exit ${{PIPESTATUS[0]}}");
        Assert.Equal(0, closed.ExitCode);
        Assert.Equal("", closed.Stderr);
    }

    private static CliResult Shell(string script)
    {
        var info = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        return new CliResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr);
    }

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkNod(string path, uint mode, ulong device);

    /// <summary>A character device node (as root): 1:3 behaves as /dev/null, 1:7 as /dev/full.</summary>
    private static void MakeCharacterDevice(string path, uint major, uint minor)
    {
        const uint characterDevice = 0x2000;
        var device = ((ulong)(major & 0xfff) << 8) | (minor & 0xff) | ((ulong)(minor & ~0xffu) << 12) | ((ulong)(major & ~0xfffu) << 32);
        if (MkNod(path, characterDevice | 0b110_110_110, device) != 0)
            throw new IOException($"mknod {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }
}

/// <summary>A test that needs root (mknod): skipped, with the reason, when the tests do not run as root.</summary>
public sealed class AsRootFactAttribute : FactAttribute
{
    public AsRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux device nodes";
        else if (Environment.UserName != "root" && GetEffectiveUserId() != 0) Skip = "needs root to make device nodes with mknod (CI runs as root)";
    }

    private static uint GetEffectiveUserId() => NativeIds.GetEuid();
}

internal static partial class NativeIds
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEuid();
}
