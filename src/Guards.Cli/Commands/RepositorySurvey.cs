using System.Text;
using Tomlyn.Syntax;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>A Cargo package of the tree: its folder ("" at the root), its name, and why it is or is not a server.</summary>
public sealed record CargoPackage(string Folder, string Name, string? ServerBecause, string? NotShippedBecause)
{
    public string Manifest => Folder.Length == 0 ? "Cargo.toml" : $"{Folder}/Cargo.toml";
    public string Sources => Folder.Length == 0 ? "src" : $"{Folder}/src";
    public bool IsServer => ServerBecause is not null && NotShippedBecause is null;
}

/// <summary>
/// What `init` finds in a repository, read from its files: the Cargo packages and which are servers
/// (a dependency on a server framework, or a name ending in -server), the Markdown docs, the root
/// flake and whether it defines NixOS configurations, and harness folders (a folder with a flake of
/// its own). Nothing here decides the configuration; <see cref="InitConfiguration"/> does.
/// </summary>
public sealed class RepositorySurvey
{
    /// <summary>The server frameworks a dependency on which makes a Cargo package a server.</summary>
    public static readonly string[] ServerFrameworks = ["tonic", "axum", "hyper", "actix-web", "warp", "poem"];

    /// <summary>Folders whose crates are not shipped code (as the shipped scopes exclude them).</summary>
    private static readonly string[] NotShippedFolders = ["tests", "benches", "examples"];

    /// <summary>Root folders, besides docs/, that hold published Markdown docs.</summary>
    public static readonly string[] DocFolders = ["docs", "doc", "book", "guide", "documentation", "manual"];

    public required IReadOnlyList<string> Files { get; init; }
    public required IReadOnlyList<CargoPackage> Packages { get; init; }
    /// <summary>Cargo.toml files that could not be read, with the reason.</summary>
    public required IReadOnlyList<(string Path, string Reason)> Unreadable { get; init; }
    /// <summary>Files the tree lists but the scan never reads (links, binaries, oversize), by path.</summary>
    public required IReadOnlyDictionary<string, string> Skipped { get; init; }
    public required bool HasRootFlake { get; init; }
    /// <summary>The .nix file that defines nixosConfigurations, or null.</summary>
    public required string? NixosConfigurationsIn { get; init; }
    public required IReadOnlyList<string> HarnessFolders { get; init; }

    public IEnumerable<CargoPackage> Servers => Packages.Where(p => p.IsServer);

    public static RepositorySurvey Of(ISourceTree tree, GuardsPolicy policy)
    {
        var files = new List<string>();
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in tree.Enumerate())
        {
            if (policy.IsNeverScanned(entry.Path) || entry.Path == PolicyLoader.ConfigFileName) continue;
            if (entry.SkipReason is null) files.Add(entry.Path);
            else skipped[entry.Path] = entry.SkipReason;
        }
        files.Sort(StringComparer.Ordinal);

        var packages = new List<CargoPackage>();
        var unreadable = new List<(string, string)>();
        foreach (var manifest in files.Where(f => f == "Cargo.toml" || f.EndsWith("/Cargo.toml", StringComparison.Ordinal)))
        {
            var bytes = tree.Read(manifest, out var error);
            if (bytes is null)
            {
                unreadable.Add((manifest, error ?? "unreadable"));
                continue;
            }
            try
            {
                if (ReadPackage(manifest, Encoding.UTF8.GetString(bytes)) is { } package) packages.Add(package);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                unreadable.Add((manifest, $"not readable as TOML ({ex.GetType().Name})"));
            }
        }

        var nixFiles = files.Where(f => f == "flake.nix" || (f.EndsWith(".nix", StringComparison.Ordinal) && !f.Contains('/', StringComparison.Ordinal)) || f.StartsWith("nix/", StringComparison.Ordinal));
        string? nixos = null;
        foreach (var nix in nixFiles.Where(f => f.EndsWith(".nix", StringComparison.Ordinal)))
        {
            if (tree.Read(nix, out _) is { } bytes && Encoding.UTF8.GetString(bytes).Contains("nixosConfigurations", StringComparison.Ordinal))
            {
                nixos = nix;
                break;
            }
        }

        return new RepositorySurvey
        {
            Files = files,
            Packages = packages,
            Unreadable = unreadable,
            Skipped = skipped,
            HasRootFlake = files.Contains("flake.nix"),
            NixosConfigurationsIn = nixos,
            HarnessFolders = files.Where(f => f.EndsWith("/flake.nix", StringComparison.Ordinal)).Select(f => f[..^"/flake.nix".Length])
                .Where(folder => !folder.Split('/').Any(NotShippedFolders.Contains)).ToList(),
        };
    }

    /// <summary>The package a manifest declares, or null for a virtual workspace manifest.</summary>
    internal static CargoPackage? ReadPackage(string manifest, string text)
    {
        DocumentSyntax document;
        try { document = Tomlyn.Parsing.SyntaxParser.Parse(text, manifest, false); }
        catch (Tomlyn.TomlException ex) { throw new FormatException(ex.Message.Split(". ")[0], ex); }
        if (document.HasErrors)
            throw new FormatException(document.Diagnostics.FirstOrDefault()?.Message ?? "TOML syntax error");
        var package = document.Tables.FirstOrDefault(t => t is TableSyntax && KeyText(t.Name) == "package");
        if (package is null || Find(package, "name")?.Value is not StringValueSyntax { Value: { } name }) return null;

        var folder = manifest.Contains('/') ? manifest[..manifest.LastIndexOf('/')] : "";
        var notShipped = folder.Split('/').FirstOrDefault(NotShippedFolders.Contains) is { } segment ? $"under {segment}/, which is not shipped code" : null;
        string? because = null;
        foreach (var (dependency, table) in Dependencies(document))
        {
            if (ServerFrameworks.Contains(dependency, StringComparer.Ordinal))
            {
                because = $"depends on {dependency} ({table})";
                break;
            }
        }
        if (because is null && name.EndsWith("-server", StringComparison.Ordinal)) because = "its name ends in -server";
        return new CargoPackage(folder, name, because, notShipped);
    }

    /// <summary>The crates a manifest depends on at run time ([dependencies], [target.*.dependencies]), by crate name (a rename's package = "x" counts as x).</summary>
    private static IEnumerable<(string Crate, string Table)> Dependencies(DocumentSyntax document)
    {
        foreach (var table in document.Tables)
        {
            var name = KeyText(table.Name);
            if (name == "dependencies" || (name.StartsWith("target.", StringComparison.Ordinal) && name.EndsWith(".dependencies", StringComparison.Ordinal)))
            {
                foreach (var item in table.Items)
                {
                    if (item is not KeyValueSyntax kv) continue;
                    var key = KeyText(kv.Key);
                    var crate = kv.Value is InlineTableSyntax inline && inline.Items.Select(i => i.KeyValue).FirstOrDefault(k => k is not null && KeyText(k.Key) == "package")?.Value is StringValueSyntax { Value: { } renamed }
                        ? renamed
                        : key.Split('.')[0];
                    yield return (crate, $"[{name}]");
                }
            }
            else if (name.StartsWith("dependencies.", StringComparison.Ordinal))
            {
                var crate = Find(table, "package")?.Value is StringValueSyntax { Value: { } renamed } ? renamed : name["dependencies.".Length..];
                yield return (crate, $"[{name}]");
            }
        }
    }

    private static KeyValueSyntax? Find(TableSyntaxBase table, string key)
    {
        foreach (var item in table.Items)
        {
            if (item is KeyValueSyntax kv && KeyText(kv.Key) == key) return kv;
        }
        return null;
    }

    private static string KeyText(KeySyntax? key)
    {
        if (key is null) return "";
        var parts = new List<string> { BareText(key.Key) };
        foreach (var dot in key.DotKeys) parts.Add(BareText(dot.Key));
        return string.Join('.', parts);
    }

    private static string BareText(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax s => s.Value ?? "",
        _ => "",
    };
}
