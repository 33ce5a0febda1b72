using System.Security.Cryptography;
using System.Text.RegularExpressions;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// The read-only commands never write into the scanned tree, never run anything from it and never
/// reach the network; the writing commands write atomically and never over a file they did not
/// create unless forced.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SafetyTests
{
    /// <summary>Every file and folder under a root with its content hash, size and modification time.</summary>
    private static SortedDictionary<string, string> Snapshot(string root)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            if (entry is FileInfo file && file.LinkTarget is null)
            {
                using var stream = file.OpenRead();
                snapshot[relative] = $"{Convert.ToHexString(SHA256.HashData(stream))} {file.Length} {file.LastWriteTimeUtc.Ticks}";
            }
            else snapshot[relative] = $"{(entry is DirectoryInfo ? "dir" : "link")} {entry.LastWriteTimeUtc.Ticks}";
        }
        return snapshot;
    }

    /// <summary>A copy of the sample tree as a git repository of its own, with traps that fire if anything in it is run.</summary>
    private static TempFolder HostileCopyOfTheSample(out string marker)
    {
        var copy = new TempFolder("ultracloud");
        foreach (var file in Directory.EnumerateFiles(Repo.SampleTree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.SampleTree, file);
            copy.WriteBytes(relative, File.ReadAllBytes(file));
        }
        marker = Path.Combine(Path.GetDirectoryName(copy.Root)!, "something-ran");
        var touch = $"touch '{marker}'";
        copy.Git("init", "-q");
        copy.Git("add", "-A");
        copy.Git("commit", "-qm", "sample");
        // Git would run these (hooks, an fsmonitor, a clean filter); libgit2 must not.
        foreach (var hook in new[] { "pre-commit", "post-checkout", "post-index-change", "reference-transaction", "fsmonitor-watchman" })
        {
            copy.Write($".git/hooks/{hook}", $"#!/bin/sh\n{touch}\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(copy[$".git/hooks/{hook}"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        copy.Git("config", "core.fsmonitor", copy[".git/hooks/fsmonitor-watchman"]);
        copy.Git("config", "filter.trap.clean", touch);
        copy.Git("config", "filter.trap.smudge", touch);
        copy.Git("config", "filter.trap.process", touch);
        copy.Write(".gitattributes", "* filter=trap\n");
        // MSBuild would evaluate these; Nix would evaluate the flake.
        copy.Write("Directory.Build.props", $"<Project><Target Name=\"Trap\" BeforeTargets=\"Build;Restore\"><Exec Command=\"{touch}\" /></Target></Project>\n");
        copy.Write("trap/trap.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><Target Name=\"T\" BeforeTargets=\"Build\"><Exec Command=\"{touch}\" /></Target></Project>\n");
        copy.Write("trap/Trap.cs", "class Trap { void M() { throw new System.NotImplementedException(); } }\n");
        File.Delete(marker);
        return copy;
    }

    /// <summary>The read-only invocations of the commands the command line has; run each on the copy.</summary>
    private static IEnumerable<string[]> ReadOnlyInvocations(string root, string outside)
    {
        var commands = Engine().Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var format in new[] { "text", "json", "sarif", "junit", "github", "markdown" })
        {
            yield return ["check", root, "--format", format];
            yield return ["check", root, "--format", format, "--output", Path.Combine(outside, "report." + format)];
        }
        yield return ["check", root, "--jobs", "1", "--show-suppressed"];
        yield return ["check", Path.Combine(root, "chainfire")];
        yield return ["check", Path.Combine(root, "flake.nix")];
        if (commands.Contains("surface")) yield return ["surface", root];
        if (commands.Contains("surface")) yield return ["surface", root, "--format", "markdown"];
        if (commands.Contains("drift")) yield return ["drift", "--from", "HEAD", "--to", "HEAD", "-C", root];
        if (commands.Contains("drift")) yield return ["drift", "--from", "HEAD", "--format", "json", "-C", root, "--output", Path.Combine(outside, "drift.json")];
        if (commands.Contains("suppressions")) yield return ["suppressions", root];
        if (commands.Contains("suppressions")) yield return ["suppressions", root, "--format", "json", "--from", "HEAD", "--to", "HEAD"];
        if (commands.Contains("fix")) yield return ["fix", root, "--dry-run"];
        if (commands.Contains("rules")) yield return ["rules"];
        if (commands.Contains("explain")) yield return ["explain", "UCG1001"];
        if (commands.Contains("baseline")) yield return ["baseline", "--help"];
        if (commands.Contains("hook")) yield return ["hook", "--help"];
        if (commands.Contains("init")) yield return ["init", "--help"];
    }

    private static System.CommandLine.RootCommand Engine() => UltraCloud.Guards.Cli.GuardsCommandLine.Build();

    [Fact]
    public void Read_only_commands_change_nothing_in_the_scanned_tree_and_run_nothing_from_it()
    {
        using var copy = HostileCopyOfTheSample(out var marker);
        using var outside = new TempFolder("reports");
        var before = Snapshot(copy.Root);
        var cwd = Environment.CurrentDirectory;

        var ran = new List<string>();
        foreach (var args in ReadOnlyInvocations(copy.Root, outside.Root))
        {
            var run = Hostile.Within(60, () => Hostile.Cli(args));
            Assert.True(run.ExitCode is 0 or 1, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stderr}");
            Assert.DoesNotContain("internal error", run.Stderr);
            ran.Add($"{string.Join(' ', args.Take(1))} -> {run.ExitCode}");
        }

        Assert.Equal(before, Snapshot(copy.Root));
        Assert.False(File.Exists(marker), "a hook, filter, fsmonitor, MSBuild target or Nix expression of the scanned tree was run");
        Assert.Equal(cwd, Environment.CurrentDirectory);
        Assert.True(ran.Count >= 15, string.Join(", ", ran));
    }

    /// <summary>
    /// The audit behind "never runs anything and never reaches the network": the shipped code holds
    /// no process start, HTTP client, socket, libgit2 network call or MSBuild evaluation outside the
    /// few places allowed to (the `eval` command, which runs Nix only when asked).
    /// </summary>
    [Fact]
    public void The_shipped_code_starts_no_process_and_opens_no_connection_outside_the_allowed_places()
    {
        var forbidden = new Regex(@"\bProcess\.Start\b|new\s+ProcessStartInfo\b|\bHttpClient\b|\bWebClient\b|\bTcpClient\b|\bSocket\b|\bDns\.|Commands\.(Fetch|Pull)\b|\.Network\.(?!Remotes\b)|Repository\.Clone\b|ProjectCollection\b|\bMSBuildWorkspace\b|Microsoft\.Build\.Evaluation");
        var allowed = new[] { "Commands/EvalCommand.cs", "Eval/", "Solutions/SolutionWorkspace.cs" };
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            if (relative.Contains("/obj/") || relative.Contains("/bin/") || allowed.Any(a => relative.Contains(a, StringComparison.Ordinal))) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (code.StartsWith("//", StringComparison.Ordinal) || code.StartsWith("///", StringComparison.Ordinal)) continue;
                if (forbidden.IsMatch(code)) offenders.Add($"{relative}:{i + 1}: {code}");
            }
        }
        Assert.True(offenders.Count == 0, "process, network or MSBuild-evaluation use outside the allowed places:\n" + string.Join("\n", offenders));
    }
}
