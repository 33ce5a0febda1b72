using LibGit2Sharp;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.IO;

namespace UltraCloud.Guards.Engine.Git;

public enum HookOutcome
{
    Installed,
    AlreadyInstalled,
    Updated,
    /// <summary>A hook the tool did not write was replaced (--force) and kept as a backup.</summary>
    ReplacedForeign,
    /// <summary>A hook the tool did not write is in place; nothing was changed.</summary>
    RefusedForeign,
    Removed,
    /// <summary>The tool's hook was removed and the hook it had replaced was put back.</summary>
    RemovedAndRestored,
    NotInstalled,
    /// <summary>uninstall found a hook the tool did not write and left it alone.</summary>
    ForeignLeftAlone,
}

public sealed record HookResult(HookOutcome Outcome, string HookPath, string? BackupPath)
{
    public bool Succeeded => Outcome is not HookOutcome.RefusedForeign;
}

/// <summary>
/// Installs and removes the pre-commit hook that runs <c>uc-guards check --staged</c>. The hooks
/// folder honours <c>core.hooksPath</c> (relative to the work tree, <c>~/</c> expanded) and is
/// otherwise the common git folder's <c>hooks/</c> (shared by linked work trees). The hook is
/// recognised by its marker line: a hook without it is never replaced unless forced (then kept as
/// <c>pre-commit.uc-guards-backup</c>) and never removed. Writes are atomic (temp file + rename).
/// </summary>
public static class HookInstaller
{
    public const string HookName = "pre-commit";
    public const string Marker = "# uc-guards-hook: pre-commit v1";
    public const string BackupSuffix = ".uc-guards-backup";

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>The pre-commit hook's path for the repository holding <paramref name="path"/>.</summary>
    public static string HookPath(string path)
    {
        var gitDir = GitDiscovery.Find(Path.GetFullPath(path))
            ?? throw new GitWorkflowException($"{Path.GetFullPath(path)} is not inside a git repository");
        using var repo = new Repository(gitDir);
        return Path.Combine(HooksDirectory(repo), HookName);
    }

    public static string HooksDirectory(Repository repo)
    {
        var configured = repo.Config.Get<string>("core.hooksPath")?.Value;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured == "~" || configured.StartsWith("~/", StringComparison.Ordinal))
                configured = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configured.Length > 2 ? configured[2..] : "");
            var baseDir = repo.Info.WorkingDirectory ?? repo.Info.Path;
            return Path.GetFullPath(Path.Combine(baseDir, configured));
        }
        return Path.Combine(CommonDirectory(repo), "hooks");
    }

    /// <summary>The git folder shared by all work trees (a linked work tree's folder names it in "commondir").</summary>
    private static string CommonDirectory(Repository repo)
    {
        var gitDir = repo.Info.Path;
        var file = Path.Combine(gitDir, "commondir");
        if (File.Exists(file))
        {
            var target = File.ReadAllText(file).Trim();
            if (target.Length > 0) return Path.GetFullPath(Path.Combine(gitDir, target));
        }
        return Path.GetFullPath(gitDir);
    }

    /// <summary>
    /// The hook script: uc-guards from PATH, else <paramref name="fallbackPath"/> (the absolute path of
    /// the uc-guards executable, or of uc-guards.dll run with dotnet) when it still exists.
    /// </summary>
    public static string Script(string? fallbackPath)
    {
        var fallback = "";
        if (fallbackPath is not null)
        {
            var quoted = "'" + fallbackPath.Replace("'", "'\\''") + "'";
            fallback = fallbackPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? $"if [ -f {quoted} ] && command -v dotnet >/dev/null 2>&1; then\n  exec dotnet {quoted} check --staged --quiet\nfi\n"
                : $"if [ -x {quoted} ]; then\n  exec {quoted} check --staged --quiet\nfi\n";
        }
        return "#!/bin/sh\n"
            + Marker + "\n"
            + "# Written by `uc-guards hook install`; `uc-guards hook uninstall` removes it.\n"
            + "# Checks what is staged, read from the git index. Skip once with `git commit --no-verify`.\n"
            + "if command -v uc-guards >/dev/null 2>&1; then\n"
            + "  exec uc-guards check --staged --quiet\n"
            + "fi\n"
            + fallback
            + "echo \"uc-guards: command not found; install it (dotnet tool install --global UltraCloud.Guards) or commit with --no-verify\" >&2\n"
            + "exit 1\n";
    }

    public static bool IsOwnHook(string hookPath)
    {
        try
        {
            if (!File.Exists(hookPath)) return false;
            using var reader = new StreamReader(hookPath);
            for (var i = 0; i < 5 && reader.ReadLine() is { } line; i++)
            {
                if (line.Trim() == Marker) return true;
            }
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static HookResult Install(string repositoryPath, bool force, string? fallbackPath = null)
    {
        var hookPath = HookPath(repositoryPath);
        var script = Script(fallbackPath);
        Directory.CreateDirectory(Path.GetDirectoryName(hookPath)!);
        if (Directory.Exists(hookPath)) throw new GitWorkflowException($"{hookPath} is a folder, not a hook");

        var exists = File.Exists(hookPath) || new FileInfo(hookPath).LinkTarget is not null;
        if (!exists)
        {
            AtomicFile.WriteAllText(hookPath, script, Executable);
            return new HookResult(HookOutcome.Installed, hookPath, null);
        }
        if (IsOwnHook(hookPath) && new FileInfo(hookPath).LinkTarget is null)
        {
            if (File.ReadAllText(hookPath) == script && IsExecutable(hookPath)) return new HookResult(HookOutcome.AlreadyInstalled, hookPath, null);
            AtomicFile.WriteAllText(hookPath, script, Executable);
            return new HookResult(HookOutcome.Updated, hookPath, null);
        }
        if (!force) return new HookResult(HookOutcome.RefusedForeign, hookPath, null);

        var backup = FreeBackupPath(hookPath);
        File.Move(hookPath, backup);
        AtomicFile.WriteAllText(hookPath, script, Executable);
        return new HookResult(HookOutcome.ReplacedForeign, hookPath, backup);
    }

    public static HookResult Uninstall(string repositoryPath)
    {
        var hookPath = HookPath(repositoryPath);
        var exists = File.Exists(hookPath) || new FileInfo(hookPath).LinkTarget is not null;
        if (!exists) return new HookResult(HookOutcome.NotInstalled, hookPath, null);
        if (!IsOwnHook(hookPath) || new FileInfo(hookPath).LinkTarget is not null) return new HookResult(HookOutcome.ForeignLeftAlone, hookPath, null);

        var backup = hookPath + BackupSuffix;
        if (File.Exists(backup) || new FileInfo(backup).LinkTarget is not null)
        {
            File.Move(backup, hookPath, overwrite: true);
            return new HookResult(HookOutcome.RemovedAndRestored, hookPath, backup);
        }
        File.Delete(hookPath);
        return new HookResult(HookOutcome.Removed, hookPath, null);
    }

    private static string FreeBackupPath(string hookPath)
    {
        var candidate = hookPath + BackupSuffix;
        for (var i = 1; File.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null; i++)
            candidate = $"{hookPath}{BackupSuffix}.{i}";
        return candidate;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
