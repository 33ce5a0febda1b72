using System.Diagnostics;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>
/// How a workload grows with its input, by timing, loosely: the same workload at size n and 4n,
/// best of three runs each (taken in turns after a warm-up, so a burst of load elsewhere hits
/// both), and the larger may cost at most <c>maxRatio</c> times the smaller. Linear work costs
/// about 4 times as much, quadratic work 16 times, so the default bound of 8 separates them with
/// room for a busy machine. Not a speed target: only the ratio is asserted. Tests using it run in
/// <see cref="Collection"/>, alone, so that the suite's other tests do not skew one size.
/// </summary>
public static class GrowthCheck
{
    public const string Collection = "growth";

    /// <param name="prepare">Builds the input of the given size (untimed) and returns the work to time.</param>
    public static void AssertLinear(string what, int n, Func<int, Action> prepare, double maxRatio = 8)
    {
        var small = prepare(n);
        var large = prepare(4 * n);
        small();
        large();
        var smallTime = TimeSpan.MaxValue;
        var largeTime = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            smallTime = Min(smallTime, Time(small));
            largeTime = Min(largeTime, Time(large));
        }
        // A floor keeps a run of a few milliseconds from turning scheduler noise into a ratio.
        var bound = maxRatio * Math.Max(smallTime.TotalMilliseconds, 25);
        Assert.True(largeTime.TotalMilliseconds <= bound,
            $"{what}: size {n} took {smallTime.TotalMilliseconds:0} ms, size {4 * n} took {largeTime.TotalMilliseconds:0} ms (more than {maxRatio} times)");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Time(Action work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed;
    }
}

[CollectionDefinition(GrowthCheck.Collection, DisableParallelization = true)]
public sealed class GrowthCollection;
