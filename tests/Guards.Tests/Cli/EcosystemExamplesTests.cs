using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace UltraCloud.Guards.Tests.Cli;

/// <summary>The files under examples/ are well-formed and run the commands this tool has.</summary>
public class EcosystemExamplesTests
{
    private static string Example(string relative) => File.ReadAllText(Path.Combine(Repo.Root, "examples", relative));

    private static YamlMappingNode Yaml(string relative)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Example(relative)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode q => q.Children.SelectMany(Scalars),
        YamlMappingNode m => m.Children.SelectMany(kv => Scalars(kv.Key).Concat(Scalars(kv.Value))),
        _ => [],
    };

    [Fact]
    public void GitHub_workflow_checks_and_uploads_sarif_to_code_scanning()
    {
        var workflow = Yaml("github-actions/uc-guards.yml");
        var permissions = (YamlMappingNode)workflow["permissions"];
        Assert.Equal("write", ((YamlScalarNode)permissions["security-events"]).Value);
        var values = Scalars(workflow).ToList();
        var check = Assert.Single(values, v => v.StartsWith("uc-guards check", StringComparison.Ordinal));
        Assert.Contains("--format github", check);
        Assert.Contains("--report sarif=uc-guards.sarif", check);
        Assert.Contains(values, v => v.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal));
        Assert.Contains("uc-guards.sarif", values);
    }

    [Fact]
    public void Pre_commit_hook_checks_what_is_staged()
    {
        var config = Yaml("pre-commit/.pre-commit-config.yaml");
        var hook = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)config["repos"])[0])["hooks"])[0];
        Assert.Equal("uc-guards", ((YamlScalarNode)hook["id"]).Value);
        Assert.StartsWith("uc-guards check --staged", ((YamlScalarNode)hook["entry"]).Value);
        Assert.Equal("false", ((YamlScalarNode)hook["pass_filenames"]).Value);
    }

    [Fact]
    public void Nix_flake_check_parses_and_defines_supported_surface_guard()
    {
        var text = Example("nix/supported-surface-guard.nix");
        var parse = NixParser.Parse(SourceText.FromString("supported-surface-guard.nix", text), TimeSpan.FromSeconds(10));
        Assert.True(parse.Error is null, parse.Error is null ? "" : $"{parse.Error.Location}: {parse.Error.Message}");
        Assert.Contains("supported-surface-guard = pkgs.runCommand", text);
        Assert.Contains("uc-guards check \"$src\"", text);
    }
}
