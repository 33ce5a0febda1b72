using System.Diagnostics;
using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Hardening;

/// <summary>
/// Bad configuration: every mistake in uc-guards.yaml or on the command line is exit 2 with the
/// file, the line and what is wrong; nothing is scanned and nothing is written.
/// </summary>
public sealed class HostileConfigTests
{
    private static Hostile.Run CheckWithConfig(string yaml, params string[] extra)
    {
        using var tree = new TempFolder();
        tree.Write("docs/a.md", "text\n");
        tree.Write("uc-guards.yaml", yaml);
        return Hostile.Within(30, () => Hostile.Cli(["check", tree.Root, .. extra]));
    }

    private static void AssertUsageError(Hostile.Run run, string where, string what)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(where, run.Stderr);
        Assert.Contains(what, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("internal error", run.Stderr);
    }

    public static TheoryData<string, string, string> BadConfigurations => new()
    {
        { "version: 1\nrules: [\n", "uc-guards.yaml:3:1", "malformed YAML" },
        { "version: 1\n\trules: {}\n", "uc-guards.yaml:", "malformed YAML" },
        { "version: 1\nrules:\n  UCG9999:\n    severity: error\n", "uc-guards.yaml:3:3", "unknown rule id 'UCG9999'" },
        { "version: 1\ndisable: [UCG1001, UCG4242]\n", "uc-guards.yaml:2:20", "unknown rule id 'UCG4242'" },
        { "version: 1\nrules:\n  UCG0001:\n    severity: loud\n", "uc-guards.yaml:4:15", "unknown severity 'loud'" },
        { "version: 1\nrulez: {}\n", "uc-guards.yaml:2:1", "unknown key 'rulez'" },
        { "version: 1\nversion: 2\n", "uc-guards.yaml:2:1", "duplicate key 'version'" },
        { "just a string\n", "uc-guards.yaml:1:1", "must be a mapping" },
        { "version: 1\nmax-file-size: -3MiB\n", "uc-guards.yaml:2:16", "positive size" },
        { "version: 1\nparse-budget: forever\n", "uc-guards.yaml:2:15", "parse-budget must be a positive number" },
        { "version: 1\nrules:\n  UCG0001:\n    options:\n      nope: 1\n", "uc-guards.yaml:5:7", "unknown option 'nope'" },
        { "version: 1\nscopes:\n  mine:\n    include: [\"{a,b\"]\n", "uc-guards.yaml:4:15", "unbalanced braces" },
        { "a: *nowhere\n", "uc-guards.yaml:1:4", "unknown YAML alias" },
        { "version: 1\n---\nversion: 1\n", "uc-guards.yaml:1:1", "only one YAML document" },
        { "version: 1\nfail-on: sometimes\n", "uc-guards.yaml:2:10", "unknown severity 'sometimes'" },
        { "version: 1\ninclude: [\"\"]\n", "uc-guards.yaml:2:11", "include names no usable file" },
        { "version: \"\u0000\"\nrules: \u0001\n", "uc-guards.yaml", "malformed YAML" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public void A_bad_configuration_is_exit_2_with_file_line_and_reason(string yaml, string where, string what) =>
        AssertUsageError(CheckWithConfig(yaml), where, what);

    [Fact]
    public void A_billion_laughs_alias_bomb_is_refused_quickly_and_in_bounded_memory()
    {
        var yaml = new System.Text.StringBuilder("version: 1\nlol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 12; i++)
            yaml.Append($"lol{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<PolicyException>(() => YamlPolicyReader.Read("bomb.yaml", yaml.ToString()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200L * 1024 * 1024, "the expansion was not bounded");
        Assert.Equal(("bomb.yaml", 7), (error.File, error.Line));
        Assert.Contains("alias expansion", error.Reason);
        AssertUsageError(CheckWithConfig(yaml.ToString()), "uc-guards.yaml:7:", "alias expansion exceeds");
    }

    [Fact]
    public void Deeply_nested_yaml_is_refused_without_exhausting_the_stack()
    {
        var yaml = "version: 1\nrules: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        AssertUsageError(CheckWithConfig(yaml), "uc-guards.yaml:2:", "nested deeper than");
    }

    [Fact]
    public void A_configuration_that_includes_itself_names_the_include_entry_and_the_cycle()
    {
        AssertUsageError(CheckWithConfig("version: 1\ninclude: [uc-guards.yaml]\n"), "uc-guards.yaml:2:11", "configuration includes itself");

        using var tree = new TempFolder();
        tree.Write("uc-guards.yaml", "version: 1\ninclude: [more/b.yaml]\n");
        tree.Write("more/b.yaml", "version: 1\ninclude:\n  - ../uc-guards.yaml\n");
        var run = Hostile.Cli("check", tree.Root);
        AssertUsageError(run, "b.yaml:3:5", "configuration includes itself");
        Assert.Contains("uc-guards.yaml -> " + tree["more/b.yaml"] + " -> " + tree["uc-guards.yaml"], run.Stderr);
    }

    [Fact]
    public void Missing_or_unusable_configuration_files_are_named()
    {
        AssertUsageError(CheckWithConfig("version: 1\ninclude: [missing.yaml]\n"), "uc-guards.yaml:2:11", "included configuration file not found");
        AssertUsageError(CheckWithConfig("version: 1\ninclude: [docs]\n"), "uc-guards.yaml:2:11", "is a folder");

        using var tree = new TempFolder();
        tree.Write("a.md", "x\n");
        AssertUsageError(Hostile.Cli("check", tree.Root, "--config", tree["nope.yaml"]), tree["nope.yaml"], "configuration file not found");
        AssertUsageError(Hostile.Cli("check", tree.Root, "--config", tree.Root), tree.Root, "is a folder");
        AssertUsageError(Hostile.Cli("check", tree["no/such/path"]), "no/such/path", "path does not exist");
        AssertUsageError(Hostile.Cli("check", tree.Root, "--policy", tree["no-policy"]), "no-policy", "policy directory does not exist");
    }

    [Fact]
    public void An_output_in_a_missing_folder_or_an_unknown_rule_fails_before_anything_is_written()
    {
        using var tree = new TempFolder();
        tree.Write("a.md", "x\n");
        var before = Directory.EnumerateFileSystemEntries(tree.Root, "*", SearchOption.AllDirectories).Order().ToList();

        AssertUsageError(Hostile.Cli("check", tree.Root, "--output", tree["missing/dir/report.json"], "--format", "json"), "--output", "folder does not exist");
        AssertUsageError(Hostile.Cli("check", tree.Root, "--output", tree.Root), "--output", "is a folder");
        AssertUsageError(Hostile.Cli("check", tree.Root, "--report", "sarif=" + tree["missing/x.sarif"]), "--report", "folder does not exist");
        var rule = Hostile.Cli("check", tree.Root, "--rule", "UCG9999", "--output", tree["report.txt"]);
        AssertUsageError(rule, "--rule: ", "unknown rule id 'UCG9999'");
        AssertUsageError(Hostile.Cli("check", tree.Root, "--format", "yaml"), "--format", "unknown format 'yaml'");

        Assert.Equal(before, Directory.EnumerateFileSystemEntries(tree.Root, "*", SearchOption.AllDirectories).Order().ToList());
    }

    [Theory]
    [InlineData("(a+)+$")]
    [InlineData("(x+x+)+y")]
    [InlineData("^(([a-z])+.)+[A-Z]([a-z])+$")]
    public void A_catastrophic_pattern_from_policy_runs_in_linear_time(string pattern)
    {
        var regex = PolicyRegex.Compile(pattern, new PolicyScalar("uc-guards.yaml", 3, 7, pattern));
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking));
        Assert.Equal(PolicyRegex.MatchTimeout, regex.MatchTimeout);
        var input = new string('a', 200_000) + "!" + new string('x', 200_000);
        var clock = Stopwatch.StartNew();
        _ = regex.IsMatch(input);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{pattern} took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(@"(a)\1", true)]
    [InlineData(@"(?<n>a)\k<n>", true)]
    [InlineData(@"(?=x)y", true)]
    [InlineData(@"(?!x)y", true)]
    [InlineData(@"(?<=x)y", true)]
    [InlineData(@"(?<!x)y", true)]
    [InlineData(@"(?>a+)", true)]
    [InlineData(@"(?(a)b|c)", true)]
    [InlineData(@"(?<a>x)(?<b-a>y)", true)]
    [InlineData(@"([unclosed", true)]
    [InlineData(@"TODO:", false)]
    [InlineData(@"best[- ]effort", false)]
    [InlineData(@"(?<name>x)+", false)]
    [InlineData(@"(?i:fix)me", false)]
    [InlineData(@"[(?=]x", false)]
    [InlineData(@"a\\1", false)]
    [InlineData(@"\(\?=x", false)]
    [InlineData(@"[\]\1]", false)]
    [InlineData(@"[]\1]x", false)]
    [InlineData(@"[^]\1]x", false)]
    public void The_cheap_load_time_check_refuses_exactly_what_the_linear_matcher_refuses(string pattern, bool refused)
    {
        var where = new PolicyScalar("uc-guards.yaml", 3, 7, pattern);
        // The linear matcher's own verdict, without the load-time check in front of it.
        var linear = Record.Exception(() => new Regex(pattern, PolicyRegex.SafeOptions));
        var validated = Record.Exception(() => PolicyRegex.Validate(pattern, where));
        Assert.Equal(refused, linear is not null);
        Assert.Equal(refused, validated is not null);
        if (validated is not null) Assert.Equal(("uc-guards.yaml", 3, 7), (((PolicyException)validated).File, ((PolicyException)validated).Line, ((PolicyException)validated).Column));
    }

    [Theory]
    [InlineData(@"(a)\1", "cannot run in linear time")]
    [InlineData(@"(?=x)y", "cannot run in linear time")]
    [InlineData(@"(?>a+)", "cannot run in linear time")]
    [InlineData(@"([unclosed", "invalid pattern")]
    public void A_pattern_the_linear_matcher_cannot_run_is_a_policy_error_with_its_place(string pattern, string what)
    {
        var error = Assert.Throws<PolicyException>(() => PolicyRegex.Compile(pattern, new PolicyScalar("uc-guards.yaml", 3, 7, pattern)));
        Assert.Equal(("uc-guards.yaml", 3, 7), (error.File, error.Line, error.Column));
        Assert.Contains(what, error.Reason);
    }

    /// <summary>
    /// The audit: every regular expression built at run time from data in the shipped code either
    /// goes through <see cref="PolicyRegex"/>, is linear (NonBacktracking), or, where it needs
    /// lookarounds over phrases the code escaped, runs with a match timeout (which the engine turns
    /// into UCG0001 for that file). Literal patterns and [GeneratedRegex] are code, not data.
    /// </summary>
    [Fact]
    public void Every_runtime_regex_in_the_shipped_code_is_linear_time()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            if (Path.GetFileName(file) == "PolicyRegex.cs") continue;
            var code = File.ReadAllText(file);
            foreach (Match construction in Regex.Matches(code, @"new\s+(?:System\.Text\.RegularExpressions\.)?Regex\s*\("))
            {
                var args = Arguments(code, construction.Index + construction.Length);
                var pattern = args.Count > 0 ? args[0] : "";
                var literal = Regex.IsMatch(pattern, "^@?\"(?:[^\"\\\\]|\\\\.|\"\")*\"$");
                var linear = args.Count > 1 && (args[1].Contains("NonBacktracking", StringComparison.Ordinal) || args[1].Contains("PolicyRegex.SafeOptions", StringComparison.Ordinal));
                var timed = args.Count > 2;
                if (!literal && !linear && !timed)
                    offenders.Add($"{Path.GetRelativePath(Repo.Root, file)}:{code[..construction.Index].Count(c => c == '\n') + 1}: new Regex({string.Join(", ", args)})");
            }
            foreach (Match call in Regex.Matches(code, @"\bRegex\.(?:IsMatch|Match|Matches|Replace|Split|Count|EnumerateMatches)\s*\([^,;]*,\s*(?<pattern>[^,;)]*)"))
            {
                var pattern = call.Groups["pattern"].Value.Trim();
                if (!(pattern.StartsWith('"') || pattern.StartsWith("@\"", StringComparison.Ordinal)))
                    offenders.Add($"{Path.GetRelativePath(Repo.Root, file)}:{code[..call.Index].Count(c => c == '\n') + 1}: {call.Value.Trim()}");
            }
        }
        Assert.True(offenders.Count == 0, "regexes that can backtrack on data-driven patterns:\n" + string.Join("\n", offenders));
    }

    /// <summary>The top-level, comma-separated arguments of a call whose '(' ends just before <paramref name="start"/>.</summary>
    private static List<string> Arguments(string code, int start)
    {
        var args = new List<string>();
        var depth = 0;
        var current = new System.Text.StringBuilder();
        var inString = false;
        var verbatim = false;
        for (var i = start; i < code.Length; i++)
        {
            var c = code[i];
            if (inString)
            {
                current.Append(c);
                if (!verbatim && c == '\\' && i + 1 < code.Length) { current.Append(code[++i]); continue; }
                if (c == '"')
                {
                    if (verbatim && i + 1 < code.Length && code[i + 1] == '"') { current.Append(code[++i]); continue; }
                    inString = false;
                }
                continue;
            }
            if (c == '"') { inString = true; verbatim = i > 0 && code[i - 1] == '@'; current.Append(c); continue; }
            if (c is '(' or '[' or '{') depth++;
            if (c is ')' or ']' or '}')
            {
                if (depth == 0) break;
                depth--;
            }
            if (c == ',' && depth == 0) { args.Add(current.ToString().Trim()); current.Clear(); continue; }
            current.Append(c);
        }
        if (current.ToString().Trim() is { Length: > 0 } last) args.Add(last);
        return args;
    }
}
