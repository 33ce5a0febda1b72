using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Tests.Docs;

public class CanonicalMentionTests
{
    private const string Legacy = "UCG2005";
    private const string Archived = "UCG1005";

    private static (int Line, int Column) At(string text, string needle, int occurrence = 0)
    {
        var index = -1;
        for (var i = 0; i <= occurrence; i++) index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not in the fixture");
        return SourceText.FromString("x.md", text).PositionOfChar(index);
    }

    private static List<(string Rule, string Path, int Line, int Column)> Scan(string doc, params string[] rules)
    {
        using var tree = DocsTree.Create();
        tree.Write("docs/guide.md", doc);
        return tree.Only(rules[0], rules[1..]);
    }

    private static (string, string, int, int) F(string rule, (int Line, int Column) at) => (rule, "docs/guide.md", at.Line, at.Column);

    [Fact]
    public void A_legacy_path_under_a_publishable_heading_fires_at_the_path()
    {
        var doc = string.Join("\n",
            "# Testing",
            "",
            "## Publishable Checks",
            "",
            "```bash",
            "nix run .#single-node-quickstart",
            "./baremetal/vm-cluster/launch-node.sh node01",
            "nix develop ./nix/test-cluster -c ./nix/test-cluster/run-cluster.sh fresh-smoke",
            "```",
            "",
            "Then run `nix develop   ./nix/test-cluster` again.",
            "");
        Assert.Equal(
            [F(Legacy, At(doc, "baremetal/vm-cluster")), F(Legacy, At(doc, "nix develop ./nix")), F(Legacy, At(doc, "nix develop   ./nix"))],
            Scan(doc, Legacy));
    }

    [Fact]
    public void The_same_paths_in_a_legacy_section_or_sentence_are_allowed()
    {
        var doc = string.Join("\n",
            "# Testing",
            "",
            "## Quickstart",
            "",
            "The `baremetal/vm-cluster` scripts remain a legacy/manual path. Use the quickstart instead.",
            "",
            "For debugging only, the harness shell still works:",
            "",
            "```bash",
            "nix develop ./nix/test-cluster -c ./nix/test-cluster/run-cluster.sh status",
            "```",
            "",
            "```bash",
            "./baremetal/vm-cluster/launch-node.sh node01   # legacy, manual bring-up",
            "```",
            "",
            "## Legacy And Experimental Paths",
            "",
            "- `baremetal/vm-cluster` manual launch scripts",
            "",
            "```bash",
            "nix develop ./nix/test-cluster -c ./nix/test-cluster/run-cluster.sh",
            "```",
            "",
            "## Operational Commands",
            "",
            "```bash",
            "./nix/test-cluster/run-cluster.sh status",
            "```",
            "");
        Assert.Empty(Scan(doc, Legacy));
    }

    [Fact]
    public void The_innermost_deciding_heading_wins()
    {
        var doc = string.Join("\n",
            "# Legacy notes",
            "",
            "## Canonical replacement",
            "",
            "Run `baremetal/vm-cluster/launch.sh`.",
            "",
            "### Cluster bring-up",
            "",
            "Run `baremetal/vm-cluster/launch.sh` here too.",
            "");
        Assert.Equal([F(Legacy, At(doc, "baremetal/vm-cluster")), F(Legacy, At(doc, "baremetal/vm-cluster", 1))], Scan(doc, Legacy));
    }

    [Fact]
    public void An_archived_helper_in_the_canonical_table_fires_and_the_same_names_in_an_archived_section_do_not()
    {
        var table = ProfileDocDriftTests.CleanTable()
            .Replace("`nixosConfigurations.node03`", "`nixosConfigurations.node03`, `nixosConfigurations.netboot-worker`")
            .Replace("| `fleet-scheduler`, `node-agent`, `prismnet`", "| `fleet-scheduler`, `k8shost-cni`, `node-agent`, `prismnet`");
        var doc = string.Join("\n",
            "# Testing",
            "",
            "## Profiles",
            "",
            table,
            "## Archived Helpers",
            "",
            "`netboot-worker`, `k8shost-cni`, Firecracker and mvisor stay out of the product:",
            "",
            "```bash",
            "nix build .#nixosConfigurations.netboot-worker.config.system.build.toplevel",
            "```",
            "");
        Assert.Equal([F(Archived, At(doc, "netboot-worker")), F(Archived, At(doc, "k8shost-cni"))], Scan(doc, Archived));
    }

    [Fact]
    public void Archived_helpers_in_canonical_commands_fire_by_name_and_alias_as_whole_words()
    {
        var doc = string.Join("\n",
            "# Testing",
            "",
            "## Regression Guards",
            "",
            "```bash",
            "nix build .#checks.x86_64-linux.plasmavmc-firecracker-smoke",
            "nix build .#packages.x86_64-linux.plasmavmc-firecracker",
            "nix build .#packages.x86_64-linux.netboot-worker-2",
            "nix build .#packages.x86_64-linux.netboot-workers",
            "```",
            "",
            "The quickstart also boots Firecracker microVMs.",
            "",
            "The guard fails if archived helpers such as `netboot-worker` or `mvisor` come back.",
            "");
        Assert.Equal(
            [F(Archived, At(doc, "plasmavmc-firecracker-smoke")), F(Archived, At(doc, "plasmavmc-firecracker\n")),
             F(Archived, At(doc, "netboot-worker-2")), F(Archived, At(doc, "Firecracker microVMs"))],
            Scan(doc, Archived));
    }

    [Fact]
    public void A_companion_image_listed_as_another_profile_is_a_standalone_image()
    {
        var table = ProfileDocDriftTests.CleanTable().TrimEnd('\n')
            + "\n| `netboot appliance` | `nixosConfigurations.netboot-control-plane` | `chainfire` | `iam` |\n";
        var doc = "# Testing\n\n## Canonical Profiles\n\n" + table;
        Assert.Equal([F(Legacy, At(doc, "`nixosConfigurations.netboot-control-plane`", 1))], Scan(doc, Legacy));
    }

    [Fact]
    public void A_legacy_path_in_the_profile_table_fires_even_when_the_cell_explains_it()
    {
        var table = ProfileDocDriftTests.CleanTable()
            .Replace("`nixosConfigurations.ultracloud-iso`", "`nixosConfigurations.ultracloud-iso`, legacy `baremetal/vm-cluster`");
        var doc = "# Testing\n\n" + table;
        Assert.Equal([F(Legacy, At(doc, "baremetal/vm-cluster"))], Scan(doc, Legacy));
    }

    [Fact]
    public void Crlf_and_multibyte_positions()
    {
        var doc = "# Tëst\r\n\r\n## Quickstart 🚀\r\n\r\n```\r\n✓ ./baremetal/vm-cluster/run\r\n```\r\n";
        Assert.Equal([F(Legacy, (6, 5))], Scan(doc, Legacy));
    }
}
