using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Hardening;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Policy;

/// <summary>
/// Rule options are typed and bound by the engine: a misspelt key or a value of the wrong type is
/// a configuration error at its place, in a rule file or in uc-guards.yaml; every rule class has
/// exactly one rule file and every rule file a class.
/// </summary>
public sealed class RuleOptionsTests
{
    private static Hostile.Run CheckWith(string yaml)
    {
        using var tree = new TempFolder();
        tree.Write("chainfire/crates/chainfire-server/src/main.rs", "fn main() {\n    todo!()\n}\n");
        tree.Write("uc-guards.yaml", yaml);
        return Hostile.Within(30, () => Hostile.Cli("check", tree.Root));
    }

    private static void AssertConfigurationError(Hostile.Run run, string where, string what)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains($"/{where}: ", run.Stderr);
        Assert.Contains("uc-guards: configuration error: ", run.Stderr);
        Assert.Contains(what, run.Stderr);
    }

    public static TheoryData<string, string, string> BadOverrides => new()
    {
        { "version: 1\nrules:\n  UCG1001:\n    options:\n      macross: [dbg]\n", "uc-guards.yaml:5:7", "unknown option 'macross' in UCG1001.options; did you mean 'macros'? (known: macros, test-attributes, template-macros)" },
        { "version: 1\nrules:\n  UCG1001:\n    extend:\n      macro: [dbg]\n", "uc-guards.yaml:5:7", "unknown option 'macro' in UCG1001.options; did you mean 'macros'?" },
        { "version: 1\nrules:\n  UCG1001:\n    options:\n      macros: todo\n", "uc-guards.yaml:5:15", "UCG1001.options.macros must be a list of plain values, such as [a, b]" },
        { "version: 1\nrules:\n  UCG1001:\n    options:\n      macros: [[todo]]\n", "uc-guards.yaml:5:16", "UCG1001.options.macros must be a plain value, not a list" },
        { "version: 1\nrules:\n  UCG0001:\n    options:\n      nix-files: everything\n", "uc-guards.yaml:5:18", "UCG0001.options.nix-files must be read or all, not 'everything'" },
        { "version: 1\nrules:\n  UCG1003:\n    extend:\n      markers: [{pattern: HACK, kase: sensitive}]\n", "uc-guards.yaml:5:33", "unknown option 'kase' in UCG1003.options.markers entry; did you mean 'case'?" },
        { "version: 1\nrules:\n  UCG1003:\n    extend:\n      markers: [{pattern: HACK, case: Sensitive}]\n", "uc-guards.yaml:5:39", "must be sensitive or insensitive, not 'Sensitive'; did you mean 'sensitive'?" },
        { "version: 1\nrules:\n  UCG1003:\n    extend:\n      markers: [HACK]\n", "uc-guards.yaml:5:17", "each entry of UCG1003.options.markers must be a mapping" },
        { "version: 1\nrules:\n  UCG2004:\n    options:\n      expected-in: [docs/a.md]\n", "uc-guards.yaml:5:20", "UCG2004.options.expected-in must be a plain value, not a list" },
        { "version: 1\nrules:\n  UCG1005:\n    options:\n      helpers: [x]\n", "uc-guards.yaml:5:7", "unknown option 'helpers': UCG1005 has no options" },
        { "version: 1\nrules:\n  UCG2004:\n    extend:\n      expected-in: [docs/a.md]\n", "uc-guards.yaml:5:7", "'expected-in' is not a list option of UCG2004" },
    };

    [Theory]
    [MemberData(nameof(BadOverrides))]
    public void A_bad_option_in_uc_guards_yaml_is_a_configuration_error_at_its_place(string yaml, string where, string what) =>
        AssertConfigurationError(CheckWith(yaml), where, what);

    [Fact]
    public void A_misspelt_option_of_a_disabled_rule_is_refused_all_the_same()
    {
        var run = CheckWith("version: 1\ndisable: [UCG1002]\nrules:\n  UCG1002:\n    options:\n      status-function: [x]\n");
        AssertConfigurationError(run, "uc-guards.yaml:6:7", "unknown option 'status-function' in UCG1002.options; did you mean 'status-functions'?");
    }

    [Fact]
    public void An_option_the_rule_file_leaves_out_can_be_set_from_uc_guards_yaml()
    {
        using var tree = new TempFolder();
        var shipped = PolicyLoader.ShippedDocuments().Select(d => d.Name.EndsWith("UCG2004-profile-doc-drift.yaml", StringComparison.Ordinal)
            ? (d.Name, d.Text.Replace("  expected-in: docs/testing.md\n", "", StringComparison.Ordinal)) : d).ToList();
        tree.Write("uc-guards.yaml", "version: 1\nrules:\n  UCG2004:\n    options:\n      expected-in: docs/handbook.md\n");
        var policy = PolicyLoader.Load(shipped, tree["uc-guards.yaml"]);
        var expected = policy.Rule("UCG2004")!.Options["expected-in"]!;
        Assert.Equal(("docs/handbook.md", 5), (expected.AsString("expected-in"), expected.Line));
        RuleCatalog.Default.CreateRules().Single(r => r.Id == "UCG2004").Bind(policy.Rule("UCG2004")!);
    }

    [Fact]
    public void A_misspelt_or_missing_option_in_a_rule_file_is_refused()
    {
        using var tree = new TempFolder();
        tree.Write("srv.rs", "fn main() {}\n");
        var misspelt = PolicyLoader.ShippedDocuments().Select(d => d.Name.EndsWith("UCG1001-stub-macro.yaml", StringComparison.Ordinal)
            ? (d.Name, d.Text.Replace("  macros: [todo, unimplemented]", "  macross: [todo, unimplemented]", StringComparison.Ordinal)) : d).ToList();
        var error = Assert.Throws<PolicyException>(() => Scan(misspelt));
        Assert.EndsWith("UCG1001-stub-macro.yaml", error.File);
        Assert.Equal("UCG1001.options needs the option 'macros' (names of the stub macros, without the '!' (todo, unimplemented)); 'macross' is written instead", error.Reason);
    }

    private static ScanResult Scan(IReadOnlyList<(string Name, string Text)> shipped)
    {
        var tree = new InMemoryTree("options");
        tree.Add("a.rs", "fn main() {}\n");
        return GuardsEngine.Scan(new ScanOptions { Path = ".", Tree = tree, Policy = PolicyLoader.Load(shipped, null), Jobs = 1 });
    }

    [Fact]
    public void The_engine_refuses_a_rule_class_without_a_rule_file()
    {
        var withoutUcg1002 = PolicyLoader.ShippedDocuments().Where(d => !d.Name.Contains("UCG1002", StringComparison.Ordinal)).ToList();
        var error = Assert.Throws<PolicyException>(() => Scan(withoutUcg1002));
        Assert.Equal("the rule UCG1002 (StubStatusRule) has no rule file in the policy, so it would never run: add rules/UCG1002-NAME.yaml (a policy folder given with --policy needs one for every rule)", error.Reason);
    }

    [Fact]
    public void Every_rule_class_has_exactly_one_rule_file_and_every_rule_file_a_class()
    {
        var files = PolicyLoader.ShippedDocuments()
            .Select(d => (d.Name, Map: YamlPolicyReader.Read(d.Name, d.Text)!.AsMapping(d.Name)))
            .Where(d => d.Map.Has("id"))
            .Select(d => (d.Name, Id: d.Map["id"]!.AsString("id")))
            .ToList();
        Assert.Equal(files.Count, files.Select(f => f.Id).Distinct().Count());
        foreach (var (name, id) in files)
            Assert.StartsWith($"rules/{id}-", name);

        var classes = RuleCatalog.Default.CreateRules().GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Select(r => r.GetType().Name).Order(StringComparer.Ordinal).ToList());
        foreach (var (id, types) in classes)
            Assert.True(files.Any(f => f.Id == id), $"{id} ({string.Join(", ", types)}) has no rule file in rules/");
        // One rule, one class; UCG1005 alone is judged by two mechanisms over different inputs (the
        // docs and the flake), which share its one rule file and its settings.
        Assert.Equal(["UCG1005: ArchivedHelperInDocsRule, ArchivedHelperInFlakeRule"],
            classes.Where(c => c.Value.Count > 1).Select(c => $"{c.Key}: {string.Join(", ", c.Value)}"));
        // A rule file without a class is one of the engine's own diagnostics, reported by the engine.
        var withoutClass = files.Select(f => f.Id).Where(id => !classes.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["UCG0002", "UCG0003", "UCG0004"], withoutClass);
        Assert.All(withoutClass, id => Assert.True(GuardsEngine.IsEngineRule(id), id));
    }

    [Fact]
    public void Every_shipped_rule_binds_its_shipped_options_and_declares_what_it_reads()
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        foreach (var rule in RuleCatalog.Default.CreateRules())
        {
            var settings = policy.Rule(rule.Id)!;
            rule.Bind(settings);
            var declared = rule.DeclaredOptions().Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
            Assert.All(settings.Options.Entries, e => Assert.Contains(e.Key.Value, declared));
        }
    }
}
