namespace UltraCloud.Guards.Engine.Reporting;

/// <summary>The report formats by --format name; other shells add theirs to the same list.</summary>
public static class Reporters
{
    private static readonly List<IReporter> s_all = [new TextReporter(), new JsonReporter(), new SarifReporter(), new JUnitReporter(), new GitHubReporter(), new MarkdownReporter()];

    public static IReadOnlyList<IReporter> All => s_all;

    public static void Register(IReporter reporter)
    {
        lock (s_all)
        {
            s_all.RemoveAll(r => r.Format == reporter.Format);
            s_all.Add(reporter);
        }
    }

    public static IReporter? Find(string format) => s_all.FirstOrDefault(r => string.Equals(r.Format, format, StringComparison.OrdinalIgnoreCase));
}
