using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Tests.Docs;

/// <summary>
/// UCG1004 reads the sentence around each hit in Markdown: wording that marks the documented
/// surface unfinished is a finding, wording that talks about unfinished things is not. Each class
/// of false finding seen in public docs has its own minimal reproduction here, beside the
/// sentences that must still be findings.
/// </summary>
public sealed class WordingJudgementTests
{
    private const string Rule = "UCG1004";

    private static List<(int Line, int Column)> Findings(string markdown, string path = "docs/guide.md", string? config = null)
    {
        using var tree = DocsTree.Create();
        if (config is not null) tree.Write("uc-guards.yaml", config);
        tree.Write(path, markdown);
        return tree.Only(Rule).Select(f => (f.Line, f.Column)).ToList();
    }

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void A_placeholder_as_a_technical_term_is_not_a_finding_and_a_placeholder_page_is()
    {
        Assert.Equal([(7, 11), (9, 23)], Findings(Lines(
            "# Formatting",
            "",
            "The `{}` pair is a placeholder: the value goes there.",
            "",
            "In `Request<T>`, `T` is a placeholder for the message type.",
            "",
            "This page is a placeholder.",
            "",
            "The reference section is a placeholder until the 2.0 release.")));
    }

    [Fact]
    public void A_document_that_uses_the_term_as_its_own_reads_it_as_the_term()
    {
        Assert.Empty(Findings(Lines(
            "# Output placeholders",
            "",
            "A derivation refers to its own outputs before they exist.",
            "",
            "- `out`:",
            "",
            "  This is a placeholder for the derivation's own output.")));
        Assert.Empty(Findings(Lines(
            "# Diagnostics",
            "",
            "- `HasTemplates`: applied by hand because the suggestion holds placeholder text.")
            .Replace("HasTemplates", "HasPlaceholders")));
        Assert.Equal([(3, 20)], Findings(Lines(
            "# Diagnostics",
            "",
            "This whole section is a placeholder.",
            "",
            "Use `render` to fill the template.")));
    }

    [Fact]
    public void A_marker_that_is_the_object_of_the_sentence_is_a_mention()
    {
        Assert.Equal([(11, 1)], Findings(Lines(
            "The linter reports TODO comments and FIXME markers.",
            "",
            "Open WIP PRs early; see TODO.md and docs/TODO/index.md for the list.",
            "",
            "Fill in anything marked with FIXME (required) or TODO (optional).",
            "",
            "A change cannot land until the TODO is fixed.",
            "",
            "Card numbers look like XXX-XX-1234.",
            "",
            "TODO: document the restore path.")));
    }

    [Fact]
    public void A_marker_pointed_at_is_a_reference_to_a_comment_of_the_sample()
    {
        Assert.Equal([(5, 40), (7, 12)], Findings(Lines(
            "- Fix the bug in the sample above (see FIXME) so that it compiles.",
            "",
            "- Uncomment the last line (see TODO).",
            "",
            "For the other exercises, see the wiki, TBD.",
            "",
            "Restore is TBD; see TODO")));
    }

    [Fact]
    public void A_marker_used_as_a_label_is_still_a_finding()
    {
        Assert.Equal([(1, 4), (3, 1), (5, 50), (7, 48), (11, 13)], Findings(Lines(
            "## TODO",
            "",
            "TODO",
            "",
            "The CI should be described here but is left as a TODO.",
            "",
            "Restore is marked as experimental; the rest is TBD.",
            "",
            "| lane | status |",
            "| --- | --- |",
            "| storage | WIP |")));
    }

    [Fact]
    public void A_status_in_a_conditional_clause_is_hypothetical()
    {
        Assert.Equal([(5, 38)], Findings(Lines(
            "The server answers `501` if a route is not yet implemented by the backend.",
            "",
            "If a feature is not yet implemented, the client falls back to polling.",
            "",
            "If you deploy on ARM, ARM images are coming soon.")));
    }

    [Fact]
    public void A_status_about_an_upstream_or_a_named_third_party_is_not_a_finding_but_one_about_the_surface_is()
    {
        Assert.Equal([(11, 25), (13, 22), (15, 24)], Findings(Lines(
            "Live migration of passthrough devices is not yet implemented upstream.",
            "",
            "To try the work-in-progress feature you need a nightly toolchain.",
            "",
            "The `x` modifier is not yet implemented in LLVM, so it is rejected.",
            "",
            "Related work:",
            "",
            "- [A work in progress port of the proxy](https://example.org/proxy-port)",
            "",
            "Weighted round-robin is not yet implemented in FiberLB.",
            "",
            "- [The storage lane (work in progress)](storage.md)",
            "",
            "Draining a listener is not yet implemented in the CLI.")));
    }

    [Fact]
    public void A_status_whose_subject_is_a_release_is_a_schedule()
    {
        Assert.Equal([(3, 25)], Findings(Lines(
            "Releases leave every six weeks, so the next train is always coming soon.",
            "",
            "Multi-region restore is coming soon.")));
    }

    [Fact]
    public void A_status_that_gives_its_reason_or_tracking_issue_is_a_scope_statement()
    {
        Assert.Equal([(7, 25), (9, 24)], Findings(Lines(
            "Garbage collection of build traces is not yet implemented due to the lack of a default policy.",
            "",
            "Encrypted snapshots are not yet implemented, tracked in [issue 42](https://example.com/issues/42).",
            "",
            "Cross-region restore is not implemented yet (#118).",
            "",
            "Cross-region restore is not yet implemented.",
            "",
            "`fiberlb-ctl drain` is not yet implemented; see the roadmap.")));
    }

    [Fact]
    public void A_status_about_a_contribution_is_not_a_finding()
    {
        Assert.Equal([(3, 22)], Findings(Lines(
            "Open the pull request early and note in it that it is a work in progress.",
            "",
            "The storage API is a work in progress.")));
    }

    [Fact]
    public void Quotations_are_somebody_elses_words()
    {
        Assert.Equal([(3, 50)], Findings(Lines(
            "The 2019 announcement said “multi-region support is coming soon”, and it shipped in 2.0.",
            "",
            "The answer to \"when is it done\" is simple: it is coming soon.")));
    }

    [Fact]
    public void Release_notes_are_history_by_path_and_by_heading()
    {
        const string Notes = "- Removed the last TODO from the API reference.\n- The storage lane is a work in progress.\n";
        Assert.Empty(Findings(Notes, "docs/CHANGELOG.md"));
        Assert.Empty(Findings(Notes, "docs/release-notes/rl-2.0.md"));
        Assert.Empty(Findings(Notes, "docs/changelog/0.12.0.md"));
        Assert.Empty(Findings(Notes, "content/blog/2018-03-lanes.md"));
        Assert.Equal([(1, 20), (2, 25)], Findings(Notes, "docs/guide.md"));
        Assert.Equal([(11, 24)], Findings(Lines(
            "# Guide",
            "",
            "## Release notes",
            "",
            "### 0.9",
            "",
            "The `drain` command was a work in progress.",
            "",
            "# Next steps",
            "",
            "The drain command is a work in progress.")));
    }

    [Fact]
    public void The_lists_are_policy_data_a_repository_extends()
    {
        const string Doc = "Snapshots are not yet implemented in Acme.\n\nEvery TBD ticket is triaged on Monday.\n";
        Assert.Equal([(3, 7)], Findings(Doc));
        Assert.Equal([(1, 15)], Findings(Doc, config: Lines(
            "version: 1",
            "rules:",
            "  UCG1004:",
            "    extend:",
            "      own-names: [Acme]",
            "      mention-nouns: [ticket]")));
    }

    [Fact]
    public void Bad_judgement_options_are_configuration_errors()
    {
        using var tree = DocsTree.Create();
        tree.Write("uc-guards.yaml", "rules:\n  UCG1004:\n    options:\n      wording: [{phrase: is a stub, kind: term}]\n");
        tree.Write("docs/a.md", "x\n");
        var error = Assert.Throws<PolicyException>(() => GuardsEngine.Scan(new ScanOptions { Path = tree.Root, Rules = [Rule] }));
        Assert.Contains("needs `term:`", error.Message);

        tree.Write("uc-guards.yaml", "rules:\n  UCG1004:\n    options:\n      wording: [{phrase: is a stub, term: mock}]\n");
        error = Assert.Throws<PolicyException>(() => GuardsEngine.Scan(new ScanOptions { Path = tree.Root, Rules = [Rule] }));
        Assert.Contains("term 'mock' must be one word of the phrase 'is a stub'", error.Message);

        tree.Write("uc-guards.yaml", "rules:\n  UCG1004:\n    options:\n      wording: [{phrase: soon, kind: vague}]\n");
        error = Assert.Throws<PolicyException>(() => GuardsEngine.Scan(new ScanOptions { Path = tree.Root, Rules = [Rule] }));
        Assert.Contains("kind must be label, status or term, not 'vague'", error.Message);
    }
}
