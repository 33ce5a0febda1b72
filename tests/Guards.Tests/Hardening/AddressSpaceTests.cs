using System.Diagnostics;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Under an address-space limit (<c>ulimit -v</c>, <c>prlimit --as</c>, a container) the .NET
/// runtime reserves about half of the limit for its heap before the first line runs, so the large
/// stack the Nix reader asks for may not be reservable: the reader then works on a smaller one and
/// refuses deep evaluation sooner, as a located unknown, never an internal error or a stack overflow.
/// </summary>
public sealed class AddressSpaceTests
{
    [Fact]
    public void The_stack_sizes_tried_halve_down_to_the_minimum()
    {
        Assert.Equal([256 << 20, 128 << 20, 64 << 20, 32 << 20, 16 << 20, 8 << 20, 4 << 20], BigStack.StackSizes(256 << 20));
        Assert.Equal([1 << 20], BigStack.StackSizes(1 << 20));
    }

    [Theory]
    [InlineData("lib.foldr builtins.add 0 (lib.range 1 200000)", "nested too deeply")]
    [InlineData("let l = builtins.foldl' (acc: x: [ acc ]) [ ] (lib.range 1 200000); in if l == l then 1 else 0", "`l == l` is not known")]
    [InlineData("let l = builtins.foldl' (acc: x: [ acc ]) [ ] (lib.range 1 200000); in builtins.stringLength (builtins.toJSON l)", "not known")]
    [InlineData("let s = builtins.foldl' (acc: x: { a = acc; }) { } (lib.range 1 200000); in if s == s then 1 else 0", "`s == s` is not known")]
    public void Deep_evaluation_on_a_small_stack_is_refused_as_too_deep_never_a_stack_overflow(string expression, string reason)
    {
        var tree = new InMemoryTree().Add("flake.nix",
            "{ outputs = { self, nixpkgs }: let lib = nixpkgs.lib; v = " + expression + "; in { packages.x86_64-linux = { value = v; }"
            + " // (if builtins.isInt v then { decided = true; } else { }); }; }\n");
        var workspace = new NixWorkspace(tree, tree.Enumerate().Select(e => e.Path), TimeSpan.FromSeconds(10)) { QuestionStackSize = 256 << 10 };

        var lookup = Hostile.Within(60, () => workspace.Flake("").Lookup("packages.x86_64-linux.decided"));

        Assert.True(lookup.Status == LookupStatus.Unknown, $"{lookup.Status}: {lookup.Reason}");
        Assert.Contains(reason, lookup.Reason, StringComparison.Ordinal);
        Assert.Equal("flake.nix", lookup.Location!.Path);
    }

    [Fact]
    public void Shallow_evaluation_on_a_small_stack_is_decided()
    {
        var tree = new InMemoryTree().Add("flake.nix",
            "{ outputs = { self, nixpkgs }: let lib = nixpkgs.lib; in { packages.x86_64-linux.a = lib.foldr builtins.add 0 (lib.range 1 50); }; }\n");
        var workspace = new NixWorkspace(tree, tree.Enumerate().Select(e => e.Path), TimeSpan.FromSeconds(10)) { QuestionStackSize = 256 << 10 };

        Assert.Equal(LookupStatus.Found, workspace.Flake("").Lookup("packages.x86_64-linux.a").Status);
    }

    [ToolFact("prlimit", "runs the tool under an address-space limit")]
    [Trait("Category", "Slow")]
    public void The_sample_checked_under_a_4_GB_address_space_limit_gives_the_findings_of_an_unlimited_run()
    {
        var unlimited = Check(null);
        var limited = Check("--as=4000000000");

        Assert.Equal(1, unlimited.ExitCode);
        Assert.True(limited.ExitCode == 1, $"exit {limited.ExitCode}: {limited.Stderr}");
        Assert.Equal(Findings(unlimited.Stdout), Findings(limited.Stdout));
    }

    [ToolFact("prlimit", "runs the tool under an address-space limit")]
    [Trait("Category", "Slow")]
    public void A_tree_whose_parses_take_native_memory_checked_under_a_4_GB_address_space_limit_ends_with_its_findings()
    {
        // Tree-sitter's allocations and the Nix reader's stack compete for what the runtime leaves
        // of the limit; a native allocation that fails aborts the process (exit 134). Run a few
        // times: the competition depends on timing.
        using var tree = new TempFolder();
        CopyTree(Repo.SampleTree, tree.Root);
        tree.Write("uc-guards.yaml", File.ReadAllText(Path.Combine(Repo.SampleTree, "uc-guards.yaml")) + "max-file-size: 8MiB\n");
        tree.Write("fiberlb/crates/fiberlb-server/src/closures.rs", "fn f() { let x = " + string.Concat(Enumerable.Repeat("|x| ", 100_000)) + "todo!(); }\n");
        tree.Write("docs/wide.md", "| " + string.Join(" | ", Enumerable.Repeat("h", 2000)) + " |\n|" + string.Concat(Enumerable.Repeat("---|", 2000)) + "\n"
            + string.Concat(Enumerable.Repeat("| " + string.Join(" | ", Enumerable.Repeat("TODO", 2000)) + " |\n", 30)));

        for (var run = 0; run < 3; run++)
        {
            var limited = Check("--as=4000000000", tree.Root);
            Assert.True(limited.ExitCode == 1, $"run {run}: exit {limited.ExitCode}: {limited.Stderr}");
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static CliResult Check(string? addressSpace, string? root = null)
    {
        var info = new ProcessStartInfo("prlimit") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (addressSpace is not null) info.ArgumentList.Add(addressSpace);
        foreach (var arg in (string[])["--", "dotnet", Path.Combine(AppContext.BaseDirectory, "uc-guards.dll"), "check", root ?? Repo.SampleTree, "--format", "json"])
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("uc-guards did not finish within two minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string[] Findings(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetRawText()).ToArray();
    }
}
