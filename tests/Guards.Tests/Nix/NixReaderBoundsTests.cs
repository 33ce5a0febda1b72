using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Engine.Text;
using UltraCloud.Guards.Tests.Hardening;

namespace UltraCloud.Guards.Tests.Nix;

/// <summary>
/// Bounded memory and stack in the Nix reader: nesting is refused where Nix's own parser stack
/// ends, before memory grows, as a located UCG0001; the evaluator's budgets (steps, memory,
/// string and list length) and checked integer arithmetic turn a runaway value into a located
/// unknown, never an exception, a stack overflow or gigabytes.
/// </summary>
public sealed class NixReaderBoundsTests
{
    private static readonly Engine.Policy.GuardsPolicy s_policy = Engine.Policy.PolicyLoader.Load(Engine.Policy.PolicyLoader.ShippedDocuments(), null);

    private static ScanResult Scan(params (string Path, string Text)[] files)
    {
        var tree = new InMemoryTree();
        foreach (var (path, text) in files) tree.Add(path, text);
        var result = Hostile.Within(60, () => GuardsEngine.Scan(new ScanOptions { Path = ".", Tree = tree, Policy = s_policy, Jobs = 1 }));
        Hostile.AssertHonest(result, p => tree.Read(p, out _));
        return result;
    }

    private static NixParseResult Parse(string text) => NixParser.Parse(SourceText.FromString("deep.nix", text), TimeSpan.FromSeconds(30));

    public static TheoryData<string, string, string> DeepShapes => new()
    {
        { "lists", "[", "]" },
        { "parentheses", "(", ")" },
        { "sets", "{ a = ", "; }" },
        { "lets", "let a = ", "; in a" },
        { "functions", "x: ", "" },
        { "interpolations", "\"${", "}\"" },
    };

    [Theory]
    [MemberData(nameof(DeepShapes))]
    public void Nesting_a_hundred_thousand_deep_is_a_located_parse_error_in_every_frontend_path(string shape, string open, string close)
    {
        const int Depth = 100_000;
        var body = string.Concat(Enumerable.Repeat(open, Depth)) + "1" + string.Concat(Enumerable.Repeat(close, Depth));

        var result = Scan(("flake.nix", "{ outputs = { self }: { packages.x86_64-linux.a = " + body + "; }; }\n"),
            ("nix/test-cluster/deep.nix", "# TODO: too deep\n" + body + "\n"));

        var parseErrors = result.Findings.Where(f => f.RuleId == "UCG0001").ToList();
        Assert.Equal(["flake.nix", "nix/test-cluster/deep.nix"], parseErrors.Select(f => f.Path).ToArray());
        Assert.All(parseErrors, f => Assert.Contains("nested too deeply", f.Message, StringComparison.Ordinal));
        // Refused where Nix's parser stack of 10,000 entries ends, not at the end of the input.
        Assert.All(parseErrors, f => Assert.True(f.Span.StartColumn < 40_000, $"{shape}: {f.Path}:{f.Span}"));
        // The words of the deep harness file are still read.
        Assert.Contains(result.Findings, f => f.RuleId == "UCG1004" && f.Path == "nix/test-cluster/deep.nix");
    }

    [Theory]
    [InlineData("(", ")", 9_000)]
    [InlineData("[", "]", 4_900)]
    [InlineData("{ a = ", "; }", 2_400)]
    [InlineData("!", "", 9_900)]
    public void Nesting_that_nix_accepts_is_read_on_a_deeper_stack_without_an_error(string open, string close, int depth)
    {
        var parse = Parse(string.Concat(Enumerable.Repeat(open, depth)) + (open == "!" ? "true" : "1") + string.Concat(Enumerable.Repeat(close, depth)));
        Assert.Null(parse.Error);
    }

    [Fact]
    public void A_deep_input_is_refused_before_memory_grows()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var parse = Parse(new string('[', 2_000_000) + new string(']', 2_000_000));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("nested too deeply", parse.Error!.Message, StringComparison.Ordinal);
        // The 4 MB input is read once; what is built stops at Nix's depth.
        Assert.True(allocated < 64L * 1024 * 1024, $"{allocated / (1024 * 1024)} MiB allocated");
    }

    // ------------------------------------------------------------------ the evaluator's budgets

    private static FlakeLookup Package(string expression, out NixWorkspace workspace)
    {
        // `decided` exists exactly when the value is known (as a string, list, number or set).
        var tree = new InMemoryTree().Add("flake.nix",
            "{ outputs = { self, nixpkgs }: let lib = nixpkgs.lib; v = " + expression + "; in { packages.x86_64-linux = { value = v; }"
            + " // (if builtins.isString v || builtins.isList v || builtins.isInt v || builtins.isAttrs v then { decided = true; } else { }); }; }\n");
        workspace = NixWorkspace.ForTree(tree, TimeSpan.FromSeconds(10));
        return workspace.Flake("").Lookup("packages.x86_64-linux.decided");
    }

    [Fact]
    public void A_string_that_doubles_forty_times_is_unknown_within_the_memory_budget()
    {
        var doubling = "let s0 = \"x\"; " + string.Concat(Enumerable.Range(1, 40).Select(i => $"s{i} = s{i - 1} + s{i - 1}; ")) + "in s40";
        var before = GC.GetTotalAllocatedBytes(precise: false);

        var lookup = Package(doubling, out var workspace);

        Assert.Equal(LookupStatus.Unknown, lookup.Status);
        Assert.Contains("longer than the static reader's limit", lookup.Reason, StringComparison.Ordinal);
        Assert.Equal("flake.nix", lookup.Location!.Path);
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 1024L * 1024 * 1024, "the doubling allocated a gigabyte");
        Assert.Contains(workspace.EvaluationDiagnostics, d => d.Message.Contains("longer than the static reader's limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Lists_built_past_the_memory_budget_are_unknown()
    {
        var doubling = "builtins.length (let l0 = lib.range 1 1000; " + string.Concat(Enumerable.Range(1, 30).Select(i => $"l{i} = l{i - 1} ++ l{i - 1}; ")) + "in l30)";
        var lookup = Package(doubling, out _);
        Assert.Equal(LookupStatus.Unknown, lookup.Status);
        Assert.Matches("budget|longer than the static reader's limit", lookup.Reason!);
    }

    public static TheoryData<string, string> RunawayValues => new()
    {
        { "lib.range 0 (-2147483650)", "" },
        { "lib.range 0 2147483650", "longer than the static reader's limit" },
        { "builtins.genList (x: x) (-1)", "cannot create a list of size -1" },
        { "builtins.genList (x: x) 9223372036854775807", "longer than the static reader's limit" },
        { "(-9223372036854775807 - 1) / (-1)", "integer overflow" },
        { "9223372036854775807 + 1", "integer overflow" },
        { "9223372036854775807 * 2", "integer overflow" },
        { "-(-9223372036854775807 - 1)", "integer overflow" },
        { "builtins.div (-9223372036854775807 - 1) (-1)", "integer overflow" },
        { "builtins.sub (-9223372036854775807 - 1) 1", "integer overflow" },
        { "1 / 0", "division by zero" },
        { "builtins.elemAt [ 1 ] 9223372036854775807", "index out of range" },
        { "lib.mkOverride (-5) true", "" },
        { "(let f = { __functor = self: self; }; in f 1)", "nested too deeply" },
        { "lib.foldr builtins.add 0 (lib.range 1 200000)", "nested too deeply" },
        { "builtins.sort (a: b: a < b) (lib.range 1 20000)", "" },
        { "builtins.concatStringsSep \"\" (builtins.genList (x: \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\") 1000000)", "longer than the static reader's limit" },
    };

    [Theory]
    [MemberData(nameof(RunawayValues))]
    public void A_runaway_value_is_decided_or_unknown_with_its_reason_never_an_exception(string expression, string reason)
    {
        var lookup = Package(expression, out _);
        if (reason.Length == 0)
        {
            Assert.Equal(LookupStatus.Found, lookup.Status);
            return;
        }
        Assert.Equal(LookupStatus.Unknown, lookup.Status);
        Assert.Contains(reason, lookup.Reason, StringComparison.Ordinal);
        Assert.Equal("flake.nix", lookup.Location!.Path);
    }

    [Fact]
    public void A_runaway_flake_is_a_located_unresolved_finding_in_a_scan_never_an_internal_error()
    {
        var result = Scan(("flake.nix", """
            { outputs = { self, nixpkgs }: let lib = nixpkgs.lib; in {
                nixosConfigurations = builtins.listToAttrs (builtins.genList (i: { name = "n${toString i}"; value = i; }) (-1));
                packages.x86_64-linux = lib.genAttrs [ "a" ((-9223372036854775807 - 1) / (-1)) ] (x: x);
              }; }
            """));
        Assert.Empty(result.InternalErrors);
        var unresolved = result.Findings.Where(f => f.RuleId == "UCG0003").ToList();
        Assert.NotEmpty(unresolved);
        Assert.All(unresolved, f => Assert.Equal("flake.nix", f.Path));
        Assert.Contains(unresolved, f => f.Message.Contains("cannot create a list of size -1", StringComparison.Ordinal));
    }
}
