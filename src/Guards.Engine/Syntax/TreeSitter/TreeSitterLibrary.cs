using System.Reflection;
using System.Runtime.InteropServices;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// The parser library for Rust, Nix and shell is not a managed assembly: it is built per platform
/// (native/Native.proj) and shipped beside the application (a platform-specific build) or under
/// <c>runtimes/&lt;rid&gt;/native/</c> (a portable build that carries one per platform it supports).
/// This class finds it, and tells in one sentence why it cannot, instead of a type initializer's
/// stack trace on the first parse.
/// </summary>
public static class TreeSitterLibrary
{
    private static readonly Lazy<(nint Handle, string? Error)> s_loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int s_resolverRegistered;

    /// <summary>The file name of the library on this platform.</summary>
    public static string FileName { get; } =
        OperatingSystem.IsWindows() ? NativeMethods.Library + ".dll"
        : OperatingSystem.IsMacOS() ? "lib" + NativeMethods.Library + ".dylib"
        : "lib" + NativeMethods.Library + ".so";

    /// <summary>The portable runtime identifier of this process: linux-x64, linux-musl-arm64, win-x64, osx-arm64, ...</summary>
    public static string PlatformRid { get; } = PortableRid();

    /// <summary>Why the library cannot be used here, in one sentence; null when it loads.</summary>
    public static string? UnavailableReason
    {
        get
        {
            RegisterResolver();
            return s_loaded.Value.Error;
        }
    }

    /// <summary>Throws <see cref="NativeLibraryUnavailableException"/> when the library cannot be loaded on this platform.</summary>
    public static void EnsureAvailable()
    {
        if (UnavailableReason is { } reason) throw new NativeLibraryUnavailableException(reason);
    }

    /// <summary>Makes every P/Invoke of <see cref="NativeMethods"/> use the library this class found. Idempotent.</summary>
    internal static void RegisterResolver()
    {
        if (Interlocked.Exchange(ref s_resolverRegistered, 1) != 0) return;
        NativeLibrary.SetDllImportResolver(typeof(TreeSitterLibrary).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == NativeMethods.Library ? s_loaded.Value.Handle : 0;

    private static (nint, string?) Load()
    {
        var tried = new List<string>();
        string? loadError = null;
        foreach (var candidate in Candidates())
        {
            if (!File.Exists(candidate)) continue;
            tried.Add(candidate);
            try { return (NativeLibrary.Load(candidate), null); }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                loadError ??= $"{candidate} does not load on {PlatformRid}: {FirstLine(ex.Message)}";
            }
        }
        if (loadError is not null) return (0, $"the parser library for Rust, Nix and shell files is not usable: {loadError}");

        var shipped = ShippedPlatforms();
        var carried = shipped.Count == 0 ? "" : $"; this build carries it for {string.Join(", ", shipped)}";
        return (0, $"the parser library for Rust, Nix and shell files ({FileName}) is not built for {PlatformRid}{carried}: "
            + "build uc-guards from source on this machine (README, Install: from source)");
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }

    /// <summary>The folders an application ships files in: this assembly's own (an MSBuild task folder) and the application's.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location (Native AOT, single file) falls back to AppContext.BaseDirectory, the application's folder.")]
    private static List<string> BaseDirectories()
    {
        var directories = new List<string>(2);
        var assemblyLocation = typeof(TreeSitterLibrary).Assembly.Location;
        foreach (var directory in new[] { string.IsNullOrEmpty(assemblyLocation) ? null : Path.GetDirectoryName(assemblyLocation), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(directory)) continue;
            var full = Path.GetFullPath(directory);
            if (!directories.Contains(full, StringComparer.Ordinal)) directories.Add(full);
        }
        return directories;
    }

    private static IEnumerable<string> Candidates()
    {
        var rids = new[] { RuntimeInformation.RuntimeIdentifier, PlatformRid }.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var directory in BaseDirectories())
        {
            foreach (var rid in rids) yield return Path.Combine(directory, "runtimes", rid, "native", FileName);
            yield return Path.Combine(directory, FileName);
        }
    }

    /// <summary>The platforms whose library lies under runtimes/ beside the application.</summary>
    private static List<string> ShippedPlatforms()
    {
        var platforms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var directory in BaseDirectories())
        {
            var runtimes = Path.Combine(directory, "runtimes");
            if (!Directory.Exists(runtimes)) continue;
            foreach (var rid in Directory.EnumerateDirectories(runtimes))
            {
                var native = Path.Combine(rid, "native");
                if (!Directory.Exists(native)) continue;
                if (Directory.EnumerateFiles(native).Any(IsParserLibrary)) platforms.Add(Path.GetFileName(rid));
            }
        }
        return platforms.ToList();
    }

    private static bool IsParserLibrary(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name == NativeMethods.Library || name == "lib" + NativeMethods.Library;
    }

    private static string PortableRid()
    {
        var os = OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : OperatingSystem.IsFreeBSD() ? "freebsd"
            : IsMusl() ? "linux-musl"
            : "linux";
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{os}-{arch}";
    }

    private static bool IsMusl() =>
        OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
}

/// <summary>The native parser library cannot be loaded on this platform: a usage error (exit 2), with the reason as its message.</summary>
public sealed class NativeLibraryUnavailableException(string message) : Exception(message);
