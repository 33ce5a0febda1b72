using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Git;

public class HookTests
{
    private const string ForeignHook = "#!/bin/sh\n# the team's own checks\nexec make lint\n";

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = GuardsCommandLine.Run(args, stdout, stderr);
        return (code, stdout.ToString().Replace("\r\n", "\n"), stderr.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void Install_writes_an_executable_hook_and_is_idempotent()
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");

        var first = Cli("hook", "install", repo.Root);
        Assert.Equal((0, $"uc-guards: installed the pre-commit hook at {hook}\n", ""), first);
        var script = File.ReadAllText(hook);
        Assert.StartsWith("#!/bin/sh\n" + HookInstaller.Marker + "\n", script);
        Assert.Contains("exec uc-guards check --staged --quiet\n", script);
        Assert.True(OperatingSystem.IsWindows() || (File.GetUnixFileMode(hook) & UnixFileMode.UserExecute) != 0);
        var written = File.GetLastWriteTimeUtc(hook);

        var second = Cli("hook", "install", repo.Root);
        Assert.Equal((0, $"uc-guards: the pre-commit hook at {hook} is already installed\n", ""), second);
        Assert.Equal(script, File.ReadAllText(hook));
        Assert.Equal(written, File.GetLastWriteTimeUtc(hook));
        Assert.Equal([hook], Directory.EnumerateFiles(Path.GetDirectoryName(hook)!).Where(f => !f.EndsWith(".sample", StringComparison.Ordinal)));

        Assert.Equal((0, $"uc-guards: removed the pre-commit hook at {hook}\n", ""), Cli("hook", "uninstall", repo.Root));
        Assert.False(File.Exists(hook));
        Assert.Equal((0, $"uc-guards: no pre-commit hook at {hook}; nothing to remove\n", ""), Cli("hook", "uninstall", repo.Root));
    }

    [Fact]
    public void A_foreign_hook_is_left_unchanged_with_the_line_to_add_and_uninstall_leaves_it_alone()
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, ForeignHook);

        var refused = Cli("hook", "install", repo.Root);
        Assert.Equal(ExitCodes.Usage, refused.Code);
        Assert.Equal("", refused.Out);
        Assert.Equal(
            $"uc-guards: error: {hook} is a pre-commit hook uc-guards did not write; it was left unchanged.\n" +
            "  Add this line to it, where a failure should stop the commit:\n" +
            "    uc-guards check --staged --quiet || exit $?\n" +
            "  or run `uc-guards hook install --chain` to keep it and run uc-guards after it.\n",
            refused.Err);
        Assert.Equal(ForeignHook, File.ReadAllText(hook));
        Assert.Equal([hook], HookFiles(hook));

        Assert.Equal((0, $"uc-guards: {hook} is not a hook uc-guards wrote; left it alone\n", ""), Cli("hook", "uninstall", repo.Root));
        Assert.Equal(ForeignHook, File.ReadAllText(hook));
    }

    [Theory]
    [InlineData("--chain")]
    [InlineData("--force")]
    public void Chain_keeps_a_foreign_hook_running_first_and_uninstall_puts_it_back(string option)
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        var chained = hook + HookInstaller.ChainedSuffix;
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, ForeignHook);

        var installed = Cli("hook", "install", repo.Root, option);
        Assert.Equal((0, $"uc-guards: installed the pre-commit hook at {hook}; the hook that was there is kept as {chained} and runs first\n", ""), installed);
        Assert.Equal(ForeignHook, File.ReadAllText(chained));
        var script = File.ReadAllText(hook);
        Assert.StartsWith("#!/bin/sh\n" + HookInstaller.Marker + "\n", script);
        Assert.Contains("chained=\"$(dirname \"$0\")/pre-commit.uc-guards-chained\"\nif [ -x \"$chained\" ]; then\n  \"$chained\" \"$@\" || exit $?\nfi\nif command -v uc-guards", script);

        // Installing again, with or without the option, keeps the chain.
        Assert.Equal((0, $"uc-guards: the pre-commit hook at {hook} is already installed\n", ""), Cli("hook", "install", repo.Root));
        Assert.Equal(ForeignHook, File.ReadAllText(chained));

        Assert.Equal((0, $"uc-guards: removed the pre-commit hook at {hook} and put back the hook it had kept ({chained})\n", ""), Cli("hook", "uninstall", repo.Root));
        Assert.Equal(ForeignHook, File.ReadAllText(hook));
        Assert.Equal([hook], HookFiles(hook));
    }

    [Fact]
    public void The_chained_hook_runs_first_with_the_same_arguments_and_its_failure_stops_the_commit()
    {
        if (!File.Exists("/bin/sh")) return;
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        var ran = Path.Combine(repo.Root, "chained-ran");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, $"#!/bin/sh\necho \"$@\" > '{ran}'\nexit \"${{CHAINED_EXIT:-0}}\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(HookOutcome.Chained, HookInstaller.Install(repo.Root, chain: true).Outcome);

        // The chained hook succeeds: uc-guards runs next (here: not on PATH, so the hook says so and fails).
        var passed = RunHook(hook, repo.Root, ("CHAINED_EXIT", "0"), "first", "second");
        Assert.Equal(1, passed.Code);
        Assert.Equal("first second\n", File.ReadAllText(ran));
        Assert.Contains("uc-guards: command not found", passed.Err);

        // The chained hook fails: its exit code stops the commit before uc-guards.
        File.Delete(ran);
        var failed = RunHook(hook, repo.Root, ("CHAINED_EXIT", "7"));
        Assert.Equal(7, failed.Code);
        Assert.True(File.Exists(ran));
        Assert.DoesNotContain("uc-guards", failed.Err);
    }

    [Fact]
    public void The_pre_commit_frameworks_hook_is_never_touched_and_the_configuration_lines_are_given()
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        // What the framework's template begins with (a hook written by `pre-commit install`).
        var framework = "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n# ID: 138fd403232d2ddd5efb44317e38bf03\nexec pre-commit hook-impl --hook-type=pre-commit -- \"$@\"\n";
        File.WriteAllText(hook, framework);

        foreach (var args in new[] { new[] { "hook", "install", repo.Root }, ["hook", "install", repo.Root, "--chain"] })
        {
            var refused = Cli(args);
            Assert.Equal(ExitCodes.Usage, refused.Code);
            Assert.Equal(
                $"uc-guards: error: {hook} is the pre-commit framework's hook (pre-commit.com); it was left unchanged.\n" +
                "  Add these lines to the repos: list of .pre-commit-config.yaml (then `pre-commit install` is all it takes):\n" +
                "  - repo: local\n" +
                "    hooks:\n" +
                "      - id: uc-guards\n" +
                "        name: uc-guards (staged changes)\n" +
                "        entry: uc-guards check --staged --quiet\n" +
                "        language: system\n" +
                "        pass_filenames: false\n" +
                "        always_run: true\n" +
                "        require_serial: true\n",
                refused.Err);
            Assert.Equal(framework, File.ReadAllText(hook));
            Assert.Equal([hook], HookFiles(hook));
        }
    }

    [Fact]
    public void A_hook_replaced_by_an_earlier_version_is_still_put_back_on_uninstall()
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, HookInstaller.Script(null));
        File.WriteAllText(hook + HookInstaller.BackupSuffix, ForeignHook);

        Assert.Equal(HookOutcome.RemovedAndRestored, HookInstaller.Uninstall(repo.Root).Outcome);
        Assert.Equal(ForeignHook, File.ReadAllText(hook));
        Assert.Equal([hook], HookFiles(hook));
    }

    private static string[] HookFiles(string hook) =>
        Directory.EnumerateFiles(Path.GetDirectoryName(hook)!).Where(f => !f.EndsWith(".sample", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    private static (int Code, string Err) RunHook(string hook, string workingDirectory, (string Name, string Value) variable, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh", [hook, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment[variable.Name] = variable.Value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, err);
    }

    [Fact]
    public void An_older_hook_of_its_own_is_updated_in_place()
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, "#!/bin/sh\n" + HookInstaller.Marker + "\nexec uc-guards check --staged\n");

        var result = HookInstaller.Install(repo.Root, chain: false);
        Assert.Equal(HookOutcome.Updated, result.Outcome);
        Assert.Equal(HookInstaller.Script(null), File.ReadAllText(hook));
        Assert.False(File.Exists(hook + HookInstaller.BackupSuffix));
    }

    [Fact]
    public void Install_honours_core_hooksPath()
    {
        using var repo = new GitSandbox();
        repo.Repo.Config.Set("core.hooksPath", "tools/git-hooks");
        var hook = Path.Combine(repo.Root, "tools", "git-hooks", "pre-commit");

        Assert.Equal((0, $"uc-guards: installed the pre-commit hook at {hook}\n", ""), Cli("hook", "install", repo.Root));
        Assert.True(HookInstaller.IsOwnHook(hook));
        Assert.False(File.Exists(Path.Combine(repo.Root, ".git", "hooks", "pre-commit")));

        // A subfolder of the work tree finds the same hooks folder.
        Directory.CreateDirectory(Path.Combine(repo.Root, "docs"));
        Assert.Equal(hook, HookInstaller.HookPath(Path.Combine(repo.Root, "docs")));
    }

    [Fact]
    public void An_absolute_hooksPath_with_a_foreign_hook_is_respected()
    {
        using var repo = new GitSandbox();
        var shared = Path.Combine(repo.Root, "..", Path.GetFileName(repo.Root) + "-shared-hooks");
        try
        {
            Directory.CreateDirectory(shared);
            File.WriteAllText(Path.Combine(shared, "pre-commit"), ForeignHook);
            repo.Repo.Config.Set("core.hooksPath", Path.GetFullPath(shared));
            var result = HookInstaller.Install(repo.Root, chain: false);
            Assert.Equal(HookOutcome.RefusedForeign, result.Outcome);
            Assert.Equal(Path.Combine(Path.GetFullPath(shared), "pre-commit"), result.HookPath);
            Assert.Equal(ForeignHook, File.ReadAllText(result.HookPath));
        }
        finally
        {
            Directory.Delete(shared, true);
        }
    }

    [Fact]
    public void The_script_falls_back_to_the_installing_executable()
    {
        var script = HookInstaller.Script("/opt/uc guards/uc-guards");
        Assert.Contains("if [ -x '/opt/uc guards/uc-guards' ]; then\n  exec '/opt/uc guards/uc-guards' check --staged --quiet\nfi\n", script);
        var dll = HookInstaller.Script("/opt/tool/uc-guards.dll");
        Assert.Contains("exec dotnet '/opt/tool/uc-guards.dll' check --staged --quiet", dll);
        Assert.Contains("'it'\\''s'", HookInstaller.Script("it's"));
    }

    [ToolFact("/bin/sh", "the hook is a POSIX shell script")]
    public void The_hook_runs_under_sh_and_reports_a_missing_command()
    {
        using var repo = new GitSandbox();
        var result = HookInstaller.Install(repo.Root, chain: false);
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh", [result.HookPath])
        {
            WorkingDirectory = repo.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["PATH"] = "/nonexistent";
        using var process = System.Diagnostics.Process.Start(start)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("uc-guards: command not found", err);
    }
}
