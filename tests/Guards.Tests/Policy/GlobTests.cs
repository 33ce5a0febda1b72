using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Tests.Policy;

/// <summary>Path globs and .gitignore patterns: segment semantics of *, ** and ?, alternatives, anchoring.</summary>
public sealed class GlobTests
{
    [Theory]
    [InlineData("**/*.rs", "a.rs", true)]
    [InlineData("**/*.rs", "x/y/a.rs", true)]
    [InlineData("**/*.rs", "x/y/a.rsx", false)]
    [InlineData("*/crates/*-server/**/*.rs", "iam/crates/iam-server/src/main.rs", true)]
    [InlineData("*/crates/*-server/**/*.rs", "iam/crates/iam-api/src/lib.rs", false)]
    [InlineData("*/crates/*-server/**/*.rs", "iam/crates/x/iam-server/src/main.rs", false)]
    [InlineData("**/tests/**", "iam/crates/iam-server/tests/api.rs", true)]
    [InlineData("**/tests/**", "iam/crates/iam-server/src/tests.rs", false)]
    [InlineData("{fiberlb,k8shost}/crates/*-server/**", "k8shost/crates/k8shost-server/src/a.rs", true)]
    [InlineData("{fiberlb,k8shost}/crates/*-server/**", "prismnet/crates/prismnet-server/src/a.rs", false)]
    [InlineData("docs/?.md", "docs/a.md", true)]
    [InlineData("docs/?.md", "docs/ab.md", false)]
    [InlineData("result-*", "result-1/x", false)]
    public void Glob_matches_by_segments(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new Glob(pattern).IsMatch(path));

    [Fact]
    public void A_long_path_against_many_wildcards_is_decided_quickly()
    {
        var glob = new Glob("**/a*/**/b*/**/c*/**/*.rs");
        var path = string.Join('/', Enumerable.Repeat("aaaaaaaaaabbbbbbbbbbcccccccccc", 40)) + ".txt";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(glob.IsMatch(path));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void GitIgnore_patterns_anchor_negate_and_apply_below_their_folder()
    {
        var ignore = new GitIgnore();
        ignore.AddFile("", "target/\n*.log\n!keep.log\n/build\n");
        ignore.AddFile("crate", "generated/**\n");

        Assert.True(ignore.IsIgnored("target", isDirectory: true));
        Assert.False(ignore.IsIgnored("target", isDirectory: false));
        Assert.True(ignore.IsIgnored("a/b/debug.log", isDirectory: false));
        Assert.False(ignore.IsIgnored("a/keep.log", isDirectory: false));
        Assert.True(ignore.IsIgnored("build", isDirectory: true));
        Assert.False(ignore.IsIgnored("src/build", isDirectory: true));
        Assert.True(ignore.IsIgnored("crate/generated/x.rs", isDirectory: false));
        Assert.False(ignore.IsIgnored("crateX/generated/x.rs", isDirectory: false));
        Assert.False(ignore.IsIgnored("other/generated/x.rs", isDirectory: false));
    }
}
