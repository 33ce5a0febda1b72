using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Policy;

/// <summary>
/// The engine's policy loader knows no product: the data sections are the ones the rule assemblies
/// register, and a rule file's shorthand adds the uc-guards.yaml key that sets its options.
/// </summary>
public sealed class PolicyExtensionTests
{
    private const string Rule = "id: UCX0001\nname: probe\nmessage: \"{0}\"\noptions:\n  words: [alpha]\n  limit: 3\n";

    private static GuardsPolicy Load(string ruleFile, string? config, IReadOnlyList<string>? sections = null)
    {
        using var folder = new TempFolder();
        string? configPath = null;
        if (config is not null)
        {
            folder.Write("uc-guards.yaml", config);
            configPath = folder["uc-guards.yaml"];
        }
        return PolicyLoader.Load([("rules/UCX0001-probe.yaml", ruleFile)], configPath, dataSections: sections ?? []);
    }

    [Fact]
    public void The_shipped_rules_register_the_product_sections_and_the_engine_names_none()
    {
        Assert.Equal(
            ["archived-helpers", "canonical-checks", "cluster-authoring", "components", "docs-sections", "flake", "legacy-paths", "profile-table", "profiles"],
            RuleCatalog.Default.DataSections);
        var error = Assert.Throws<PolicyException>(() => Load(Rule, "version: 1\nprofiles: []\n"));
        Assert.Contains("profiles", error.Message);
        var policy = Load(Rule, "version: 1\nprofiles: []\n", ["profiles"]);
        Assert.NotNull(policy.Section("profiles"));
    }

    [Fact]
    public void A_shorthand_that_extends_adds_to_the_rules_lists()
    {
        var rule = Rule + "shorthand:\n  key: probing\n  extends: true\n  options: {more: words}\n";
        var policy = Load(rule, "version: 1\nprobing:\n  more: [beta]\n");
        var words = Assert.IsType<PolicySequence>(policy.Rule("UCX0001")!.Options["words"]);
        Assert.Equal(["alpha", "beta"], words.Items.Select(i => i.AsString("word")));
    }

    [Fact]
    public void A_shorthand_that_replaces_sets_the_option()
    {
        var rule = Rule + "shorthand:\n  key: probing\n  options: {max: limit}\n";
        var policy = Load(rule, "version: 1\nprobing:\n  max: 7\n");
        Assert.Equal("7", policy.Rule("UCX0001")!.Options["limit"]!.AsString("limit"));
    }

    [Fact]
    public void A_shorthand_entry_the_rule_did_not_declare_is_refused_where_it_is_written()
    {
        var rule = Rule + "shorthand:\n  key: probing\n  options: {max: limit}\n";
        var error = Assert.Throws<PolicyException>(() => Load(rule, "version: 1\nprobing:\n  maximum: 7\n"));
        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Contains("maximum", error.Message);
    }

    [Fact]
    public void Without_a_shorthand_the_key_is_unknown()
    {
        var error = Assert.Throws<PolicyException>(() => Load(Rule, "version: 1\nprobing:\n  max: 7\n"));
        Assert.Contains("probing", error.Message);
    }
}
