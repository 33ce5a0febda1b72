using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>One <c>check</c> as the CLI runs it: a session opened from the options, checked, kept open for reporters.</summary>
public sealed class CheckRun : IDisposable
{
    private readonly GuardsSession _session;

    private CheckRun(GuardsSession session, ScanResult result)
    {
        _session = session;
        Result = result;
    }

    public ScanResult Result { get; }
    public IReadOnlyList<Engine.Model.Finding> Absent => Result.Absent;
    public IReadOnlyList<Engine.Baselines.BaselineEntry> StaleBaseline => Result.StaleBaseline;
    public string? MergeBase => Result.MergeBase;

    public static CheckRun Execute(ScanOptions options, CheckModes modes)
    {
        var session = GuardsSession.Open(options.Session);
        try { return new CheckRun(session, session.Check(options.Request, modes)); }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose() => _session.Dispose();
}
