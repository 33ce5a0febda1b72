using LibGit2Sharp;
using UltraCloud.Guards.Engine.Reporting;
using UltraCloud.Guards.Engine.Discovery;

namespace UltraCloud.Guards.Engine.Git;

/// <summary>SARIF versionControlProvenance for the repository holding a scanned root.</summary>
public static class VersionControl
{
    /// <summary>
    /// The origin remote's URL (credentials removed; scp-style <c>git@host:path</c> written as an
    /// ssh URI), else the work tree as a file URI; HEAD's commit; the branch unless HEAD is detached.
    /// Null outside a repository, before the first commit, or when the root is not the work tree's
    /// top (report paths are relative to the root, so they map onto the repository only there).
    /// </summary>
    public static VersionControlInfo? Describe(string root)
    {
        try
        {
            var gitDir = GitDiscovery.Find(Path.GetFullPath(root));
            if (gitDir is null) return null;
            using var repo = new Repository(gitDir);
            var tip = repo.Head.Tip;
            if (tip is null || repo.Info.WorkingDirectory is null) return null;
            var workdir = Path.GetFullPath(repo.Info.WorkingDirectory).TrimEnd('/', '\\');
            if (!string.Equals(workdir, Path.GetFullPath(root).TrimEnd('/', '\\'), StringComparison.Ordinal)) return null;
            var origin = repo.Network.Remotes["origin"]?.Url;
            var uri = origin is { Length: > 0 } ? RepositoryUri(origin) : null;
            uri ??= new Uri(workdir + "/").AbsoluteUri;
            var branch = repo.Info.IsHeadDetached ? null : repo.Head.FriendlyName;
            return new VersionControlInfo(uri, tip.Sha, branch);
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    /// <summary>
    /// The repository and revision a GitHub Actions run names, when it runs on the checkout whose
    /// top is <paramref name="root"/> (report paths map onto the repository only there); else null.
    /// </summary>
    public static VersionControlInfo? FromEnvironment(string root)
    {
        var server = Environment.GetEnvironmentVariable("GITHUB_SERVER_URL");
        var repository = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var sha = Environment.GetEnvironmentVariable("GITHUB_SHA");
        var workspace = Environment.GetEnvironmentVariable("GITHUB_WORKSPACE");
        if (string.IsNullOrEmpty(server) || string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(sha) || string.IsNullOrEmpty(workspace))
            return null;
        if (!string.Equals(Path.GetFullPath(workspace).TrimEnd('/'), Path.GetFullPath(root).TrimEnd('/'), StringComparison.Ordinal))
            return null;
        var branch = Environment.GetEnvironmentVariable("GITHUB_REF_NAME");
        return new VersionControlInfo($"{server.TrimEnd('/')}/{repository}", sha, string.IsNullOrEmpty(branch) ? null : branch);
    }

    /// <summary>An absolute URI for a remote URL, without user information; null when it has no URI form.</summary>
    public static string? RepositoryUri(string remoteUrl)
    {
        if (Uri.TryCreate(remoteUrl, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1)
        {
            if (uri.UserInfo.Length == 0) return uri.AbsoluteUri;
            var builder = new UriBuilder(uri) { UserName = "", Password = "" };
            return builder.Uri.AbsoluteUri;
        }
        // scp-like syntax: [user@]host:path
        var colon = remoteUrl.IndexOf(':');
        if (colon > 0 && !remoteUrl[..colon].Contains('/'))
        {
            var host = remoteUrl[..colon];
            var at = host.LastIndexOf('@');
            if (at >= 0) host = host[(at + 1)..];
            var path = remoteUrl[(colon + 1)..].TrimStart('/');
            if (Uri.TryCreate($"ssh://{host}/{path}", UriKind.Absolute, out var ssh)) return ssh.AbsoluteUri;
        }
        if (Path.IsPathRooted(remoteUrl)) return new Uri(remoteUrl).AbsoluteUri;
        return null;
    }
}
