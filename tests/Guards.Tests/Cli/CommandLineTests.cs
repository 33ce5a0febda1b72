using System.Diagnostics;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>
/// How the command line treats its arguments and its failures: usage errors named before any work
/// (exit 2), git and file problems as one sentence (exit 2), faults of the tool as one line (exit 3)
/// with the trace only on request, and a reader that goes away ending the run quietly.
/// </summary>
[Trait("Category", "Slow")]
public class CommandLineTests
{
    private const string Server = "chainfire/crates/chainfire-server/src/main.rs";

    private static TestTree TreeWithOneStub() => new((Server, "fn main() {\n    todo!()\n}\n"));

    private static void AssertUsageError(CliResult result, params string[] expected)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        foreach (var text in expected) Assert.Contains(text, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("System.", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_misspelt_option_is_named_with_the_closest_one_not_taken_as_the_path()
    {
        using var tree = TreeWithOneStub();
        AssertUsageError(CliRunner.InProcess("check", tree.Root, "--formt", "json"), "unknown option '--formt'", "did you mean '--format'?");
        AssertUsageError(CliRunner.InProcess("check", "--formt", "json", tree.Root), "unknown option '--formt'", "did you mean '--format'?");
        AssertUsageError(CliRunner.InProcess("check", tree.Root, "--rules", "UCG1001"), "unknown option '--rules'", "did you mean '--rule'?");
        AssertUsageError(CliRunner.InProcess("check", tree.Root, "--zzzzzz"), "unknown option '--zzzzzz' for `check`");
        AssertUsageError(CliRunner.InProcess("chek", tree.Root), "unknown command 'chek'", "did you mean 'check'?");
    }

    [Theory]
    [InlineData("--color", "sometimes", "--color")]
    [InlineData("--jobs", "0", "--jobs must be at least 1, got 0")]
    [InlineData("-j", "-3", "--jobs must be at least 1, got -3")]
    [InlineData("-j", "abc", "--jobs expects a whole number, got 'abc'")]
    [InlineData("--fail-on", "bogus", "--fail-on: unknown severity 'bogus'")]
    [InlineData("--format", "yaml", "--format: unknown format 'yaml'")]
    public void Option_values_are_refused_before_the_scan(string option, string value, string message)
    {
        using var tree = TreeWithOneStub();
        var result = CliRunner.InProcess("check", tree.Root, option, value);
        AssertUsageError(result, message);
        // Refused before any work: no report, no summary line.
        Assert.DoesNotContain("analyzed", result.Stderr);
    }

    [Fact]
    public void A_bare_invocation_prints_the_usage_and_help_names_a_command()
    {
        var bare = CliRunner.InProcess();
        Assert.Equal(2, bare.ExitCode);
        Assert.Contains("Usage:", bare.Stdout);
        Assert.Contains("check", bare.Stdout);

        var help = CliRunner.InProcess("help", "check");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains(" check [<path>...] [options]", help.Stdout);
        Assert.Contains("--staged", help.Stdout);

        var nested = CliRunner.InProcess("help", "hook", "install");
        Assert.Equal(0, nested.ExitCode);
        Assert.Contains("--force", nested.Stdout);

        AssertUsageError(CliRunner.InProcess("help", "nonsense"), "unknown command 'nonsense'");
    }

    [Fact]
    public void An_argument_starting_with_an_at_sign_is_data_not_a_response_file()
    {
        using var folder = new TempFolder();
        folder.Write("secret.txt", "UCG1001\n");
        var secret = folder["secret.txt"];
        var result = CliRunner.InProcess("explain", "@" + secret);
        AssertUsageError(result, $"unknown rule '@{secret}'");
    }

    [Fact]
    public void A_fault_of_the_tool_is_one_line_and_exit_3_with_the_trace_only_on_request()
    {
        var error = new InvalidOperationException("the index of a table went wrong\nsecond line");
        var quiet = new StringWriter();
        Assert.Equal(ExitCodes.Internal, Failures.Report(error, quiet, verbose: false));
        Assert.Equal(
            "uc-guards: internal error: InvalidOperationException: the index of a table went wrong second line\n" +
            $"  (run with --verbose or {Failures.TraceVariable}=1 for the stack trace)\n",
            quiet.ToString().ReplaceLineEndings("\n"));

        var verbose = new StringWriter();
        Assert.Equal(ExitCodes.Internal, Failures.Report(new AggregateException(error), verbose, verbose: true));
        Assert.StartsWith("uc-guards: internal error: InvalidOperationException:", verbose.ToString());
        Assert.Contains("System.AggregateException", verbose.ToString());
    }

    [Theory]
    [InlineData(typeof(IOException), "error: disk went away")]
    [InlineData(typeof(UnauthorizedAccessException), "error: disk went away")]
    [InlineData(typeof(LibGit2Sharp.LibGit2SharpException), "error: git: disk went away")]
    public void Git_and_file_system_failures_are_exit_2_with_one_sentence(Type type, string expected)
    {
        var stderr = new StringWriter();
        var exception = (Exception)Activator.CreateInstance(type, "disk went away")!;
        Assert.Equal(ExitCodes.Usage, Failures.Report(exception, stderr, verbose: false));
        Assert.Equal($"uc-guards: {expected}\n", stderr.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_failure_whose_message_cannot_be_written_still_ends_with_its_exit_code()
    {
        // Under an address-space limit the console's first write can fail with ENOMEM (a Win32Exception).
        Assert.Equal(ExitCodes.Internal, Failures.Report(new OutOfMemoryException(), new FailingWriter(new System.ComponentModel.Win32Exception(12)), verbose: false));
        Assert.Equal(ExitCodes.Usage, Failures.Report(new IOException("disk went away"), new FailingWriter(new OutOfMemoryException()), verbose: true));
        Assert.Equal(ExitCodes.Usage, Failures.Report(new IOException("disk went away"), new FailingWriter(new IOException("Bad file descriptor")), verbose: false));
    }

    private sealed class FailingWriter(Exception failure) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw failure;

        public override void WriteLine(string? value) => throw failure;
    }

    [Fact]
    public void A_garbage_index_file_for_a_staged_check_is_exit_2_not_findings()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, "fn main() {}\n");
        repo.Commit("one");
        repo.Write("garbage-index", "this is not a git index\n");
        var result = CliRunner.Process(repo.Root, new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = Path.Combine(repo.Root, "garbage-index") }, "check", "--staged", ".");
        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.StartsWith("uc-guards: error: ", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_corrupt_index_for_a_staged_check_is_exit_2()
    {
        using var repo = new GitSandbox();
        repo.Write(Server, "fn main() {}\n");
        repo.Commit("one");
        File.WriteAllBytes(Path.Combine(repo.Root, ".git", "index"), [.. "DIRC"u8, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
        var result = CliRunner.Process(repo.Root, "check", "--staged");
        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task A_reader_that_goes_away_ends_the_run_quietly_with_the_findings_exit_code()
    {
        using var tree = TreeWithOneStub();
        for (var i = 0; i < 400; i++) tree.Write($"chainfire/crates/chainfire-server/src/m{i}.rs", "fn f() {\n    todo!()\n}\n");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = tree.Root };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "uc-guards.dll"));
        info.ArgumentList.Add("check");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        // `| head -1`: one line read, then the pipe's reading end is closed.
        process.StandardOutput.ReadLine();
        process.StandardOutput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "uc-guards did not finish");
        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", await stderr);
    }
}
