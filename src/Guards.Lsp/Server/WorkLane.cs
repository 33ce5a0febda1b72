namespace UltraCloud.Guards.Lsp.Server;

/// <summary>
/// A background thread that runs one piece of work whenever it is poked; pokes that come while it
/// works make it run once more, not once per poke (the work takes everything pending at once).
/// A failure of the work is reported and the lane keeps going.
/// </summary>
public sealed class WorkLane : IDisposable
{
    private readonly Action _work;
    private readonly Action<Exception> _failed;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Thread _thread;
    private volatile bool _stopped;

    public WorkLane(string name, Action work, Action<Exception> failed)
    {
        _work = work;
        _failed = failed;
        _thread = new Thread(Loop) { Name = name, IsBackground = true };
    }

    public void Start() => _thread.Start();

    public void Poke()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already due to run
    }

    /// <summary>Stops after the work running now; waits for it up to <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout)
    {
        _stopped = true;
        Poke();
        return !_thread.IsAlive || _thread.Join(timeout);
    }

    public void Dispose() => Stop(TimeSpan.FromSeconds(5));

    private void Loop()
    {
        while (true)
        {
            _signal.Wait();
            if (_stopped) return;
            try { _work(); }
            catch (Exception ex) when (ex is not OutOfMemoryException) { _failed(ex); }
        }
    }
}
