using System.Text.RegularExpressions;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Tests.Support;

/// <summary>
/// Rules for exercising the scan plumbing (git workflows, baselines, reports) where the shipped
/// rule set lacks one: a textual UCG1001 (a `todo!(..)` outside line comments, reported over the
/// invocation) and UCG9901, a repository rule that requires every name listed in its options to
/// be defined (`name =`) in flake.nix or in the file it imports, nix/entrypoints.nix, and reports a
/// missing one at the flake.
/// </summary>
public static partial class StandInRules
{
    public const string EntrypointRuleId = "UCG9901";

    private const string EntrypointRuleYaml = """
        id: UCG9901
        name: test-required-entrypoint
        title: "Test rule: a required flake attribute is missing"
        severity: error
        message: "flake.nix does not expose `{0}`"
        summary: A stand-in repository rule for the git workflow tests.
        scopes: []
        options:
          required: [single-node-quickstart, node01]
        """;

    /// <summary>The shipped rules plus the stand-ins for ids the shipped rules do not implement yet.</summary>
    public static RuleCatalog Catalog
    {
        get
        {
            var shipped = RuleCatalog.FromAssemblies(typeof(RuleCatalog).Assembly, System.Reflection.Assembly.Load(RuleCatalog.RulesAssemblyName));
            var ids = shipped.CreateRules().Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var types = new List<Type>();
            foreach (var rule in shipped.CreateRules()) types.Add(rule.GetType());
            if (!ids.Contains("UCG1001")) types.Add(typeof(StubMacroStandIn));
            types.Add(typeof(RequiredEntrypointStandIn));
            return new RuleCatalog(types);
        }
    }

    /// <summary>The shipped policy plus the stand-in repository rule's data.</summary>
    public static GuardsPolicy Policy() =>
        PolicyLoader.Load([.. PolicyLoader.ShippedDocuments(), ("rules/UCG9901-test.yaml", EntrypointRuleYaml)], null);

    public sealed partial class StubMacroStandIn : FileRule
    {
        public override string Id => "UCG1001";

        public override bool HandlesFile(string relativePath) => relativePath.EndsWith(".rs", StringComparison.Ordinal);

        public override bool MayMatch(ReadOnlySpan<byte> utf8) => utf8.IndexOf("todo!"u8) >= 0;

        public override void Analyze(FileContext context)
        {
            var text = context.Text;
            for (var line = 1; line <= text.LineCount; line++)
            {
                var lineText = text.LineText(line);
                var comment = lineText.IndexOf("//", StringComparison.Ordinal);
                foreach (Match match in Invocation().Matches(lineText))
                {
                    if (comment >= 0 && match.Index > comment) continue;
                    var lineStart = text.ByteOfChar(text.Text.Length == 0 ? 0 : CharOffsetOfLine(text.Text, line));
                    var start = lineStart + System.Text.Encoding.UTF8.GetByteCount(lineText.AsSpan(0, match.Index));
                    var end = start + System.Text.Encoding.UTF8.GetByteCount(match.Value);
                    Report(context, text.SpanOfBytes(start, end), match.Value, "todo");
                }
            }
        }

        private static int CharOffsetOfLine(string text, int line)
        {
            var offset = 0;
            for (var i = 1; i < line; i++) offset = text.IndexOf('\n', offset) + 1;
            return offset;
        }

        [GeneratedRegex(@"\btodo!\([^)]*\)")]
        private static partial Regex Invocation();
    }

    public sealed class RequiredEntrypointStandIn : RepositoryRule
    {
        public override string Id => EntrypointRuleId;

        public override void Analyze(RepositoryContext context)
        {
            var flake = context.ReadText("flake.nix");
            if (flake is null) return;
            var imported = context.ReadText("nix/entrypoints.nix")?.Text ?? "";
            foreach (var name in Settings.StringList("required"))
            {
                if (!flake.Text.Contains(name + " =", StringComparison.Ordinal) && !imported.Contains(name + " =", StringComparison.Ordinal))
                    Report(context, "flake.nix", SourceSpan.FileStart, name, name);
            }
        }
    }
}
