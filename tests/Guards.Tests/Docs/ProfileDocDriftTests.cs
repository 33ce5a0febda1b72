using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Rules.Docs;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Tests.Docs;

public class ProfileDocDriftTests
{
    private const string Rule = "UCG2004";
    private static readonly GuardsPolicy s_policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);

    /// <summary>The canonical-profile table written from the policy's data, as a docs writer would.</summary>
    internal static string CleanTable()
    {
        var columns = ProfileData.TableColumns(s_policy);
        var lines = new List<string>
        {
            $"| {string.Join(" | ", columns.All)} |",
            "| --- | --- | --- | --- |",
        };
        foreach (var profile in ProfileData.Profiles(s_policy))
        {
            var entrypoints = profile.Entrypoints.Select(e => (e.Label.Length > 0 ? e.Label + " " : "") + $"`{e.Entrypoint.Display}`");
            lines.Add($"| `{profile.Name}` | {string.Join(", ", entrypoints)} | {string.Join(", ", profile.Required.Select(c => c.Display))} | {string.Join(", ", profile.Optional.Select(c => c.Display))} |");
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Doc(string table) => "# Testing\n\n## Canonical Profiles\n\n" + table + "\nMore text.\n";

    private static (int Line, int Column) At(string text, string needle, int occurrence = 0)
    {
        var index = -1;
        for (var i = 0; i <= occurrence; i++) index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not in the fixture");
        var source = SourceText.FromString("x.md", text);
        return source.PositionOfChar(index);
    }

    private static List<(string Rule, string Path, int Line, int Column)> Scan(string doc)
    {
        using var tree = DocsTree.Create();
        tree.Write("docs/testing.md", doc);
        return tree.Only(Rule);
    }

    [Fact]
    public void The_table_written_from_rules_is_clean()
    {
        Assert.Empty(Scan(Doc(CleanTable())));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_renamed_entrypoint_is_one_finding_at_its_text(string nl)
    {
        // A label before the first entrypoint (one finding) puts multi-byte chars before the renamed one.
        var doc = Doc(CleanTable().Replace("`nix run .#single-node-trial`", "`nix run .#single-node-tryout`")
            .Replace("`single-node dev` | `nix run", "`single-node dev` | ⚙️ 🚀 `nix run")).Replace("\n", nl);
        using var tree = DocsTree.Create();
        tree.Write("docs/testing.md", doc);
        var findings = tree.Raw(Rule);
        Assert.Equal([At(doc, "`nix run .#single-node-quickstart`"), At(doc, "`nix run .#single-node-tryout`")],
            findings.Select(f => (f.Span.StartLine, f.Span.StartColumn)));
        Assert.Contains("is labelled \"⚙️ 🚀\" here but (nothing) in rules/", findings[0].Message);
        Assert.Contains("is `nix run .#single-node-trial` in rules/ (renamed)", findings[1].Message);
    }

    [Fact]
    public void A_dropped_component_is_one_finding_at_its_cell()
    {
        var doc = Doc(CleanTable().Replace("`iam`, `plasmavmc`, `prismnet`", "`iam`, `plasmavmc`"));
        var cell = At(doc, "`chainfire`, `flaredb`, `iam`, `plasmavmc` |");
        using var tree = DocsTree.Create();
        tree.Write("docs/testing.md", doc);
        var finding = Assert.Single(tree.Raw(Rule));
        Assert.Equal(cell, (finding.Span.StartLine, finding.Span.StartColumn));
        Assert.Contains("required component `prismnet` of profile `single-node dev` in rules/ is missing from the table (dropped)", finding.Message);
    }

    [Fact]
    public void An_extra_profile_is_one_finding_at_its_name()
    {
        var doc = Doc(CleanTable() .TrimEnd('\n') + "\n| `edge gateway` | `nixosConfigurations.edge01` | `apigateway` | `fiberlb` |\n");
        Assert.Equal([(Rule, "docs/testing.md", At(doc, "`edge gateway`").Line, At(doc, "`edge gateway`").Column)], Scan(doc));
    }

    [Fact]
    public void A_dropped_profile_is_reported_at_the_profile_header()
    {
        var table = string.Join("\n", CleanTable().Split('\n').Where(l => !l.Contains("`bare-metal bootstrap`")));
        var doc = Doc(table);
        Assert.Equal([(Rule, "docs/testing.md", At(doc, "| Profile").Line, At(doc, "| Profile").Column + 2)], Scan(doc));
    }

    [Fact]
    public void A_renamed_profile_keeps_its_row_compared()
    {
        var doc = Doc(CleanTable().Replace("`3-node HA control plane`", "`three-node HA`").Replace("`nixosConfigurations.node03`, ", ""));
        using var tree = DocsTree.Create();
        tree.Write("docs/testing.md", doc);
        var findings = tree.Raw(Rule);
        Assert.Equal(2, findings.Count);
        Assert.Equal(At(doc, "`three-node HA`"), (findings[0].Span.StartLine, findings[0].Span.StartColumn));
        Assert.Contains("profile `three-node HA` is `3-node HA control plane` in rules/ (renamed)", findings[0].Message);
        Assert.Contains("entrypoint `nixosConfigurations.node03` of profile `3-node HA control plane` in rules/ is missing", findings[1].Message);
    }

    [Fact]
    public void Qualifiers_and_labels_are_compared()
    {
        var doc = Doc(CleanTable()
            .Replace("`nix-agent` on every control-plane node", "`nix-agent` on the bootstrap node")
            .Replace("companion install image `nixosConfigurations.netboot-control-plane`", "`nixosConfigurations.netboot-control-plane`"));
        Assert.Equal(
            [(Rule, "docs/testing.md", At(doc, "`nixosConfigurations.netboot-control-plane`").Line, At(doc, "`nixosConfigurations.netboot-control-plane`").Column),
             (Rule, "docs/testing.md", At(doc, "`nix-agent` on the").Line, At(doc, "`nix-agent` on the").Column)],
            Scan(doc));
    }

    [Fact]
    public void Entrypoints_compare_normalised()
    {
        var doc = Doc(CleanTable()
            .Replace("`checks.x86_64-linux.baremetal-iso-e2e`", "`nix build .#checks.x86_64-linux.baremetal-iso-e2e`")
            .Replace("`nixosConfigurations.node01`", "`nix build .#nixosConfigurations.node01.config.system.build.toplevel`")
            .Replace("`nix run ./nix/test-cluster#cluster -- baremetal-iso`", "`nix run ./nix/test-cluster/#cluster --  baremetal-iso`"));
        Assert.Empty(Scan(doc));
    }

    [Fact]
    public void A_doc_without_a_table_is_reported_where_the_table_is_expected()
    {
        Assert.Equal([(Rule, "docs/testing.md", 1, 1)], Scan("# Testing\n\nNo table here.\n"));
    }

    [Fact]
    public void The_profiles_are_data_a_repository_can_replace()
    {
        using var tree = DocsTree.Create();
        tree.Write("uc-guards.yaml", string.Join("\n",
            "profiles:",
            "  - name: edge",
            "    entrypoints:",
            "      - run: \".#edge-smoke\"",
            "      - attr: nixosConfigurations.edge01",
            "        label: companion image",
            "    required: [apigateway, {component: fiberlb, on: all, qualifier: on every edge node}]",
            "    optional: [{text: anything else}]",
            ""));
        tree.Write("docs/testing.md", string.Join("\n",
            "| Optional components | Profile | Canonical entrypoints | Required components |",
            "| --- | --- | --- | --- |",
            "| anything else | edge | `nix run .#edge-smoke`, companion image `nixosConfigurations.edge01` | `apigateway`, `fiberlb` on every edge node |",
            ""));
        Assert.Empty(tree.Only(Rule));
    }

    [Fact]
    public void Malformed_profile_data_is_a_configuration_error()
    {
        using var tree = DocsTree.Create();
        tree.Write("uc-guards.yaml", "profiles:\n  - name: edge\n    entrypoints:\n      - shell: \".#x\"\n");
        tree.Write("docs/testing.md", "# Testing\n");
        var error = Assert.Throws<PolicyException>(() => tree.Scan(Rule));
        Assert.Contains("shell", error.Message);
    }

    [Fact]
    public void Entrypoint_normalisation()
    {
        Assert.Equal(".#apps.x", Entrypoint.Parse("nix run .#x")!.Key);
        Assert.Equal(".#apps.x", Entrypoint.Parse("nix run .#packages.x86_64-linux.x")!.Key);
        Assert.Equal(".#packages.x", Entrypoint.Parse("nix build .#x")!.Key);
        Assert.Equal(".#nixosConfigurations.y", Entrypoint.Parse("nixosConfigurations.y")!.Key);
        Assert.Equal(".#checks.z", Entrypoint.Parse("checks.x86_64-linux.z")!.Key);
        Assert.Equal(".#checks.z", Entrypoint.Parse("nix build .#checks.x86_64-linux.z")!.Key);
        Assert.Equal("./nix/test-cluster#apps.cluster -- baremetal-iso", Entrypoint.Parse("nix run ./nix/test-cluster#cluster -- baremetal-iso")!.Key);
        Assert.Equal(".#apps.x", Entrypoint.Parse(".#x", "run")!.Key);
    }

    [SeedFact]
    public void The_seed_table_parses_into_exactly_the_profiles_of_rules()
    {
        var document = MarkdownSyntax.Parse(SourceText.FromBytes("docs/testing.md", File.ReadAllBytes(SeedDocument.Path!)));
        var table = Assert.Single(ProfileTable.Find(document, ProfileData.TableColumns(s_policy)));
        var profiles = ProfileData.Profiles(s_policy);
        Assert.Equal(profiles.Select(p => p.Name), table.Rows.Select(r => r.Name));
        foreach (var (row, profile) in table.Rows.Zip(profiles))
        {
            Assert.Equal(profile.Entrypoints.Select(e => (e.Entrypoint.Key, e.Label)), row.Entrypoints.Select(e => (e.Value.Key, e.Label)));
            Assert.Equal(profile.Required.Select(c => (c.Key, c.Qualifier)), row.Required.Select(c => (c.Value.Key, c.Value.Qualifier)));
            Assert.Equal(profile.Optional.Select(c => (c.Key, c.Qualifier)), row.Optional.Select(c => (c.Value.Key, c.Value.Qualifier)));
        }
    }

    [SeedFact]
    public void The_seed_document_passes_every_docs_rule()
    {
        using var tree = DocsTree.Create();
        tree.WriteBytes("docs/testing.md", File.ReadAllBytes(SeedDocument.Path!));
        Assert.Empty(tree.Only("UCG1004", "UCG2004", "UCG2005", "UCG1005"));
    }
}
