using UltraCloud.Guards.Rules.Docs;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Docs;

/// <summary>
/// UCG2008: the flake references of docs and harness files checked against the flakes, each
/// asserted as the exact finding set (rule, path, line, column), the references that must not
/// fire included.
/// </summary>
public class DocsFlakeReferenceTests
{
    private const string Flake = """
        {
          inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
          outputs = { self, nixpkgs, ... }:
            let
              system = "x86_64-linux";
              node = name: nixpkgs.lib.nixosSystem { inherit system; modules = [ ./nix/nodes/${name}.nix ]; };
            in
            {
              nixosConfigurations = nixpkgs.lib.genAttrs [ "node01" "node02" "node03" "ultracloud-iso" ] node;
              packages.${system} = {
                single-node-trial-vm = self.nixosConfigurations.node01.config.system.build.vm;
                default = self.packages.${system}.single-node-trial-vm;
              };
              apps.${system}.single-node-quickstart = { type = "app"; program = "run"; };
              devShells.${system}.default = nixpkgs.legacyPackages.${system}.mkShell { };
              checks.${system} = {
                canonical-profile-eval-guards = nixpkgs.legacyPackages.${system}.hello;
                baremetal-iso-e2e = nixpkgs.legacyPackages.${system}.hello;
              };
            };
        }
        """;

    private const string HarnessFlake = """
        {
          outputs = { self, nixpkgs }: {
            apps.x86_64-linux = {
              cluster = { type = "app"; program = "cluster"; };
              hardware-smoke = { type = "app"; program = "smoke"; };
            };
          };
        }
        """;

    private static List<(string Rule, string Path, int Line, int Column)> Scan(params (string Path, string Content)[] files)
    {
        using var tree = new TestTree([("flake.nix", Flake), ("nix/test-cluster/flake.nix", HarnessFlake), .. files]);
        var result = tree.Scan("UCG2008");
        Assert.Empty(result.InternalErrors);
        return result.Active.Where(f => f.RuleId is "UCG2008" or "UCG0003" or "UCG0001")
            .Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToList();
    }

    [Fact]
    public void Commands_that_exist_are_clean_and_renamed_ones_are_findings_at_the_reference()
    {
        const string doc = """
            # Testing

            ```bash
            nix run .#single-node-quickstart
            nix run .#single-node-quick
            nix build .#single-node-trial-vm
            nix build -L --out-link result .#single-node-trial
            nix build
            nix develop
            ULTRACLOUD_KEEP_VM=1 nix run .#single-node-quickstart -- --keep
            nix eval --no-eval-cache .#nixosConfigurations.node01.config.system.build.toplevel.drvPath --raw
            nix eval --no-eval-cache .#nixosConfigurations.node04.config.system.build.toplevel.drvPath --raw
            nix build .#checks.x86_64-linux.baremetal-iso-e2e && ./result/bin/baremetal-iso-e2e ./work/latest
            nix build .#checks.x86_64-linux.baremetal-e2e
            ```
            """;
        Assert.Equal(
            [
                ("UCG2008", "docs/testing.md", 5, 9),
                ("UCG2008", "docs/testing.md", 7, 32),
                ("UCG2008", "docs/testing.md", 12, 26),
                ("UCG2008", "docs/testing.md", 14, 11),
            ],
            Scan(("docs/testing.md", doc)));
    }

    [Fact]
    public void The_message_names_the_nearest_existing_output_as_the_reference_writes_it()
    {
        using var tree = new TestTree(("flake.nix", Flake), ("docs/a.md", "`nix run .#single-node-quick`, `nixosConfigurations.node04`, `nix build .#checks.x86_64-linux.baremetal-e2e`, `nix run .#zzz`\n"));
        var messages = tree.Scan("UCG2008").Active.Where(f => f.RuleId == "UCG2008").Select(f => f.Message).ToList();
        Assert.Equal(4, messages.Count);
        Assert.EndsWith("the nearest existing output is `.#single-node-quickstart`", messages[0]);
        Assert.Contains("looked for apps.x86_64-linux.single-node-quick, packages.x86_64-linux.single-node-quick, legacyPackages.x86_64-linux.single-node-quick, single-node-quick", messages[0]);
        Assert.EndsWith("the nearest existing output is `nixosConfigurations.node01`", messages[1]);
        Assert.EndsWith("the nearest existing output is `.#checks.x86_64-linux.baremetal-iso-e2e`", messages[2]);
        Assert.DoesNotContain("nearest", messages[3]);
    }

    [Fact]
    public void Harness_flake_references_are_looked_up_in_the_harness_flake()
    {
        const string doc = """
            # Harness

            ```console
            $ nix run ./nix/test-cluster#cluster -- fresh-smoke
            $ nix run ./nix/test-cluster#clusters -- fresh-smoke
            $ nix run path:./nix/test-cluster#hardware-smoke -- preflight
            $ nix run ./nix/test-cluster#single-node-quickstart
            $ nix run ./nix/lab#cluster
            ```

            The canonical way in is `nix run ./nix/test-cluster#cluster -- baremetal-iso`; `./nix/test-cluster#hardware-smok` is the hardware lane.
            """;
        Assert.Equal(
            [
                ("UCG2008", "nix/test-cluster/README.md", 5, 11),
                ("UCG2008", "nix/test-cluster/README.md", 7, 11),
                ("UCG2008", "nix/test-cluster/README.md", 8, 11),
                ("UCG2008", "nix/test-cluster/README.md", 11, 81),
            ],
            Scan(("nix/test-cluster/README.md", doc)));
    }

    [Fact]
    public void References_inside_archived_and_legacy_sections_are_still_checked()
    {
        const string doc = """
            # Testing

            ## Legacy And Debugging Paths

            - `nixosConfigurations.netboot-worker` was the archived worker image.
            - `nixosConfigurations.ultracloud-iso` is still built.
            - direct `nix develop ./nix/test-cluster -c ./nix/test-cluster/run-cluster.sh status` is a debugging path.

            ### Archived

            ```bash
            # legacy: nix build .#netboot-worker-image
            nix build .#nixosConfigurations.netboot-worker.config.system.build.toplevel
            ```
            """;
        Assert.Equal(
            [
                ("UCG2008", "docs/testing.md", 5, 4),
                ("UCG2008", "docs/testing.md", 7, 23),
                ("UCG2008", "docs/testing.md", 12, 21),
                ("UCG2008", "docs/testing.md", 13, 11),
            ],
            Scan(("docs/testing.md", doc)));
    }

    [Fact]
    public void Tables_inline_code_and_flake_check_lanes()
    {
        const string doc = """
            # Testing

            | Profile | Entrypoints |
            | --- | --- |
            | single node | `nix run .#single-node-quickstart`, nixosConfigurations.node01, nixosConfigurations.node09 |
            | HA | `nixosConfigurations.node02`, `nixosConfigurations.node05` |

            `nix flake check` runs `canonical-profile-eval-guards` and `supported-surface-guard`.

            `nix flake check` also runs:

            - `baremetal-iso-e2e`: the bare-metal proof
            - `portable-control-plane-regressions`: the portable lane

            After the list, `chainfire` is a component, not a lane.
            """;
        Assert.Equal(
            [
                ("UCG2008", "docs/testing.md", 5, 81),
                ("UCG2008", "docs/testing.md", 6, 39),
                ("UCG2008", "docs/testing.md", 8, 61),
                ("UCG2008", "docs/testing.md", 13, 4),
            ],
            Scan(("docs/testing.md", doc)));
    }

    [Fact]
    public void Words_that_are_not_literal_or_not_the_repositorys_are_not_checked()
    {
        const string doc = """
            # Patterns

            Write `checks.<system>.NAME` or `nixosConfigurations.X...`; `lib.mkForce` is Nix, `nixpkgs#hello` is not ours.

            ```bash
            nix run nixpkgs#hello
            nix build github:NixOS/nixpkgs#hello
            nix build "$FLAKE#anything" ".#${lane}"
            nix eval --expr 'builtins.currentSystem'
            nix build -f default.nix hello
            nix shell nixpkgs#jq -c nix build .#single-node-trial-vm
            nix-build -A hello
            ```

            ```nix
            { packages.x86_64-linux.not-a-command = 1; }
            ```
            """;
        Assert.Empty(Scan(("docs/testing.md", doc)));
    }

    [Fact]
    public void Examples_for_the_readers_own_flake_are_not_this_flakes_references()
    {
        const string doc = """
            # Using the module

            Import the module, then start the machine's test VM:

            ```bash
            nix run -L '.#nixosConfigurations.mymachine.config.system.build.vm'
            nix run -L '.#nixosConfigurations.my-laptop.config.system.build.vm'
            nix build .#nixosConfigurations.node04.config.system.build.toplevel
            ```

            | Problem | Why |
            | --- | --- |
            | no such attribute | the flake lacks `nixosConfigurations.foo`, e.g. for `.#foo` |
            | renamed | nixosConfigurations.node05 is gone |

            Replace `workstation` in the command below with the name of your system configuration:

            ```console
            nix build .#nixosConfigurations.workstation.config.system.build.toplevel
            nix build .#nixosConfigurations.nod01.config.system.build.toplevel
            ```

            Where `laptop` is the host of your own flake, `nix build .#nixosConfigurations.laptop.config.system.build.toplevel` builds it.
            """;
        // Placeholder names (my-*, foo) and the names the prose tells the reader to substitute are
        // the reader's; node04, node05 and nod01 are this flake's and missing.
        Assert.Equal(
            [
                ("UCG2008", "docs/modules.md", 8, 11),
                ("UCG2008", "docs/modules.md", 14, 13),
                ("UCG2008", "docs/modules.md", 20, 11),
            ],
            Scan(("docs/modules.md", doc)));
    }

    [Fact]
    public void A_name_replaced_by_another_of_this_flake_is_still_checked()
    {
        const string doc = """
            # Migration

            Replace `netboot-worker` with `node03` in your scripts: `nix build .#nixosConfigurations.netboot-worker.config.system.build.toplevel` no longer builds.
            Replace `.#single-node-quick` with `.#single-node-quickstart`.
            """;
        // A plain name is a placeholder only when the sentence tells the reader to put their own in
        // its place ("replace ... with your"); a dotted or `.#` reference never is.
        Assert.Equal([("UCG2008", "docs/migration.md", 3, 68), ("UCG2008", "docs/migration.md", 4, 10)], Scan(("docs/migration.md", doc)));
        const string plain = """
            # Migration

            Replace `netboot-worker` with `node03`: `nix build .#nixosConfigurations.netboot-worker.config.system.build.toplevel` no longer builds.
            """;
        Assert.Equal([("UCG2008", "docs/migration.md", 3, 52)], Scan(("docs/migration.md", plain)));
    }

    [Fact]
    public void Harness_scripts_skip_placeholder_names_too_and_the_lists_are_the_repositorys_to_change()
    {
        const string script = """
            #!/usr/bin/env bash
            # usage: nix build .#nixosConfigurations.myhost.config.system.build.toplevel
            # usage: nix build .#nixosConfigurations.lab-host.config.system.build.toplevel
            """;
        Assert.Equal([("UCG2008", "nix/test-cluster/run.sh", 3, 20)], Scan(("nix/test-cluster/run.sh", script)));

        // A repository that calls its example hosts lab-* says so in its configuration.
        using var tree = new TestTree(("flake.nix", Flake), ("nix/test-cluster/flake.nix", HarnessFlake), ("nix/test-cluster/run.sh", script),
            ("uc-guards.yaml", "version: 1\nrules:\n  UCG2008:\n    extend:\n      placeholder-names: [lab-*]\n"));
        Assert.Equal([], tree.Findings("UCG2008"));
    }

    [Fact]
    public void A_placeholder_pattern_that_matches_every_name_is_a_configuration_error()
    {
        using var tree = new TestTree(("flake.nix", Flake), ("uc-guards.yaml", "version: 1\nrules:\n  UCG2008:\n    options:\n      placeholder-names: [\"*\"]\n"));
        var run = CliRunner.InProcess("check", tree.Root);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("UCG2008.options.placeholder-names: '*' would match every name", run.Stderr);
    }

    [Fact]
    public void Harness_scripts_and_nix_files_are_read_line_by_line_comments_included()
    {
        const string script = """
            #!/usr/bin/env bash
            # usage: nix run ./nix/test-cluster#cluster -- fresh-smoke
            # usage: nix run ./nix/test-cluster#custer -- fresh-smoke
            set -euo pipefail
            nix build \
              --no-link \
              .#single-node-trial-vms
            exec nix run .#single-node-quickstart "$@"
            """;
        const string nix = """
            { pkgs, ... }:
            pkgs.writeShellScript "lab" ''
              ${pkgs.nix}/bin/nix build .#checks.x86_64-linux.canonical-profile-eval-guard
            ''
            """;
        Assert.Equal(
            [
                ("UCG2008", "nix/test-cluster/lab.nix", 3, 29),
                ("UCG2008", "nix/test-cluster/run.sh", 3, 18),
                ("UCG2008", "nix/test-cluster/run.sh", 7, 3),
            ],
            Scan(("nix/test-cluster/run.sh", script), ("nix/test-cluster/lab.nix", nix)));
    }

    [Fact]
    public void Outputs_the_reader_cannot_decide_are_one_UCG0003_per_cause()
    {
        const string flake = """
            {
              outputs = { self, nixpkgs, other }: {
                nixosConfigurations.node01 = nixpkgs.lib.nixosSystem { modules = [ ]; };
                apps.x86_64-linux = other.apps.x86_64-linux;
              };
            }
            """;
        using var tree = new TestTree(("flake.nix", flake),
            ("docs/testing.md", "```bash\nnix run .#a\nnix run .#b\nnix build .#nixosConfigurations.node02\n```\n\nThen `nix run .#c`.\n"));
        var result = tree.Scan("UCG2008");
        var findings = result.Active.Where(f => f.RuleId is "UCG2008" or "UCG0003").ToList();
        Assert.Equal([("UCG2008", "docs/testing.md", 4, 11), ("UCG0003", "flake.nix", 2, 30)],
            findings.Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).OrderBy(f => f.RuleId == "UCG0003").ToList());
        var unknown = findings.Single(f => f.RuleId == "UCG0003").Message;
        Assert.StartsWith("whether flake.nix exposes `.#a` (docs/testing.md:2), `.#b` (docs/testing.md:3), `.#c` (docs/testing.md:7) is not known statically", unknown);
    }

    [Fact]
    public void The_sample_tree_has_its_one_deliberate_broken_reference()
    {
        var result = UltraCloud.Guards.Engine.GuardsEngine.Scan(new UltraCloud.Guards.Engine.ScanOptions { Path = Repo.SampleTree, Rules = ["UCG2008"] });
        Assert.Equal([("UCG2008", "docs/testing.md", 40, 11)],
            result.Active.Where(f => f.RuleId is "UCG2008" or "UCG0003").Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)));
        Assert.EndsWith("the nearest existing output is `.#checks.x86_64-linux.deployer-vm-smoke`", result.Active.Single(f => f.RuleId == "UCG2008").Message);
    }

    [Fact]
    public void A_tree_without_a_root_flake_is_not_checked()
    {
        using var tree = new TestTree(("docs/testing.md", "```bash\nnix run .#anything\n```\n"));
        Assert.DoesNotContain(tree.Scan("UCG2008").Active, f => f.RuleId == "UCG2008");
    }

    [Theory]
    [InlineData("nix run .#x -- --flag .#y", ".#x")]
    [InlineData("nix build --override-input nixpkgs ./vendored .#x", ".#x")]
    [InlineData("sudo nix build .#a .#b", ".#a|.#b")]
    [InlineData("nix develop ./nix/test-cluster -c ./run.sh && nix run .#z", "./nix/test-cluster|.#z")]
    [InlineData("nix flake check ./nix/test-cluster", "./nix/test-cluster")]
    [InlineData("echo 'nix run .#quoted'", "")]
    public void Command_lines_are_read_as_a_shell_reads_them(string line, string expected)
    {
        var references = FlakeCommands.InCommandLine(line, Enumerable.Range(0, line.Length).ToList());
        Assert.Equal(expected, string.Join("|", references.Select(r => r.Written)));
    }
}
