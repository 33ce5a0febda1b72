using System.Diagnostics;
using System.Text;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Tests.Nix;

[CollectionDefinition(nameof(NixReaderComplexityTests), DisableParallelization = true)]
public sealed class NixReaderComplexityCollection;

/// <summary>
/// Linear time in the Nix reader: each shape that once grew quadratically (an operator chain, a
/// let or attribute set of many bindings, a string built from many pieces, a long call) is
/// scanned with every rule at two sizes eight times apart. The CPU time of the larger may be at
/// most 24 times the smaller's (linear gives about 8, quadratic about 64). CPU time rather than
/// wall time, alone in its collection, the best of three runs: a busy machine slows both sizes alike.
/// </summary>
[Collection(nameof(NixReaderComplexityTests))]
[Trait("Category", "Slow")]
public sealed class NixReaderComplexityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Growth = 8;
    private const double MaxRatio = 24;

    /// <summary>A root flake whose one package is the shape, so that the flake rules evaluate it.</summary>
    private static string Flake(string package) =>
        "{ outputs = { self, nixpkgs }: let pkgs = nixpkgs.legacyPackages.x86_64-linux; in { packages.x86_64-linux.shape = " + package + "; }; }\n";

    public static TheoryData<string, int> Shapes => new()
    {
        { "operator chain", 8_000 },
        { "let bindings", 6_000 },
        { "set bindings", 6_000 },
        { "dotted bindings", 6_000 },
        { "string pieces", 8_000 },
        { "call chain", 8_000 },
        { "list", 8_000 },
    };

    private static string Shape(string name, int n) => name switch
    {
        "operator chain" => string.Join(" + ", Enumerable.Repeat("1", n)),
        "let bindings" => "let " + string.Concat(Enumerable.Range(0, n).Select(i => $"a{i} = {i}; ")) + "in a0",
        "set bindings" => "{ " + string.Concat(Enumerable.Range(0, n).Select(i => $"a{i} = {i}; ")) + "}",
        "dotted bindings" => "{ " + string.Concat(Enumerable.Range(0, n).Select(i => $"x.a{i}.b = {i}; ")) + "}",
        "string pieces" => "\"" + string.Concat(Enumerable.Repeat("${\"x\"}", n)) + "\"",
        "call chain" => "pkgs.f " + string.Join(" ", Enumerable.Repeat("1", n)),
        "list" => "[ " + string.Join(" ", Enumerable.Range(0, n)) + " ]",
        _ => throw new ArgumentException(name),
    };

    private static readonly Engine.Policy.GuardsPolicy s_policy = Engine.Policy.PolicyLoader.Load(Engine.Policy.PolicyLoader.ShippedDocuments(), null);

    private static TimeSpan CpuTimeOfScan(string flake)
    {
        var tree = new InMemoryTree().Add("flake.nix", flake);
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            var result = GuardsEngine.Scan(new ScanOptions { Path = ".", Tree = tree, Policy = s_policy, Jobs = 1 });
            process.Refresh();
            var cpu = process.TotalProcessorTime - before;
            Assert.Empty(result.InternalErrors);
            Assert.DoesNotContain(result.Findings, f => f.RuleId == "UCG0001");
            if (cpu < best) best = cpu;
        }
        return best;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_reader_step_is_linear_in_the_input(string shape, int size)
    {
        CpuTimeOfScan(Flake(Shape(shape, size / 4)));
        var small = CpuTimeOfScan(Flake(Shape(shape, size)));
        var large = CpuTimeOfScan(Flake(Shape(shape, size * Growth)));
        var ratio = large.TotalMilliseconds / Math.Max(1, small.TotalMilliseconds);
        output.WriteLine($"{shape}: {size} in {small.TotalMilliseconds:0} ms CPU, {size * Growth} in {large.TotalMilliseconds:0} ms CPU (x{ratio:0.0})");
        Assert.True(ratio < MaxRatio, $"{shape}: {Growth} times the input took {ratio:0.0} times the CPU time ({small} then {large})");
    }

    [Fact]
    public void The_largest_shapes_fit_the_size_limit()
    {
        foreach (var row in Shapes)
        {
            var (shape, size) = ((string)row[0], (int)row[1]);
            Assert.True(Encoding.UTF8.GetByteCount(Flake(Shape(shape, size * Growth))) < 2 * 1024 * 1024, shape);
        }
    }
}
