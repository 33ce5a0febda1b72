using System.Text.RegularExpressions;
using CsCheck;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Hardening;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Policy;

/// <summary>
/// Every policy pattern that loads, runs: the load-time check accepts exactly what the linear
/// matcher (<see cref="RegexOptions.NonBacktracking"/>) builds, alone and inside the group a rule
/// puts it in.
/// </summary>
public sealed class PolicyRegexTests
{
    /// <summary>The matcher's own verdict on a policy pattern as rules use it.</summary>
    private static bool EngineRuns(string pattern)
    {
        try
        {
            _ = new Regex(pattern, PolicyRegex.SafeOptions);
            _ = new Regex("(?:" + pattern + ")", PolicyRegex.SafeOptions);
            return true;
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The constructs the linear matcher refuses, one per line, each as a configuration error at its place.</summary>
    public static TheoryData<string, string> RefusedConstructs => new()
    {
        { @"(a)\1", "a numbered backreference" },
        { @"(?<n>a)\k<n>", "a named backreference" },
        { @"(?<n>a)\k'n'", "a named backreference, quoted" },
        { @"(?=x)y", "a lookahead" },
        { @"(?!x)y", "a negative lookahead" },
        { @"(?<=x)y", "a lookbehind" },
        { @"(?<!x)y", "a negative lookbehind" },
        { @"(?>a+)b", "an atomic group" },
        { @"(a)?(?(1)b|c)", "a group conditional" },
        { @"(?(a)b|c)", "an expression conditional" },
        { @"(?<a>x)(?<b-a>y)", "a balancing group" },
        { @"(?'a'x)(?'b-a'y)", "a balancing group, quoted" },
        { @"\GTODO", "a contiguous-match anchor" },
        { @"x|\G", "a contiguous-match anchor in an alternative" },
        { @"a{20000}", "a very large repetition count" },
        { @"a{0,100000}", "a very large upper bound" },
        { @"(?:ab{200}){100}", "nested counts over the automaton limit" },
        { @"\w{1,50000}", "a large count of a class" },
        { "(?x) TODO # a comment to the end", "an (?x) comment that swallows the rest of the rule's pattern" },
        { "(?x:TODO # comment)", "an (?x) comment that swallows its own group" },
        { @"([unclosed", "a pattern that does not parse" },
        { @"TODO)(", "a group closed that was never opened" },
        { @"\", "a trailing escape" },
    };

    [Theory]
    [MemberData(nameof(RefusedConstructs))]
    public void The_engine_refuses_and_so_does_the_load_time_check_with_the_place(string pattern, string construct)
    {
        Assert.False(EngineRuns(pattern), $"the linear matcher runs {construct}: '{pattern}'");
        var error = Assert.Throws<PolicyException>(() => PolicyRegex.Validate(pattern, new PolicyScalar("uc-guards.yaml", 7, 19, pattern)));
        Assert.Equal(("uc-guards.yaml", 7, 19), (error.File, error.Line, error.Column));
        Assert.StartsWith("uc-guards.yaml:7:19: ", error.Message);
    }

    public static TheoryData<string> AcceptedPatterns => new()
    {
        "TODO:", "best[- ]effort", @"\bFIXME\b", "(?i:fix)me", "(?<name>x)+", @"[(?=]x", @"a\\1", @"\(\?=x", @"[\]\1]", @"[]\1]x", @"[^]\1]x",
        @"\p{Lu}{2}ME", "a{1000}", "(?#a comment)TODO", "(?x) T O D O # spaced, the comment ended by a newline\n", @"^\s*XXX$", "(?n)(a|b)c", "(?'n'x)",
        "a*?b+?c??", @"[a-z-[aeiou]]", @"\A\z", "(?s:.)", "(?i-m)x",
    };

    [Theory]
    [MemberData(nameof(AcceptedPatterns))]
    public void The_engine_runs_and_the_load_time_check_accepts(string pattern)
    {
        Assert.True(EngineRuns(pattern), $"the linear matcher refuses '{pattern}'");
        PolicyRegex.Validate(pattern, new PolicyScalar("uc-guards.yaml", 1, 1, pattern));
        Assert.True(PolicyRegex.Compile(pattern, new PolicyScalar("uc-guards.yaml", 1, 1, pattern)).Options.HasFlag(RegexOptions.NonBacktracking));
    }

    private static readonly string[] s_pieces =
    [
        "a", "b", "TODO", " ", "#", "\n", "|", "*", "+", "?", "(", ")", "(?:", "(?i)", "(?x)", "(?-x)", "(?#", "(?=", "(?!", "(?<=", "(?<!",
        "(?>", "(?(", "(?<n>", "(?'m'", "(?<o-n>", @"\1", @"\k<n>", @"\G", @"\b", @"\d", @"\p{L}", "[", "]", "[^", "^", "$", "{2}",
        "{3,}", "{9999}", "{20000}", "{1,300}", "{", "}", ",", "-", @"\", ".",
    ];

    /// <summary>Random patterns from the constructs above: the check and the matcher agree on every one.</summary>
    [Fact]
    public void The_check_and_the_engine_agree_on_random_patterns()
    {
        Gen.Int[0, s_pieces.Length - 1].Array[1, 10]
            .Select(indices => string.Concat(indices.Select(i => s_pieces[i])))
            .Sample(pattern => (PolicyRegex.Refusal(pattern) is null) == EngineRuns(pattern), iter: 3000, threads: 1);
    }

    [Fact]
    public void The_cheap_path_never_vouches_for_a_pattern_the_engine_refuses()
    {
        foreach (var (pattern, _) in RefusedConstructs.Select(row => ((string)row[0], (string)row[1])))
        {
            if (Record.Exception(() => new Regex(pattern)) is null && Record.Exception(() => new Regex("(?:" + pattern + ")")) is null)
                Assert.False(PolicyRegex.IsVouched(pattern), pattern);
        }
    }

    /// <summary>UCG1003 combines its markers into one pattern: a marker that breaks the combination is refused at its place.</summary>
    [Fact]
    public void A_marker_pattern_the_engine_refuses_is_a_configuration_error_at_load()
    {
        using var tree = new TempFolder();
        tree.Write("fiberlb/crates/fiberlb-server/src/lib.rs", "// TODO: later\nfn f() {}\n");
        tree.Write("uc-guards.yaml", "version: 1\nrules:\n  UCG1003:\n    extend:\n      markers:\n        - pattern: '\\GHACK'\n");
        var run = Hostile.Cli("check", tree.Root);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("uc-guards.yaml:6:20: pattern '\\GHACK' cannot run in linear time", run.Stderr);
        Assert.DoesNotContain("internal error", run.Stderr);

        tree.Write("uc-guards.yaml", "version: 1\nrules:\n  UCG1003:\n    extend:\n      markers:\n        - pattern: '(?x)HACK # later'\n");
        run = Hostile.Cli("check", tree.Root);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("uc-guards.yaml:6:20: pattern '(?x)HACK # later' cannot stand inside a group", run.Stderr);
    }
}
