using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Git;

internal static class GitTestKit
{
    public const string Server = "iam/crates/iam-server/src/lib.rs";
    public const string OtherServer = "flaredb/crates/flaredb-server/src/handlers.rs";

    private static readonly Lazy<GuardsPolicy> s_policy = new(StandInRules.Policy);

    public static ScanOptions Options(GitSandbox sandbox, string? path = null) => new()
    {
        Path = path ?? sandbox.Root,
        Catalog = StandInRules.Catalog,
        Policy = s_policy.Value,
        Jobs = 2,
    };

    public static (string Rule, string Path, int Line, int Column)[] Tuples(IEnumerable<Finding> findings) =>
        findings.Select(f => (f.RuleId, f.Path, f.Span.StartLine, f.Span.StartColumn)).ToArray();

    /// <summary>Rust source: each entry is one line; "TODO" stands for a line `    todo!()`.</summary>
    public static string RustSource(params string[] lines) =>
        string.Join("\n", lines.Select(l => l == "TODO" ? "    todo!()" : l)) + "\n";

    /// <summary>A server file whose handler holds at <paramref name="line"/> `todo!()` (4 or more), padded with plain functions.</summary>
    public static string ServerWithStubAt(int line, string extra = "")
    {
        var lines = new List<string> { "use std::io;", "" };
        while (lines.Count < line - 2) lines.Add($"pub fn pad_{lines.Count}() -> u32 {{ {lines.Count} }}");
        lines.Add("pub fn handler() -> u32 {");
        lines.Add("    todo!()");
        lines.Add("}");
        if (extra.Length > 0) lines.Add(extra);
        return string.Join("\n", lines) + "\n";
    }

    public const string CleanServer = "use std::io;\n\npub fn handler() -> u32 {\n    42\n}\n";

    public const string FlakeFile = "{\n  outputs = { self }: import ./nix/entrypoints.nix;\n}\n";
    public const string EntrypointsBoth = "{\n  single-node-quickstart = 1;\n  node01 = 2;\n}\n";
    public const string EntrypointsNoNode01 = "{\n  single-node-quickstart = 1;\n}\n";
}
