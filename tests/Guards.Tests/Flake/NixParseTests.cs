using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Flake;

/// <summary>UCG0001 for Nix files agrees with Nix's own parser on every fixture file.</summary>
public sealed class NixParseTests
{
    private static IReadOnlyList<string> FixtureFiles() =>
        Directory.EnumerateFiles(FlakeTestSupport.FixturesRoot, "*.nix", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(FlakeTestSupport.FixturesRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The UCG0001 findings of a scan of the fixture folder, by path.</summary>
    private static Dictionary<string, string> ParseErrors()
    {
        var result = GuardsEngine.Scan(new ScanOptions
        {
            Path = FlakeTestSupport.FixturesRoot,
            Tree = new WorkingTree(FlakeTestSupport.FixturesRoot),
            Policy = EveryNixFilePolicy(),
            Rules = ["UCG0001"],
        });
        Assert.Empty(result.InternalErrors);
        return result.Findings.Where(f => f.RuleId == "UCG0001").ToDictionary(f => f.Path, f => $"{f.Span.StartLine}:{f.Span.StartColumn} {f.Message}");
    }

    /// <summary>The shipped policy with UCG0001 parsing every .nix file (its <c>nix-files: all</c> option).</summary>
    private static Engine.Policy.GuardsPolicy EveryNixFilePolicy()
    {
        using var folder = new TempFolder();
        folder.Write("uc-guards.yaml", "version: 1\nrules:\n  UCG0001:\n    options:\n      nix-files: all\n");
        return Engine.Session.GuardsSession.LoadPolicy(folder.Root, Path.Combine(folder.Root, "uc-guards.yaml"), null);
    }

    [Fact]
    public void By_default_only_the_nix_files_a_rule_reads_are_parsed()
    {
        var result = GuardsEngine.Scan(new ScanOptions
        {
            Path = FlakeTestSupport.FixturesRoot,
            Tree = new WorkingTree(FlakeTestSupport.FixturesRoot),
            Rules = ["UCG0001"],
        });
        Assert.Empty(result.InternalErrors);
        Assert.Empty(result.Findings);
        Assert.Equal(0, result.Statistics.FilesAnalyzed);
    }

    [Fact]
    public void An_unknown_nix_files_value_is_a_policy_error_at_its_place()
    {
        using var folder = new TempFolder();
        folder.Write("uc-guards.yaml", "version: 1\nrules:\n  UCG0001:\n    options:\n      nix-files: some\n");
        var policy = Engine.Session.GuardsSession.LoadPolicy(folder.Root, Path.Combine(folder.Root, "uc-guards.yaml"), null);
        var error = Assert.Throws<Engine.Policy.PolicyException>(() => GuardsEngine.Scan(new ScanOptions
        {
            Path = folder.Root,
            Tree = new WorkingTree(folder.Root),
            Policy = policy,
        }));
        Assert.Equal((Path.Combine(folder.Root, "uc-guards.yaml"), 5), (error.File, error.Line));
        Assert.Contains("nix-files must be read or all, not 'some'", error.Reason);
    }

    [Fact]
    public void Files_named_bad_get_one_parse_error_and_the_others_none()
    {
        var errors = ParseErrors();
        foreach (var file in FixtureFiles())
        {
            var bad = Path.GetFileName(file).StartsWith("bad-", StringComparison.Ordinal);
            Assert.True(bad == errors.ContainsKey(file), $"{file}: {(bad ? "expected a parse error" : "unexpected parse error " + errors.GetValueOrDefault(file))}");
        }
    }

    [Fact]
    public void Parse_errors_say_where_and_what()
    {
        var errors = ParseErrors();
        Assert.Equal("3:5 syntax error: unexpected '='", errors["parse/bad-missing-semicolon.nix"]);
        Assert.Equal("3:31 undefined variable 'enableChainfire'", errors["parse/bad-undefined-variable.nix"]);
        Assert.Equal("3:3 attribute 'services.iam.enable' already defined at parse/bad-duplicate-attribute.nix:2:16", errors["parse/bad-duplicate-attribute.nix"]);
        Assert.Equal("1:16 duplicate formal function argument 'config'", errors["parse/bad-duplicate-formal.nix"]);
        Assert.Equal("2:11 undefined variable 'nixpkgs'", errors["parse/bad-inherit-undefined.nix"]);
        Assert.Equal("3:9 attribute 'b' already defined at parse/bad-nested-duplicate.nix:2:5", errors["parse/bad-nested-duplicate.nix"]);
    }

    [NixFact]
    public void Real_nix_rejects_exactly_the_files_that_get_UCG0001()
    {
        var errors = ParseErrors();
        foreach (var file in FixtureFiles())
        {
            var accepted = NixOracle.Parses(Path.Combine(FlakeTestSupport.FixturesRoot, file), out var message);
            Assert.True(accepted != errors.ContainsKey(file),
                accepted ? $"{file}: Nix accepts it, the reader reports {errors.GetValueOrDefault(file)}" : $"{file}: Nix rejects it ({message}), the reader reports nothing");
        }
    }

    [Fact]
    public void Indented_strings_and_escapes_read_as_nix_reads_them()
    {
        var parse = NixParser.Parse(SourceText.FromString("s.nix", "{ a = ''\n    one\n      two ''${x} '''\n  ''; b = \"q\\\"\\n\\$x\"; }"), TimeSpan.FromSeconds(5));
        Assert.Null(parse.Error);
        var set = Assert.IsType<NixAttrSetExpr>(parse.Root);
        var a = Assert.IsType<NixStringExpr>(((NixBinding)set.Bindings[0]).Value);
        Assert.Equal("one\n  two ${x} ''\n", a.Literal);
        var b = Assert.IsType<NixStringExpr>(((NixBinding)set.Bindings[1]).Value);
        Assert.Equal("q\"\n$x", b.Literal);
    }
}
