using System.Diagnostics;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>
/// How a workload grows with its input, loosely: the same workload at size n and 4n, each timed in
/// processor time (not wall-clock time, which a busy machine stretches at random), best of three
/// runs taken in turns after a warm-up, and the larger may cost at most <c>maxRatio</c> times the
/// smaller, in one of up to three rounds. Linear work costs about 4 times as much, quadratic work 16 times; the default bound of
/// 10 separates them with room for noise. Not a speed target: only the ratio is asserted. Tests
/// using it run in <see cref="Collection"/>, alone, so that the suite's other tests do not share
/// the process's processor time.
/// </summary>
public static class GrowthCheck
{
    public const string Collection = "growth";

    /// <param name="prepare">Builds the input of the given size (untimed) and returns the work to time.</param>
    public static void AssertLinear(string what, int n, Func<int, Action> prepare, double maxRatio = 10)
    {
        var small = prepare(n);
        var large = prepare(4 * n);
        // Warm-up: the JIT compiles and then recompiles hot code; that work must not count for one size only.
        for (var i = 0; i < 2; i++) small();
        large();
        // A burst of load can still spoil one round; work that really grows faster fails every round.
        var rounds = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var smallTime = TimeSpan.MaxValue;
            var largeTime = TimeSpan.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                smallTime = Min(smallTime, Time(small));
                largeTime = Min(largeTime, Time(large));
            }
            // A floor keeps a run of a few milliseconds from turning noise into a ratio.
            if (largeTime.TotalMilliseconds <= maxRatio * Math.Max(smallTime.TotalMilliseconds, 50)) return;
            rounds.Add($"{smallTime.TotalMilliseconds:0} ms / {largeTime.TotalMilliseconds:0} ms");
        }
        Assert.Fail($"{what}: size {n} against size {4 * n} took more than {maxRatio} times the processor time in every round: {string.Join(", ", rounds)}");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Time(Action work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        work();
        process.Refresh();
        return process.TotalProcessorTime - before;
    }
}

[CollectionDefinition(GrowthCheck.Collection, DisableParallelization = true)]
public sealed class GrowthCollection;
