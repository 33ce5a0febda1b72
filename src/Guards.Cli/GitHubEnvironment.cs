using UltraCloud.Guards.Engine.Reporting;

namespace UltraCloud.Guards.Cli;

/// <summary>What a GitHub Actions run tells about the checkout, for links in reports and SARIF provenance.</summary>
internal static class GitHubEnvironment
{
    /// <summary>The repository and revision when running in GitHub Actions on the checkout's root; otherwise null.</summary>
    public static VersionControlInfo? VersionControl(string scannedRoot)
    {
        var server = Environment.GetEnvironmentVariable("GITHUB_SERVER_URL");
        var repository = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var sha = Environment.GetEnvironmentVariable("GITHUB_SHA");
        var workspace = Environment.GetEnvironmentVariable("GITHUB_WORKSPACE");
        if (string.IsNullOrEmpty(server) || string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(sha) || string.IsNullOrEmpty(workspace))
            return null;
        // Report paths are relative to the scanned root: they map onto the repository only when that root is the checkout.
        if (!string.Equals(Path.GetFullPath(workspace).TrimEnd('/'), Path.GetFullPath(scannedRoot).TrimEnd('/'), StringComparison.Ordinal))
            return null;
        var branch = Environment.GetEnvironmentVariable("GITHUB_REF_NAME");
        return new VersionControlInfo($"{server.TrimEnd('/')}/{repository}", sha, string.IsNullOrEmpty(branch) ? null : branch);
    }
}
