using System.Text;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Hardening;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Git;

/// <summary>
/// Inside a git work tree the tool decides what is ignored with its own matcher: the same answer
/// as git on ordinary trees (generated trees and ignore files, compared with
/// <c>git ls-files --cached --others --exclude-standard</c>), and work linear in the input on
/// hostile ones (operations counted at two sizes).
/// </summary>
public sealed class IgnoreDiscoveryTests
{
    private static readonly string[] s_folders = ["src", "build", "docs", "a", "b", "target", "x y", "é", "lib.d", "[ab]", "dir*", ".hidden", "logs", "deep"];
    private static readonly string[] s_stems = ["main", "readme", "a", "b", "test", "#note", "!bang", "x?y", "data", "é", "[x]", "foo.bar", "ab", "trail ", "Draft", "1st", "~backup"];
    private static readonly string[] s_extensions = [".rs", ".md", ".log", ".o", "", ".tmp", ".txt", ".c"];

    private static readonly string[] s_patterns =
    [
        "*.log", "*.o", "build/", "/target", "docs/*.md", "a/**/b", "**/logs", "deep/**", "*", "!*.rs", "[a-c]*", "?", "??*.md",
        "\\#note.md", "\\!bang.md", "!docs/", "trail\\ .md", "readme.md   ", "[!a]*.txt", "[[:digit:]]*", "*.[ot]*", "**/build/",
        "a**b", "x/*/y", "[]x]*", "[a-]*", "*~*", "é*", "!é.md", "src/*", "!src/main.rs", "lib.d/", "*.tmp", "!test.tmp", "/docs",
        "dir\\*/", "\\[ab\\]/", "data*", "!/a", "**/a/**", "b/", "x y/", "*.c", "foo.*", "!*.md", "/*.txt", "**", "deep/a", "#comment",
        "", "logs/**/*.log", "src/**", "[[:alpha:]][[:alpha:]].*", "[^b]*.rs", ".hidden", "!.hidden/", "*/test*", "\\", "[", "[[:nope:]]",
    ];

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void The_files_listed_are_the_ones_git_lists_on_generated_trees(int seed)
    {
        var random = new Random(seed);
        using var tree = new TempFolder();
        var folders = new List<string> { "" };
        for (var i = 0; i < 25; i++)
        {
            var parent = folders[random.Next(folders.Count)];
            if (parent.Count(c => c == '/') >= 3) continue;
            var folder = parent.Length == 0 ? s_folders[random.Next(s_folders.Length)] : parent + "/" + s_folders[random.Next(s_folders.Length)];
            if (!folders.Contains(folder)) folders.Add(folder);
        }
        var files = new List<string>();
        for (var i = 0; i < 160; i++)
        {
            var folder = folders[random.Next(folders.Count)];
            var name = s_stems[random.Next(s_stems.Length)] + s_extensions[random.Next(s_extensions.Length)];
            var path = folder.Length == 0 ? name : folder + "/" + name;
            if (files.Contains(path) || folders.Contains(path)) continue;
            tree.Write(path, "x\n");
            files.Add(path);
        }
        foreach (var folder in folders.Where(f => random.Next(3) == 0).Append(""))
        {
            var lines = Enumerable.Range(0, random.Next(2, 9)).Select(_ => s_patterns[random.Next(s_patterns.Length)]);
            var newline = random.Next(4) == 0 ? "\r\n" : "\n";
            tree.Write(folder.Length == 0 ? ".gitignore" : folder + "/.gitignore", string.Join(newline, lines) + (random.Next(2) == 0 ? newline : ""));
        }
        tree.Git("init", "-q");
        tree.Write(".git/info/exclude", string.Join("\n", Enumerable.Range(0, 3).Select(_ => s_patterns[random.Next(s_patterns.Length)])) + "\n");
        var excludesFile = Path.Combine(Path.GetDirectoryName(tree.Root)!, "global-ignore");
        File.WriteAllText(excludesFile, s_patterns[random.Next(s_patterns.Length)] + "\n*.bak\n");
        tree.Git("config", "core.excludesFile", excludesFile);
        // Some files are tracked, ignored or not: git lists a tracked file whatever the patterns say.
        var tracked = files.Where(_ => random.Next(5) == 0).ToList();
        if (tracked.Count > 0)
        {
            tree.Git(["add", "-f", "--", .. tracked]);
            tree.Git("commit", "-qm", "some");
        }
        if (folders.Count > 2)
        {
            Directory.CreateDirectory(tree[folders[1]]);
            Directory.CreateSymbolicLink(tree[folders[1] + "/link"], "..");
        }

        var git = tree.Git("-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        var ours = new WorkingTree(tree.Root) { DefaultExcludesFile = "/nonexistent" }.Enumerate()
            .Where(e => e.SkipReason is null or SkipReasons.Symlink or SkipReasons.LinkLeavesTree or SkipReasons.BrokenLink)
            .Select(e => e.Path).ToList();

        var ignoreFiles = string.Join("\n", Directory.EnumerateFiles(tree.Root, ".gitignore", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => $"{Path.GetRelativePath(tree.Root, f)}: {File.ReadAllText(f).ReplaceLineEndings("|")}"));
        Assert.True(git.SequenceEqual(ours),
            $"only git: {string.Join(", ", git.Except(ours))}\nonly ours: {string.Join(", ", ours.Except(git))}\n{ignoreFiles}");
    }

    [Fact]
    public void Patterns_follow_git_rules_for_anchors_folders_negation_and_escapes()
    {
        var ignore = new GitIgnore();
        ignore.AddFile("", "target/\n*.log\n!keep.log\n/build\n\\#note\ntrail\\ \nsp   \nfoo**bar\na/**/b\nx/**\n[[:digit:]]*\n");
        ignore.AddFile("crate", "generated/**\n*.rs\n!lib.rs\n");

        (string Path, bool Directory, bool Ignored)[] cases =
        [
            ("target", true, true), ("target", false, false), ("src/target", true, true), ("target/x.rs", false, true),
            ("a/b/debug.log", false, true), ("a/keep.log", false, false), ("build", true, true), ("src/build", true, false),
            ("#note", false, true), ("trail ", false, true), ("trail", false, false), ("sp", false, true), ("sp ", false, false),
            ("foo-bar", false, true), ("foo/bar", false, false), ("a/b", false, true), ("a/x/y/b", false, true), ("ab", false, false),
            ("x", true, false), ("x/y/z", false, true), ("1st.md", false, true), ("d/2.md", false, true),
            ("crate/generated/x.txt", false, true), ("crate/generated", true, false), ("crate/src/a.rs", false, true),
            ("crate/src/lib.rs", false, false), ("other/a.rs", false, false),
        ];
        foreach (var (path, directory, ignored) in cases)
            Assert.True(ignored == ignore.IsIgnored(path, directory), $"{path} ({(directory ? "folder" : "file")})");
    }

    /// <summary>The operations the ignore matching of one enumeration takes.</summary>
    private static long WorkOf(string ignoreFile, IEnumerable<string> untracked)
    {
        using var tree = new TempFolder();
        tree.Write(".gitignore", ignoreFile);
        foreach (var name in untracked) tree.Write(name, "");
        TempFolder.Git(tree.Root, "init", "-q");
        var working = new WorkingTree(tree.Root) { DefaultExcludesFile = "/nonexistent" };
        Hostile.Within(60, () => working.Enumerate().Count());
        return working.IgnoreWork;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_backtracking_pattern_against_a_long_name_costs_linear_work()
    {
        // a*a*...*a*b against a run of a's: a backtracking matcher (libgit2's, git's) takes time
        // growing with the name's length to the power of the stars.
        var pattern = string.Concat(Enumerable.Repeat("a*", 40)) + "b\n";
        var small = WorkOf(pattern, [new string('a', 120)]);
        var large = WorkOf(pattern, [new string('a', 240)]);

        Assert.True(large <= 3 * small, $"work {small} at 120 bytes, {large} at 240");
        Assert.True(small < 200_000, $"work {small}");
    }

    public static TheoryData<string> ManyPatternShapes => new() { "literal", "suffix", "folder", "glob", "anchored" };

    private static string Shape(string shape, int i) => shape switch
    {
        "literal" => $"file{i}.txt",
        "suffix" => $"*.ext{i}",
        "folder" => $"dir{i}/",
        "glob" => $"f{i}*x",
        _ => $"/sub{i % 97}/f{i}*.md",
    };

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(ManyPatternShapes))]
    public void Many_patterns_over_many_files_cost_work_linear_in_each(string shape)
    {
        // Names that share their start with the patterns, half of them ending as the globs do.
        static IEnumerable<string> Files(int count) => Enumerable.Range(0, count).Select(i => $"f{i * 7919 % 100_000}{(i % 2 == 0 ? ".md" : "x")}");
        string Patterns(int count) => string.Join("\n", Enumerable.Range(0, count).Select(i => Shape(shape, i))) + "\n";

        var baseline = WorkOf(Patterns(2_000), Files(1_000));
        var morePatterns = WorkOf(Patterns(4_000), Files(1_000));
        var moreFiles = WorkOf(Patterns(2_000), Files(2_000));

        Assert.True(baseline > 0, $"{shape}: no work counted");
        Assert.True(morePatterns <= 3 * baseline, $"{shape}: work {baseline} with 2,000 patterns, {morePatterns} with 4,000");
        Assert.True(moreFiles <= 3 * baseline, $"{shape}: work {baseline} over 1,000 files, {moreFiles} over 2,000");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void A_hostile_ignore_file_in_a_repository_does_not_stall_the_scan()
    {
        using var tree = new TempFolder();
        var patterns = new StringBuilder();
        patterns.Append(string.Concat(Enumerable.Repeat("a*", 60))).Append("b\n");
        for (var i = 0; i < 20_000; i++) patterns.Append("f").Append(i).Append("*x\n");
        tree.Write(".gitignore", patterns.ToString());
        tree.Write(new string('a', 250), "PROBE\n");
        for (var i = 0; i < 2_000; i++) tree.Write($"d{i % 20}/f{i}.md", i % 2 == 0 ? "PROBE\n" : "text\n");
        tree.Write("d0/f1x", "ignored PROBE\n");
        tree.Git("init", "-q");

        var result = Hostile.Within(60, () => Probe.Scan(tree.Root));

        Assert.Equal(1_001, result.Findings.Count(f => f.RuleId == ProbeRule.RuleId));
        Assert.DoesNotContain(result.Findings, f => f.Path == "d0/f1x");
    }
}
