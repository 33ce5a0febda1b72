using System.Text;
using UltraCloud.Guards.Engine.Fixes;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Engine.Session;

/// <summary>
/// Computes <c>uc-guards fix</c>: scan, ask each selected rule's fix for the edits of the files where
/// it has unsuppressed findings (under the session's paths), apply them to an in-memory copy of the
/// tree, and scan that copy again, until a round changes nothing (at most <see cref="MaxRounds"/>):
/// one fix can make another necessary (a table regenerated leaves a suppression of its old finding
/// with nothing to suppress). Nothing is written here.
/// </summary>
internal static class FixRun
{
    public const int MaxRounds = 4;

    public static FixPlan Plan(GuardsSession session, ScanRequest request, IReadOnlyList<string> ruleIds)
    {
        var baseTree = request.Tree ?? session.Tree();
        var tree = new EditedTree(baseTree);
        var changes = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        var originals = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var scanRequest = request with { Tree = tree, Rules = [], ReportOnly = null, Progress = null };
        ScanResult result = session.Scan(scanRequest);
        var internalErrors = new List<string>(result.InternalErrors);
        for (var round = 0; round < MaxRounds && internalErrors.Count == 0; round++)
        {
            var edits = Edits(session, result, ruleIds);
            if (edits.Count == 0) break;
            foreach (var (path, fileEdits) in edits)
            {
                var bytes = tree.Read(path, out _);
                if (bytes is null) continue;
                originals.TryAdd(path, bytes);
                var text = SourceText.FromBytes(path, bytes);
                var after = TextEdits.Apply(text.Text, fileEdits.Select(e => e.Edit), out var applied, out _);
                if (after == text.Text) continue;
                // The text keeps a UTF-8 byte-order mark as its first char, so it is written back as it was.
                tree.Replace(path, new UTF8Encoding(false).GetBytes(after));
                var list = changes.TryGetValue(path, out var existing) ? existing : changes[path] = [];
                foreach (var edit in applied)
                    list.Add((fileEdits.First(e => ReferenceEquals(e.Edit, edit)).RuleId, edit.Description));
            }
            result = session.Scan(scanRequest);
            internalErrors.AddRange(result.InternalErrors);
        }

        var files = new List<FileFix>();
        foreach (var (path, original) in originals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var before = SourceText.FromBytes(path, original).Text;
            var after = SourceText.FromBytes(path, tree.Edited[path]).Text;
            if (before == after) continue;
            files.Add(new FileFix(path, before, after, changes[path]));
        }
        var remaining = result.Findings
            .Where(f => !f.IsSuppressed && ruleIds.Contains(f.RuleId) && session.IsWithin(f.Path))
            .ToList();
        return new FixPlan(files, ruleIds, remaining) { InternalErrors = internalErrors.Distinct(StringComparer.Ordinal).ToList() };
    }

    /// <summary>The edits of one round, by file: every selected rule's fix on the files it has findings in.</summary>
    private static Dictionary<string, List<(string RuleId, TextEdit Edit)>> Edits(GuardsSession session, ScanResult result, IReadOnlyList<string> ruleIds)
    {
        var edits = new Dictionary<string, List<(string, TextEdit)>>(StringComparer.Ordinal);
        var open = result.Findings.Where(f => !f.IsSuppressed && ruleIds.Contains(f.RuleId) && session.IsWithin(f.Path)).ToList();
        if (open.Count == 0) return edits;
        var fixers = Fixers(session, result);
        foreach (var group in open.GroupBy(f => (f.RuleId, f.Path)).OrderBy(g => g.Key.Path, StringComparer.Ordinal).ThenBy(g => g.Key.RuleId, StringComparer.Ordinal))
        {
            var (ruleId, path) = group.Key;
            if (result.Tree.Read(path, out _) is not { } bytes) continue;
            var text = SourceText.FromBytes(path, bytes);
            // A UTF-16 file would come back as UTF-8: it is left for a person.
            if (text.WasTranscoded) continue;
            IReadOnlyList<TextEdit> fileEdits = ruleId == UnusedSuppressionFix.RuleId
                ? UnusedSuppressionFix.Edits(text, result)
                : fixers.TryGetValue(ruleId, out var fixer) ? fixer.Fix(new FixContext(text, group.ToList())) : [];
            if (fileEdits.Count == 0) continue;
            var list = edits.TryGetValue(path, out var existing) ? existing : edits[path] = [];
            list.AddRange(fileEdits.Select(e => (ruleId, e)));
        }
        return edits;
    }

    /// <summary>The rules whose fix <c>fix</c> can run: UCG0002 (the engine's) and every rule class that is an <see cref="IFixableRule"/>.</summary>
    public static IReadOnlyList<string> FixableRules(GuardsSession session) =>
        session.Catalog.CreateRules().OfType<IFixableRule>().Select(r => r.Id).Append(UnusedSuppressionFix.RuleId)
            .Where(id => session.Policy.Rules.ContainsKey(id)).Distinct().Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, IFixableRule> Fixers(GuardsSession session, ScanResult result)
    {
        var fixers = new Dictionary<string, IFixableRule>(StringComparer.Ordinal);
        foreach (var rule in session.Catalog.CreateRules())
        {
            if (rule is not IFixableRule fixable || result.Policy.Rule(rule.Id) is not { Enabled: true } settings) continue;
            rule.Configure(settings, result.Policy);
            fixers[rule.Id] = fixable;
        }
        return fixers;
    }
}
