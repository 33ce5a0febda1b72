using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Engine.Examples;

/// <summary>How an example (or, combined, a rule) fared. Several flags may be set at once.</summary>
[Flags]
public enum ExampleStatus
{
    Passed = 0,
    /// <summary>The rule reported a finding the example does not expect.</summary>
    Noisy = 1,
    /// <summary>The rule did not report a finding the example marks.</summary>
    Missing = 2,
    /// <summary>The example could not be run: bad markup, a parse error in the snippet, no rule class, a crash.</summary>
    Broken = 4,
}

/// <summary>A finding an invalid example marks: where, and the text the markers enclose.</summary>
public sealed record ExpectedFinding(string Path, SourceSpan Span, string Text);

public sealed record ExampleResult
{
    /// <summary>1-based position of the example in the rule file.</summary>
    public required int Number { get; init; }
    public required RuleExample Example { get; init; }
    public required ExampleStatus Status { get; init; }
    public IReadOnlyList<ExpectedFinding> Missing { get; init; } = [];
    public IReadOnlyList<Finding> Unexpected { get; init; } = [];
    /// <summary>Why the example is broken.</summary>
    public string? Error { get; init; }
    /// <summary>A hint printed with a missing finding (e.g. the path is outside the rule's scopes).</summary>
    public string? Hint { get; init; }
}

public sealed record RuleTestResult
{
    public required RuleDescriptor Rule { get; init; }
    public IReadOnlyList<ExampleResult> Examples { get; init; } = [];
    /// <summary>Set when the rule was not tested (disabled by the configuration); the reason.</summary>
    public string? Skipped { get; init; }
    /// <summary>Set when the rule as a whole cannot be tested (no rule class implements it).</summary>
    public string? Error { get; init; }

    public bool HasExamples => Rule.Examples.Count > 0;

    public ExampleStatus Status =>
        Examples.Aggregate(Error is null ? ExampleStatus.Passed : ExampleStatus.Broken, (acc, e) => acc | e.Status);

    public bool Failed => Skipped is null && Status != ExampleStatus.Passed;
}

/// <summary>
/// Runs every rule's <c>examples</c> through the engine, each example on an <see cref="InMemoryTree"/>
/// holding just its files, and compares the rule's findings with the spans the example marks.
/// Valid examples must give no finding of the rule; invalid ones exactly the marked spans. An
/// example with a file named uc-guards.yaml runs with that configuration over the shipped policy
/// (<paramref name="withConfiguration"/> builds it; by default over the embedded rules/).
/// </summary>
public sealed class RuleExampleRunner(GuardsPolicy policy, RuleCatalog? catalog = null, Func<string, GuardsPolicy>? withConfiguration = null)
{
    private readonly RuleCatalog _catalog = (catalog ?? RuleCatalog.Default).DescribedBy(policy);

    public IReadOnlyList<RuleTestResult> Run(IReadOnlyCollection<string>? ruleIds = null)
    {
        var implemented = _catalog.CreateRules().Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var selected = policy.Rules.Values
            .Where(r => ruleIds is null || ruleIds.Count == 0 || ruleIds.Contains(r.Id))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var results = new RuleTestResult[selected.Count];
        Parallel.For(0, selected.Count, i => results[i] = RunRule(selected[i], implemented));
        return results;
    }

    private RuleTestResult RunRule(RuleSettings rule, HashSet<string> implemented)
    {
        if (!rule.Enabled)
            return new RuleTestResult { Rule = rule.Descriptor, Skipped = "disabled by the configuration" };
        if (!GuardsEngine.IsEngineRule(rule.Id) && !implemented.Contains(rule.Id))
            return new RuleTestResult { Rule = rule.Descriptor, Error = $"no rule class implements {rule.Id} (a FileRule or RepositoryRule with Id => \"{rule.Id}\")" };

        var examples = rule.Descriptor.Examples.Select((example, i) => RunExample(rule, example, i + 1)).ToList();
        return new RuleTestResult { Rule = rule.Descriptor, Examples = examples };
    }

    public ExampleResult RunExample(RuleSettings rule, RuleExample example, int number)
    {
        IReadOnlyList<ExampleFile> files;
        try
        {
            files = ExampleMarkup.Parse(example);
        }
        catch (ExampleMarkupException ex)
        {
            return Broken(ex.Message);
        }

        var tree = new InMemoryTree($"{rule.Id} example {number}");
        foreach (var file in files) tree.Add(file.Path, file.Text);
        var examplePolicy = policy;
        if (files.FirstOrDefault(f => f.Path == PolicyLoader.ConfigFileName) is { } configuration)
        {
            try
            {
                examplePolicy = (withConfiguration ?? ShippedWith)(configuration.Text);
                rule = examplePolicy.Rule(rule.Id) ?? rule;
            }
            catch (PolicyException ex)
            {
                return Broken($"the example's {PolicyLoader.ConfigFileName} is refused: {ex.Message}");
            }
        }

        ScanResult result;
        try
        {
            result = GuardsEngine.Scan(new ScanOptions
            {
                Path = ".",
                Tree = tree,
                Policy = examplePolicy,
                Catalog = _catalog,
                Rules = GuardsEngine.IsEngineRule(rule.Id) ? [] : [rule.Id],
                Jobs = 1,
            });
        }
        catch (Exception ex) when (ex is PolicyException or ArgumentException or InvalidOperationException)
        {
            return Broken($"the example could not be scanned: {ex.Message}");
        }

        if (result.InternalErrors.Count > 0)
            return Broken(string.Join("; ", result.InternalErrors));
        if (rule.Id != "UCG0001" && result.Active.FirstOrDefault(f => f.RuleId == "UCG0001") is { } parseError)
            return Broken($"the snippet does not parse: {parseError.Path}:{parseError.Span.StartLine}:{parseError.Span.StartColumn}: {parseError.Message}");

        var actual = result.Active.Where(f => f.RuleId == rule.Id).ToList();
        var expected = files.SelectMany(f => f.ExpectedSpans.Select(s => new ExpectedFinding(f.Path, s, Slice(f.Text, s)))).ToList();
        var missing = new List<ExpectedFinding>();
        var unexpected = new List<Finding>(actual);
        foreach (var want in expected)
        {
            var index = unexpected.FindIndex(f => f.Path == want.Path && SameRegion(f.Span, want.Span));
            if (index >= 0) unexpected.RemoveAt(index);
            else missing.Add(want);
        }

        var status = (missing.Count > 0 ? ExampleStatus.Missing : 0) | (unexpected.Count > 0 ? ExampleStatus.Noisy : 0);
        string? hint = null;
        var outside = missing.Select(m => m.Path).Distinct().Where(p => rule.Scopes.Count > 0 && !rule.AppliesTo(p)).ToList();
        if (outside.Count > 0)
            hint = $"{string.Join(", ", outside)} is outside the rule's scopes ({string.Join(", ", rule.Scopes.Select(s => s.Name))})";
        return new ExampleResult { Number = number, Example = example, Status = status, Missing = missing, Unexpected = unexpected, Hint = hint };

        ExampleResult Broken(string error) =>
            new() { Number = number, Example = example, Status = ExampleStatus.Broken, Error = error };
    }

    /// <summary>The embedded rules/ with a repository configuration given as text.</summary>
    public static GuardsPolicy ShippedWith(string configuration) => WithConfiguration(PolicyLoader.ShippedDocuments(), configuration);

    /// <summary>The policy <paramref name="documents"/> make with a repository configuration given as text (read from a private temporary file).</summary>
    public static GuardsPolicy WithConfiguration(IReadOnlyList<(string Name, string Text)> documents, string configuration)
    {
        var folder = Directory.CreateTempSubdirectory("uc-guards-example-");
        try
        {
            var path = Path.Combine(folder.FullName, PolicyLoader.ConfigFileName);
            File.WriteAllText(path, configuration);
            return PolicyLoader.Load(documents, path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Slice(string text, SourceSpan span)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var start = Math.Clamp(span.StartByte, 0, bytes.Length);
        return System.Text.Encoding.UTF8.GetString(bytes, start, Math.Clamp(span.EndByte, start, bytes.Length) - start);
    }

    private static bool SameRegion(SourceSpan a, SourceSpan b) =>
        a.StartLine == b.StartLine && a.StartColumn == b.StartColumn && a.EndLine == b.EndLine && a.EndColumn == b.EndColumn;
}
