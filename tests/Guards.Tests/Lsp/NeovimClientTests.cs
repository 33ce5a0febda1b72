using System.Diagnostics;
using System.Text.Json.Nodes;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Lsp;

/// <summary>A real editor: Neovim's built-in LSP client, headless, configured by neovim-client.lua.</summary>
[Trait("Category", "Slow")]
public sealed class NeovimClientTests
{
    [ToolFact("nvim", "Neovim's built-in LSP client is the real editor these tests drive")]
    public void Neovim_shows_the_finding_follows_an_edit_hovers_and_applies_the_quick_fix()
    {
        using var folder = new TempFolder("ultracloud");
        foreach (var file in Directory.EnumerateFiles(Repo.SampleTree, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder.Root, Path.GetRelativePath(Repo.SampleTree, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var output = Path.Combine(Path.GetTempPath(), $"ucg-nvim-{Guid.NewGuid():N}.json");
        var script = Path.Combine(Repo.Root, "tests", "Guards.Tests", "Lsp", "neovim-client.lua");
        var info = new ProcessStartInfo(ToolFactAttribute.Find("nvim")!)
        {
            WorkingDirectory = folder.Root,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--headless", "--clean", "-c", $"luafile {script}" }) info.ArgumentList.Add(argument);
        info.Environment["UC_GUARDS_LSP_CMD"] = new JsonArray("dotnet", Path.Combine(AppContext.BaseDirectory, "uc-guards.dll"), "lsp").ToJsonString();
        info.Environment["UC_GUARDS_ROOT"] = folder.Root;
        info.Environment["UC_GUARDS_FILE"] = Path.Combine(folder.Root, "chainfire/crates/chainfire-server/src/main.rs");
        info.Environment["UC_GUARDS_OUT"] = output;
        info.Environment["HOME"] = folder.Root;
        info.Environment["XDG_STATE_HOME"] = Path.Combine(folder.Root, ".state");
        using (var nvim = Process.Start(info)!)
        {
            nvim.StandardInput.Close();
            var stdout = nvim.StandardOutput.ReadToEndAsync();
            var stderr = nvim.StandardError.ReadToEndAsync();
            if (!nvim.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                nvim.Kill(entireProcessTree: true);
                Assert.Fail($"nvim did not finish: {stdout.Result} {stderr.Result}");
            }
            Assert.True(File.Exists(output), $"nvim wrote no results: {stdout.Result} {stderr.Result}");
        }
        var results = JsonNode.Parse(File.ReadAllText(output))!;
        File.Delete(output);

        Assert.Equal("ok", (string?)results["status"]);
        Assert.Equal(["24:9 UCG1001 uc-guards"], Strings(results["opened"]));
        Assert.Equal(["25:9 UCG1001 uc-guards"], Strings(results["edited"]));
        Assert.Contains("UCG1001 stub-macro: ", (string?)results["hover"]);
        Assert.Equal("Allow UCG1001 here, with a reason", (string?)results["action"]);
        Assert.Equal(["25:12 UCG0002 uc-guards", "26:9 UCG1001 uc-guards"], Strings(results["fixed"]));
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToArray();
}
