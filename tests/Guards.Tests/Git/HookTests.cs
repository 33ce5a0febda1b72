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
    public void A_foreign_hook_is_never_clobbered_without_force_and_is_restored_on_uninstall()
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, ForeignHook);

        var refused = Cli("hook", "install", repo.Root);
        Assert.Equal(ExitCodes.Usage, refused.Code);
        Assert.Contains($"{hook} is a pre-commit hook uc-guards did not write; it was left unchanged.", refused.Err);
        Assert.Equal(ForeignHook, File.ReadAllText(hook));

        // uninstall leaves a foreign hook alone
        Assert.Equal((0, $"uc-guards: {hook} is not a hook uc-guards wrote; left it alone\n", ""), Cli("hook", "uninstall", repo.Root));
        Assert.Equal(ForeignHook, File.ReadAllText(hook));

        var forced = Cli("hook", "install", repo.Root, "--force");
        var backup = hook + HookInstaller.BackupSuffix;
        Assert.Equal((0, $"uc-guards: replaced the pre-commit hook at {hook}; the previous hook is kept as {backup}\n", ""), forced);
        Assert.Equal(ForeignHook, File.ReadAllText(backup));
        Assert.True(HookInstaller.IsOwnHook(hook));

        Assert.Equal((0, $"uc-guards: removed the pre-commit hook at {hook} and put back the hook it had replaced\n", ""), Cli("hook", "uninstall", repo.Root));
        Assert.Equal(ForeignHook, File.ReadAllText(hook));
        Assert.False(File.Exists(backup));
    }

    [Fact]
    public void An_older_hook_of_its_own_is_updated_in_place()
    {
        using var repo = new GitSandbox();
        var hook = Path.Combine(repo.Root, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, "#!/bin/sh\n" + HookInstaller.Marker + "\nexec uc-guards check --staged\n");

        var result = HookInstaller.Install(repo.Root, force: false);
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
            var result = HookInstaller.Install(repo.Root, force: false);
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
        var result = HookInstaller.Install(repo.Root, force: false);
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
