using System.Text;

namespace UltraCloud.Guards.Bench;

/// <summary>Writes valid Nix: NixOS modules with options and systemd units, and harness scenarios.</summary>
internal static class NixSource
{
    public static (string Text, int Wording) Module(Rng rng, string component, string part, int targetLines, double wordingRate)
    {
        var sb = new StringBuilder();
        var lines = 0;
        var wording = 0;
        void L(string s = "") { sb.Append(s).Append('\n'); lines++; }
        var attr = $"services.{component}.{part}";
        L("{ config, lib, pkgs, ... }:");
        L();
        L("let");
        L($"  cfg = config.{attr};");
        L("  settingsFormat = pkgs.formats.toml { };");
        L($"  settingsFile = settingsFormat.generate \"{component}-{part}.toml\" cfg.settings;");
        L("in");
        L("{");
        L($"  options.{attr} = {{");
        var n = 0;
        var optionBudget = targetLines / 2;
        while (lines < optionBudget)
        {
            var name = $"{Words.Snake(rng.Pick(Words.Adjectives))}{Words.Pascal(rng.Pick(Words.Nouns))}{n++}";
            if (rng.Chance(0.2)) L($"    # {Words.Sentence(rng)}");
            L($"    {name} = lib.mkOption {{");
            switch (rng.Next(5))
            {
                case 0: L("      type = lib.types.port;"); L($"      default = {rng.Next(1024, 65535)};"); break;
                case 1: L("      type = lib.types.bool;"); L($"      default = {(rng.Chance(0.5) ? "true" : "false")};"); break;
                case 2: L("      type = lib.types.listOf lib.types.str;"); L($"      default = [ \"{rng.Pick(Words.Nouns)}\" \"{rng.Pick(Words.Nouns)}\" ];"); break;
                case 3: L("      type = lib.types.str;"); L($"      default = \"/var/lib/{component}/{rng.Pick(Words.Nouns)}\";"); break;
                default: L("      type = lib.types.ints.positive;"); L($"      default = {rng.Next(1, 512)};"); break;
            }
            L($"      description = \"{Words.Sentence(rng)}\";");
            L("    };");
        }
        L("    settings = lib.mkOption {");
        L("      type = settingsFormat.type;");
        L("      default = { };");
        L("    };");
        L("  };");
        L();
        L($"  config = lib.mkIf config.services.{component}.enable {{");
        var unit = 0;
        while (lines < targetLines - 4)
        {
            var name = $"{component}-{part}-{rng.Pick(Words.Nouns)}{unit++}";
            if (rng.Chance(wordingRate))
            {
                L($"    # TODO: {rng.Pick(Words.Verbs)} the {rng.Pick(Words.Nouns)} before the unit starts");
                wording++;
            }
            else if (rng.Chance(0.3)) L($"    # {Words.Sentence(rng)}");
            L($"    systemd.services.\"{name}\" = {{");
            L($"      description = \"{Words.Sentence(rng)}\";");
            L("      wantedBy = [ \"multi-user.target\" ];");
            L("      after = [ \"network-online.target\" ];");
            L("      wants = [ \"network-online.target\" ];");
            L($"      environment.RUST_LOG = \"{(rng.Chance(0.5) ? "info" : "debug")}\";");
            L("      serviceConfig = {");
            L($"        ExecStart = \"${{pkgs.{component}}}/bin/{component}-{part} --config ${{settingsFile}}\";");
            L("        Restart = \"on-failure\";");
            L($"        RestartSec = {rng.Next(1, 30)};");
            L("        DynamicUser = true;");
            L($"        StateDirectory = \"{component}/{part}\";");
            L("      };");
            L("    };");
        }
        L("    networking.firewall.allowedTCPPorts = lib.optionals cfg.openFirewall [ cfg.port ];");
        L("  };");
        L("}");
        return (sb.ToString(), wording);
    }

    public static (string Text, int Wording) Scenario(Rng rng, string name, int targetLines, double wordingRate)
    {
        var sb = new StringBuilder();
        var lines = 0;
        var wording = 0;
        void L(string s = "") { sb.Append(s).Append('\n'); lines++; }
        L("{ pkgs, lib, cluster, ... }:");
        L();
        L("let");
        L("  nodes = cluster.nodes;");
        L($"  timeout = {rng.Next(30, 900)};");
        L("in");
        L("{");
        L($"  name = \"{name}\";");
        L("  steps = [");
        var step = 0;
        while (lines < targetLines - 12)
        {
            var node = $"node0{rng.Next(1, 7)}";
            L("    {");
            L($"      name = \"{rng.Pick(Words.Verbs)}-{rng.Pick(Words.Nouns)}-{step++}\";");
            L($"      node = \"{node}\";");
            if (rng.Chance(wordingRate))
            {
                L("      # FIXME: the wait below is racy on slow hosts");
                wording++;
            }
            L("      script = ''");
            L($"        {node}.wait_for_unit(\"{rng.Pick(Words.Nouns)}.service\")");
            L($"        {node}.succeed(\"curl -sf http://127.0.0.1:{rng.Next(1024, 65535)}/health\")");
            L("      '';");
            L("      inherit timeout;");
            L("    }");
        }
        L("  ];");
        L("  expect = {");
        L($"    markers = [ \"pre-install.boot\" \"post-install.boot\" \"desired-system-active\" ];");
        L($"    description = \"{Words.Sentence(rng)}\";");
        L("  };");
        L("}");
        return (sb.ToString(), wording);
    }
}
