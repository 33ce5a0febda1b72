using System.Diagnostics;
using UltraCloud.Guards.Cli;
using UltraCloud.Guards.Engine.Git;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Git;

/// <summary>
/// The repository's hooks for the pre-commit framework (.pre-commit-hooks.yaml) and the example
/// configuration, run by the real pre-commit (Debian's package; .ci/run installs it).
/// </summary>
[Trait("Category", "Slow")]
public sealed class PreCommitFrameworkTests : IDisposable
{
    private const string Violation = "chainfire/crates/chainfire-server/src/main.rs";
    private readonly TempFolder _scratch = new();
    private readonly string _hooksRepo;
    private readonly string _shims;

    public PreCommitFrameworkTests()
    {
        // The hook source: a git repository holding this repository's manifest, as `rev:` would fetch it.
        _hooksRepo = Path.Combine(_scratch.Root, "hooks-repo");
        using (var hooks = new GitSandbox())
        {
            hooks.Write(".pre-commit-hooks.yaml", File.ReadAllText(Path.Combine(Repo.Root, ".pre-commit-hooks.yaml")));
            hooks.Commit("hooks");
            CopyDirectory(hooks.Root, _hooksRepo);
        }
        // `uc-guards` on PATH, as the installed tool would be: this build of it.
        _shims = Path.Combine(_scratch.Root, "bin");
        Directory.CreateDirectory(_shims);
        var shim = Path.Combine(_shims, "uc-guards");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "uc-guards.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _scratch.Dispose();

    [PreCommitFact]
    public void The_manifest_and_the_example_configuration_are_valid()
    {
        var manifest = PreCommit(Repo.Root, "validate-manifest", Path.Combine(Repo.Root, ".pre-commit-hooks.yaml"));
        Assert.True(manifest.Code == 0, manifest.Output);
        var config = PreCommit(Repo.Root, "validate-config", Path.Combine(Repo.Root, "examples", "pre-commit", ".pre-commit-config.yaml"));
        Assert.True(config.Code == 0, config.Output);
    }

    [PreCommitFact]
    public void The_staged_hook_judges_what_a_commit_records_and_the_tree_hook_judges_the_whole_tree()
    {
        using var project = new GitSandbox();
        project.Write("README.md", "# a project\n").Commit("start");

        // A commit that stages a stub: the staged hook fails on it.
        project.Write(Violation, "fn main() {\n    todo!()\n}\n").Stage(Violation);
        var staged = PreCommit(project.Root, "try-repo", _hooksRepo, "uc-guards");
        Assert.True(staged.Code == 1, staged.Output);
        Assert.Contains($"{Violation}:2:5", staged.Output);
        Assert.Contains("UCG1001", staged.Output);

        // The stub committed and nothing staged: `--all-files` with the staged hook passes (it judges
        // only a change), the whole-tree hook fails on the tree.
        project.CommitStaged("stub");
        var stagedAll = PreCommit(project.Root, "try-repo", _hooksRepo, "uc-guards", "--all-files");
        Assert.True(stagedAll.Code == 0, stagedAll.Output);
        var tree = PreCommit(project.Root, "try-repo", _hooksRepo, "uc-guards-tree", "--all-files");
        Assert.True(tree.Code == 1, tree.Output);
        Assert.Contains($"{Violation}:2:5", tree.Output);

        // Fixed in the work tree: the whole-tree hook passes.
        project.Write(Violation, "fn main() {}\n");
        var fixedTree = PreCommit(project.Root, "try-repo", _hooksRepo, "uc-guards-tree", "--all-files");
        Assert.True(fixedTree.Code == 0, fixedTree.Output);
    }

    [PreCommitFact]
    public void Hook_install_refuses_the_hook_pre_commit_install_wrote_and_names_the_configuration_lines()
    {
        using var project = new GitSandbox();
        project.Write(".pre-commit-config.yaml", "repos: []\n").Commit("config");
        var installed = PreCommit(project.Root, "install");
        Assert.True(installed.Code == 0, installed.Output);
        var hook = Path.Combine(project.Root, ".git", "hooks", "pre-commit");
        var framework = File.ReadAllText(hook);

        var result = CliRunner.InProcess("hook", "install", project.Root, "--chain");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is the pre-commit framework's hook", result.Stderr);
        Assert.Contains(HookInstaller.PreCommitConfigLines, result.Stderr);
        Assert.Equal(framework, File.ReadAllText(hook));

        // The lines it gives make a configuration pre-commit accepts.
        File.WriteAllText(Path.Combine(project.Root, ".pre-commit-config.yaml"), "repos:\n" + HookInstaller.PreCommitConfigLines);
        var valid = PreCommit(project.Root, "validate-config", ".pre-commit-config.yaml");
        Assert.True(valid.Code == 0, valid.Output);
    }

    private (int Code, string Output) PreCommit(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("pre-commit")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PATH"] = _shims + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["PRE_COMMIT_HOME"] = Path.Combine(_scratch.Root, "pre-commit-home");
        start.Environment["PRE_COMMIT_COLOR"] = "never";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pre-commit {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}

/// <summary>A fact that needs the pre-commit framework: skipped, saying why, when it is not installed.</summary>
public sealed class PreCommitFactAttribute : FactAttribute
{
    public PreCommitFactAttribute()
    {
        if (!Installed) Skip = "pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it)";
    }

    private static bool Installed =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "pre-commit")));
}
