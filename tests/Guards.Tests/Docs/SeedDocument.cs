namespace UltraCloud.Guards.Tests.Docs;

/// <summary>
/// The seed's testing document, read where the workplace keeps it: <c>../shared/seed</c> beside the
/// repository root. It is never copied into the repository.
/// </summary>
internal static class SeedDocument
{
    public const string FileName = "ultracloud-testing.md";

    public static string? Path { get; } = Locate();

    public static string SkipReason =>
        $"seed testing document not found: looked for ../shared/seed/{FileName} beside the repository root; the test needs the workplace's shared folder";

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "UltraCloud.Guards.sln"))) continue;
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "seed", FileName));
            return File.Exists(candidate) ? candidate : null;
        }
        return null;
    }
}

/// <summary>A fact that is skipped, with a clear reason, where the seed document is absent.</summary>
internal sealed class SeedFactAttribute : FactAttribute
{
    public SeedFactAttribute()
    {
        if (SeedDocument.Path is null) Skip = SeedDocument.SkipReason;
    }
}
