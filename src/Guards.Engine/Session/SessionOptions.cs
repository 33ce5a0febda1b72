using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>What a <see cref="GuardsSession"/> is opened from: the scanned path and how to find its policy.</summary>
public sealed record SessionOptions
{
    /// <summary>
    /// The folders and files to check, at least one. The root is resolved from the first (see
    /// <see cref="RepositoryRoots.Resolve"/>) and every other must share it. Scans read the whole
    /// tree under the root, as a full scan does (the flake, the docs' table); only findings under
    /// these paths are reported.
    /// </summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>The one folder or file to check (see <see cref="Paths"/>).</summary>
    public string Path
    {
        get => Paths.Count > 0 ? Paths[0] : ".";
        init => Paths = [value];
    }

    /// <summary>An explicit uc-guards.yaml; otherwise found by walking up from <see cref="Path"/>.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>A folder of policy files replacing the shipped <c>rules/</c>.</summary>
    public string? PolicyDirectory { get; init; }

    /// <summary>A policy already loaded by the caller (nothing is read from disk for it).</summary>
    public GuardsPolicy? Policy { get; init; }

    /// <summary>The rule mechanisms; the shipped rules when null.</summary>
    public RuleCatalog? Catalog { get; init; }

    /// <summary>
    /// The source of files for the session's scans instead of the working tree (an in-memory tree,
    /// a solution's files). A tree with no folder on disk is its own root and needs <see cref="Policy"/>.
    /// </summary>
    public ISourceTree? Tree { get; init; }

    /// <summary>
    /// False: git is never opened (libgit2 is not loaded). The working tree is walked as a plain
    /// folder, honouring its <c>.gitignore</c> files, and the root is resolved without a git work
    /// tree. The MSBuild task scans this way: its package carries no libgit2.
    /// </summary>
    public bool ReadsGit { get; init; } = true;
}
