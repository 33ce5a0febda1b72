using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.IO;

/// <summary>
/// The temporary files of writes in progress. SIGINT, SIGTERM and SIGHUP remove them before the process
/// ends the way the signal asks; a write that fails removes its own.
/// </summary>
internal static class TemporaryFiles
{
    private static readonly ConcurrentDictionary<string, byte> s_live = new(StringComparer.Ordinal);
    private static readonly Lock s_gate = new();
    private static List<PosixSignalRegistration>? s_registrations;

    /// <summary>Tracks a temporary file this process created.</summary>
    public static void Add(string path)
    {
        EnsureSignalHandlers();
        s_live[path] = 0;
    }

    /// <summary>Stops tracking a path without deleting it.</summary>
    public static void Forget(string path) => s_live.TryRemove(path, out _);

    /// <summary>Deletes a temporary file and stops tracking it.</summary>
    public static void Remove(string path)
    {
        s_live.TryRemove(path, out _);
        Delete(path);
    }

    /// <summary>What a terminating signal does first: every temporary file of a write in progress is deleted.</summary>
    internal static void RemoveAll()
    {
        foreach (var path in s_live.Keys) Remove(path);
    }

    internal static IReadOnlyCollection<string> Live => s_live.Keys.ToList();

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone already, or its folder went away: nothing is left behind either way.
        }
    }

    private static void EnsureSignalHandlers()
    {
        if (s_registrations is not null || OperatingSystem.IsWindows() || OperatingSystem.IsBrowser()) return;
        lock (s_gate)
        {
            if (s_registrations is not null) return;
            // The handlers do not cancel the signal: the process still ends as the signal asks, without the files.
            s_registrations =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => RemoveAll()),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RemoveAll()),
                PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => RemoveAll()),
            ];
        }
    }
}
