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
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/xb", false)]
    [InlineData("a/**", "a/x/y", true)]
    [InlineData("a/**", "ab/x", false)]
    [InlineData("**", "any/depth/file", true)]
    [InlineData("a**z", "a/b/z", true)]
    [InlineData("*.md", "docs/a.md", false)]
    [InlineData("docs/{a,{b,c}x}.md", "docs/cx.md", true)]
    [InlineData("docs/{a,{b,c}x}.md", "docs/c.md", false)]
    [InlineData("docs/{,draft-}a.md", "docs/a.md", true)]
    [InlineData("docs/{,draft-}a.md", "docs/draft-a.md", true)]
    [InlineData("docs/[a-c]?.md", "docs/bz.md", true)]
    [InlineData("docs/[a-c]?.md", "docs/dz.md", false)]
    [InlineData("docs/[!a-c].md", "docs/d.md", true)]
    [InlineData("docs/[!a-c].md", "docs/a.md", false)]
    [InlineData("docs/[ab.md", "docs/[ab.md", true)]
    [InlineData("docs/\\*.md", "docs/*.md", true)]
    [InlineData("docs/\\*.md", "docs/a.md", false)]
    [InlineData("flake.nix", "flake.nix", true)]
    [InlineData("flake.nix", "nix/flake.nix", false)]
    public void Glob_matches_by_segments(string pattern, string path, bool expected) =>
        Assert.Equal(expected, new Glob(pattern).IsMatch(path));

    [Theory]
    [InlineData("{a,b")]
    [InlineData("a}")]
    [InlineData("{a,{b}")]
    public void Unbalanced_braces_are_refused(string pattern) =>
        Assert.Throws<ArgumentException>(() => new Glob(pattern));

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
        ignore.AddFile("docs", "[Dd]raft*.md\n{a,b}.md\n");

        Assert.True(ignore.IsIgnored("target", isDirectory: true));
        Assert.False(ignore.IsIgnored("target", isDirectory: false));
        Assert.True(ignore.IsIgnored("a/b/debug.log", isDirectory: false));
        Assert.False(ignore.IsIgnored("a/keep.log", isDirectory: false));
        Assert.True(ignore.IsIgnored("build", isDirectory: true));
        Assert.False(ignore.IsIgnored("src/build", isDirectory: true));
        Assert.True(ignore.IsIgnored("crate/generated/x.rs", isDirectory: false));
        Assert.False(ignore.IsIgnored("crateX/generated/x.rs", isDirectory: false));
        Assert.False(ignore.IsIgnored("other/generated/x.rs", isDirectory: false));
        Assert.True(ignore.IsIgnored("docs/x/Draft-1.md", isDirectory: false));
        Assert.False(ignore.IsIgnored("docs/x/raft.md", isDirectory: false));
        Assert.True(ignore.IsIgnored("docs/{a,b}.md", isDirectory: false));
        Assert.False(ignore.IsIgnored("docs/a.md", isDirectory: false));
    }

    [Theory]
    [InlineData("**/target/**", "target/")]
    [InlineData("**/*.rs", ".rs")]
    [InlineData("*/crates/*-server/**/*.rs", "/crates/")]
    [InlineData("docs/**/a\\*b.md", "docs/")]
    [InlineData("x/**", "x/")]
    [InlineData("result-*", "result-")]
    [InlineData("abc{d,e}fghijk", "fghijk")]
    [InlineData("a[xyz]bcdef", "bcdef")]
    [InlineData("{iam,flaredb}/crates/{iam,flaredb}-server/**/*.rs", "/crates/")]
    [InlineData("{a,{b,c}}/docs/x", "/docs/x")]
    [InlineData("{a,[b]}/docs/x", "")]
    [InlineData("ab{c\\,d}/docs/x", "ab")]
    [InlineData("abc{d,e/docs", "abc")]
    [InlineData("**", "")]
    public void The_fast_path_requires_the_longest_plain_run_outside_groups(string pattern, string required)
    {
        Assert.Equal(required, Glob.RequiredLiteral(pattern));
    }

    /// <summary>The fast path only rejects: every verdict equals the automaton's own.</summary>
    [Fact]
    public void The_fast_path_never_changes_a_verdict()
    {
        string[] patterns =
        [
            "**/target/**", "**/*.rs", "*/crates/*-server/**/*.rs", "x/**", "result-*", "result", "**/node_modules/**",
            "docs/**/*.md", "**/tests/**", "a/**/b", "**/a/**/b/**", "{a,b}/**/c.md", "a[!x]c/**", "a\\*b", "**/.git/**",
            "{iam,a}/crates/{iam,a}-server/**/*.rs", "{a,{b,x}}/c.md", "[ab]/x/**", "{,a}/b", "a{/**/,/}b",
        ];
        string[] paths =
        [
            "target", "target/", "target/x", "a/target/b", "a/targets/b", "x", "x/", "x/y", "result", "result-1", "results",
            "a.rs", "src/a.rs", "a.rsx", "iam/crates/iam-server/src/a.rs", "docs/a.md", "docs/x/y.md", "a/b", "a/x/b", "ab",
            "a/a/b/b/c", "a/c.md", "b/x/c.md", "abc/x", "axc/x", "a*b", "ab", ".git/HEAD", "x/.git/config", "node_modules/x",
            "b/x/y", "a/crates/a-server/b.rs", "iam/crates/a-server/b.rs", "x/c.md", "/b", "a/b/b", "a//b",
        ];
        foreach (var pattern in patterns)
        {
            var glob = new Glob(pattern);
            var automaton = GlobAutomaton.Compile(pattern);
            foreach (var path in paths)
                Assert.True(automaton.IsMatch(path) == glob.IsMatch(path), $"{pattern} on {path}");
        }
    }
}
