using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Analysis;

namespace UltraCloud.Guards.Rules.CSharp;

/// <summary>
/// UCG1006 csharp-stub: runs the Roslyn analyzer of <c>src/Guards.Analyzers</c> (the one the
/// compiler runs) over the scoped <c>.cs</c> files of the tree, one compilation per project
/// folder. Files of test projects and generated files are not shipped code and are skipped. This
/// class only selects files; Roslyn is loaded by <see cref="CSharpStubCompilation"/>, and only
/// when there is a C# file to analyse.
/// </summary>
public sealed partial class CSharpStubRule : RepositoryRule
{
    public override string Id => "UCG1006";

    private static ReadOnlySpan<byte> ExceptionName => "NotImplementedException"u8;

    [GeneratedRegex(@"<IsTestProject>\s*true\s*</IsTestProject>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsTestProjectProperty();

    [GeneratedRegex(@"<PackageReference\s[^>]*Include\s*=\s*""Microsoft\.NET\.Test\.Sdk""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TestSdkReference();

    public override void Analyze(RepositoryContext context)
    {
        var projects = context.Files
            .Where(f => f.Path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .GroupBy(f => Folder(f.Path), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.Path).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var testProjectFolders = new Dictionary<string, bool>(StringComparer.Ordinal);

        var groups = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in context.Files)
        {
            var path = file.Path;
            if (!path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || IsGenerated(path) || !Settings.AppliesTo(path)) continue;
            if (InTestProject(context, path, projects, testProjectFolders)) continue;
            var project = ProjectFolder(path, projects);
            if (!groups.TryGetValue(project, out var files)) groups[project] = files = [];
            files.Add(path);
        }
        if (groups.Count == 0) return;

        foreach (var (project, files) in groups)
        {
            // The fast path: every way to name the exception (directly, qualified, through an alias
            // declared in any file of the project) spells its name somewhere in the project.
            if (!files.Any(path => context.ReadText(path) is { } text && text.Utf8.AsSpan().IndexOf(ExceptionName) >= 0)) continue;
            CSharpStubCompilation.Analyze(context, Settings, project, files);
        }
    }

    /// <summary>Generated code is not written by hand: anything under obj/, *.g.cs, *.g.i.cs, *.Designer.cs.</summary>
    public static bool IsGenerated(string path) =>
        path.StartsWith("obj/", StringComparison.Ordinal)
        || path.Contains("/obj/", StringComparison.Ordinal)
        || path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".g.i.cs", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".Designer.cs", StringComparison.OrdinalIgnoreCase);

    private static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    private static IEnumerable<string> AncestorFolders(string path)
    {
        var folder = Folder(path);
        while (true)
        {
            yield return folder;
            if (folder.Length == 0) yield break;
            folder = Folder(folder);
        }
    }

    /// <summary>The folder of the nearest project file at or above the file; "" (the root) when there is none.</summary>
    private static string ProjectFolder(string path, Dictionary<string, List<string>> projects) =>
        AncestorFolders(path).FirstOrDefault(projects.ContainsKey) ?? "";

    /// <summary>True when a project file in a folder at or above the file is a test project.</summary>
    private static bool InTestProject(RepositoryContext context, string path, Dictionary<string, List<string>> projects, Dictionary<string, bool> cache)
    {
        foreach (var folder in AncestorFolders(path))
        {
            if (!projects.TryGetValue(folder, out var files)) continue;
            if (!cache.TryGetValue(folder, out var isTest))
            {
                isTest = files.Any(project => context.ReadText(project) is { } text
                    && (IsTestProjectProperty().IsMatch(text.Text) || TestSdkReference().IsMatch(text.Text)));
                cache[folder] = isTest;
            }
            if (isTest) return true;
        }
        return false;
    }
}
