namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>The end-to-end tests share one packing of the packages and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackagesFixture>
{
    public const string Name = "packed packages";
}

internal static class ProcessAssert
{
    /// <summary>0 means success; any other value means "failed", whatever the exact code.</summary>
    public static void Exit(int expected, ProcessResult result)
    {
        if (expected == 0 ? result.ExitCode != 0 : result.ExitCode == 0)
            Assert.Fail($"expected exit {(expected == 0 ? "0" : "non-zero")}:\n{result}");
    }
}
