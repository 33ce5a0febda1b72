using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Hardening;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Policy;

/// <summary>
/// No silent green in scopes: a scope no rule reads, a glob that can never match a
/// repository-relative path and a misspelt scope name are configuration errors with the fix; a
/// bare folder matches the folder's files.
/// </summary>
public sealed class ScopeConfigurationTests
{
    private static PolicyException LoadError(string yaml)
    {
        using var tree = new TempFolder();
        tree.Write("uc-guards.yaml", yaml);
        return Assert.Throws<PolicyException>(() => PolicyLoader.Load(PolicyLoader.ShippedDocuments(), tree["uc-guards.yaml"]));
    }

    private static GuardsPolicy Load(string yaml)
    {
        using var tree = new TempFolder();
        tree.Write("uc-guards.yaml", yaml);
        return PolicyLoader.Load(PolicyLoader.ShippedDocuments(), tree["uc-guards.yaml"]);
    }

    [Fact]
    public void A_misspelt_shipped_scope_is_an_error_that_names_the_scope_meant()
    {
        var defined = LoadError("version: 1\nscopes:\n  shipped-servr-code:\n    include: [\"srv/**/*.rs\"]\n");
        Assert.Equal((3, 3), (defined.Line, defined.Column));
        Assert.Equal("scope 'shipped-servr-code' is read by no rule; did you mean 'shipped-server-code'? (to add paths to that scope write 'shipped-server-code: {add: [...]}')", defined.Reason);

        var added = LoadError("version: 1\nscopes:\n  shiped-server-code:\n    add: [\"srv/**/*.rs\"]\n");
        Assert.Equal((3, 3), (added.Line, added.Column));
        Assert.StartsWith("scope 'shiped-server-code' is not defined, so 'add' has nothing to add to; did you mean 'shipped-server-code'?", added.Reason);
    }

    [Fact]
    public void A_scope_no_rule_reads_is_an_error_that_says_how_to_use_it()
    {
        var error = LoadError("version: 1\nscopes:\n  extra-servers:\n    include: [\"services/*/src/**/*.rs\"]\n");
        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Equal("scope 'extra-servers' is read by no rule: name it in a rule's scopes or add-scopes (rules: {UCG1001: {add-scopes: [extra-servers]}}), or remove it", error.Reason);

        var used = Load("version: 1\nscopes:\n  extra-servers:\n    include: [\"services/*/src/**/*.rs\"]\nrules:\n  UCG1001:\n    add-scopes: [extra-servers]\n");
        Assert.True(used.Rule("UCG1001")!.AppliesTo("services/api/src/main.rs"));
    }

    [Fact]
    public void A_rule_naming_an_unknown_scope_is_an_error_at_the_name()
    {
        var error = LoadError("version: 1\nrules:\n  UCG1001:\n    add-scopes: [shipped-server-cod]\n");
        Assert.Equal((4, 18), (error.Line, error.Column));
        Assert.StartsWith("rule UCG1001 names an unknown scope 'shipped-server-cod'; did you mean 'shipped-server-code'?", error.Reason);
    }

    [Theory]
    [InlineData("./srv/src/**/*.rs", "paths are relative to the repository root and never start with './': write 'srv/src/**/*.rs'")]
    [InlineData("/srv/src/**/*.rs", "paths are relative to the repository root, never absolute: write 'srv/src/**/*.rs'")]
    [InlineData("srv/../lib/**", "a '..' segment never appears in a repository-relative path: name the path from the repository root")]
    [InlineData("../srv/**", "a '..' segment never appears in a repository-relative path: name the path from the repository root")]
    [InlineData("srv/./src/**", "a '.' segment never appears in a repository-relative path: write 'srv/src/**'")]
    [InlineData("srv//src/**", "an empty segment ('//') never appears in a repository-relative path: write 'srv/src/**'")]
    [InlineData("srv\\\\src\\\\**\\\\*.rs", "'\\' escapes the next character in a glob and is no path separator (paths are '/'-separated): write 'srv/src/**/*.rs'")]
    [InlineData("C:/work/srv/**", "paths are relative to the repository root, never absolute: name the path from the root, such as 'srv/src/**/*.rs'")]
    public void A_glob_that_can_never_match_is_an_error_that_says_how_to_write_it(string glob, string why)
    {
        var error = LoadError($"version: 1\nscopes:\n  shipped-server-code:\n    add: [\"{glob}\"]\n");
        Assert.Equal((4, 11), (error.Line, error.Column));
        Assert.Equal($"glob '{glob.Replace("\\\\", "\\")}' can never match: {why}", error.Reason);

        var ignored = LoadError($"version: 1\nignore:\n  - \"{glob}\"\n");
        Assert.Equal((3, 5), (ignored.Line, ignored.Column));
    }

    [Theory]
    [InlineData("docs/\\*.md")]
    [InlineData("docs/*\\.md")]
    [InlineData("**/*.rs")]
    [InlineData(".github/**/*.md")]
    [InlineData("srv/src/")]
    public void Globs_that_can_match_load(string glob) => Assert.Null(Glob.WhyItNeverMatches(glob));

    [Fact]
    public void A_bare_folder_matches_the_files_beneath_it_and_a_bare_file_matches_itself()
    {
        var policy = Load("version: 1\nscopes:\n  shipped-server-code:\n    add: [srv/src, \"tools/*/\"]\n    exclude: [srv/src/generated]\nignore: [vendor]\n");
        var rule = policy.Rule("UCG1001")!;
        Assert.True(rule.AppliesTo("srv/src/main.rs"));
        Assert.True(rule.AppliesTo("srv/src/deep/er/lib.rs"));
        Assert.False(rule.AppliesTo("srv/src/generated/x.rs"));
        Assert.False(rule.AppliesTo("srv/srcx/main.rs"));
        Assert.True(rule.AppliesTo("tools/gen/src/main.rs"));
        Assert.False(rule.AppliesTo("tools/gen.rs"));
        Assert.True(policy.IsNeverScanned("vendor/crate/src/lib.rs"));
        Assert.True(policy.IsNeverScanned("vendor"));
        Assert.False(policy.IsNeverScanned("vendored/lib.rs"));
        Assert.True(policy.Rule("UCG1004")!.AppliesTo("README.md"));
    }

    [Fact]
    public void A_bare_folder_in_a_scope_is_scanned_end_to_end()
    {
        using var tree = new TempFolder();
        tree.Write("srv/src/main.rs", "fn main() {\n    todo!()\n}\n");
        tree.Write("uc-guards.yaml", "version: 1\nscopes:\n  shipped-server-code:\n    include: [srv/src]\n");
        var run = Hostile.Cli("check", tree.Root, "--format", "json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"path\": \"srv/src/main.rs\"", run.Stdout);
    }

    [Fact]
    public void Every_shipped_scope_is_read_by_a_shipped_rule()
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        var read = policy.Rules.Values.SelectMany(r => r.Scopes).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(policy.Scopes.Keys, k => !read.Contains(k));
    }
}
