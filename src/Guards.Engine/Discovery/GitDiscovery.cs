using LibGit2Sharp;

namespace UltraCloud.Guards.Engine.Discovery;

/// <summary>
/// Finds the git directory holding a path the way git does: from the path up to the file-system
/// root, a folder that is itself a git directory (a bare repository) or that holds a <c>.git</c>
/// folder or a <c>.git</c> file naming one (<c>gitdir: ...</c>, as linked work trees and
/// submodules have). Written here rather than calling <see cref="Repository.Discover"/>, which
/// finds nothing in the native (ahead-of-time) build of uc-guards; opening the found folder with
/// <see cref="Repository"/> works in every build.
/// </summary>
public static class GitDiscovery
{
    /// <summary>
    /// The git directory holding <paramref name="path"/> (absolute, ending in a separator), or null
    /// outside any repository. A <c>.git</c> file without a <c>gitdir:</c> line is an error
    /// (<see cref="LibGit2SharpException"/>, as libgit2 reports it); one naming a folder that is
    /// gone is no repository, and the search goes on upwards.
    /// </summary>
    public static string? Find(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
        for (; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (IsGitDirectory(folder)) return WithSeparator(folder);
            var marker = Path.Combine(folder, ".git");
            if (Directory.Exists(marker))
            {
                if (IsGitDirectory(marker)) return WithSeparator(marker);
                continue;
            }
            if (File.Exists(marker) && GitDirectoryNamedBy(marker, folder) is { } linked)
                return WithSeparator(linked);
        }
        return null;
    }

    /// <summary>A folder with HEAD, objects and refs, or a linked work tree's folder with a commondir file.</summary>
    public static bool IsGitDirectory(string folder) =>
        File.Exists(Path.Combine(folder, "HEAD")) &&
        (File.Exists(Path.Combine(folder, "commondir")) ||
         (Directory.Exists(Path.Combine(folder, "objects")) && Directory.Exists(Path.Combine(folder, "refs"))));

    private static string? GitDirectoryNamedBy(string gitFile, string folder)
    {
        string firstLine;
        try
        {
            using var reader = new StreamReader(gitFile);
            firstLine = reader.ReadLine() ?? "";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LibGit2SharpException($"cannot read the .git file {gitFile}: {ex.Message}");
        }
        const string Prefix = "gitdir:";
        if (!firstLine.StartsWith(Prefix, StringComparison.Ordinal))
            throw new LibGit2SharpException($"the .git file {gitFile} has no 'gitdir:' line");
        var target = firstLine[Prefix.Length..].Trim();
        if (target.Length == 0)
            throw new LibGit2SharpException($"the .git file {gitFile} names no git directory");
        var resolved = Path.GetFullPath(target, folder);
        return Directory.Exists(resolved) && IsGitDirectory(resolved) ? resolved : null;
    }

    private static string WithSeparator(string folder) =>
        Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
}
