using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Rules.Docs;

namespace UltraCloud.Guards.Tests.Docs;

public class UnfinishedWordingTests
{
    private const string Rule = "UCG1004";

    /// <summary>Every phrase of the shipped wording list, written in a case its rule accepts.</summary>
    public static TheoryData<string> ShippedPhrases()
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        var list = WordingList.FromOptions(policy.Rule(Rule)!.Options, Rule);
        var data = new TheoryData<string>();
        foreach (var entry in list.Entries) data.Add(entry.Case == WordingCase.Upper ? entry.Phrase.ToUpperInvariant() : entry.Phrase);
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedPhrases))]
    public void Each_entry_fires_in_every_prose_construct(string phrase)
    {
        using var tree = DocsTree.Create();
        tree.Write("docs/guide.md", string.Join("\n",
            $"# Heading {phrase}",
            "",
            $"Para {phrase} end.",
            "",
            $"- item {phrase}",
            "",
            "| A | B |",
            "| --- | --- |",
            $"| x | {phrase} |",
            "",
            $"See [the {phrase}](https://example.com/x).",
            "",
            $"> quoted {phrase}",
            ""));
        Assert.Equal(
            [(Rule, "docs/guide.md", 1, 11), (Rule, "docs/guide.md", 3, 6), (Rule, "docs/guide.md", 5, 8),
             (Rule, "docs/guide.md", 9, 7), (Rule, "docs/guide.md", 11, 10), (Rule, "docs/guide.md", 13, 10)],
            tree.Only(Rule));
    }

    [Theory]
    [MemberData(nameof(ShippedPhrases))]
    public void No_entry_fires_outside_prose(string phrase)
    {
        var slug = phrase.Replace(' ', '-');
        using var tree = DocsTree.Create();
        tree.Write("docs/guide.md", string.Join("\n",
            "---",
            $"title: {phrase}",
            "---",
            "# Guide",
            "",
            $"Inline `{phrase}` code, a [link](https://example.com/{slug} \"x\"), an image ![alt](img/{slug}.png),",
            $"an autolink <https://example.com/{slug}>, a bare URL https://example.com/{slug} and <span title=\"{phrase}\">html</span>.",
            "",
            "```bash",
            $"echo {phrase}",
            "```",
            "",
            $"    indented {phrase}",
            "",
            $"<!-- {phrase} -->",
            "",
            $"[ref]: https://example.com/{slug} \"{phrase}\"",
            "",
            "<div>",
            phrase,
            "</div>",
            ""));
        Assert.Empty(tree.Only(Rule));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Exact_positions_on_crlf_and_after_multibyte_chars(string nl)
    {
        using var tree = DocsTree.Create();
        tree.Write("README.md", string.Join(nl,
            "# Überblick 🚀 TODO",
            "",
            "Die Größe ist 😀 *coming*",
            "soon: see ü TBD.",
            ""));
        var findings = tree.Raw(Rule);
        Assert.Equal(
            [(1, 16, 1, 20), (3, 19, 4, 5), (4, 13, 4, 16)],
            findings.Select(f => (f.Span.StartLine, f.Span.StartColumn, f.Span.EndLine, f.Span.EndColumn)));
        Assert.Equal(["TODO", "coming soon", "TBD"], findings.Select(f => f.MatchedText.Replace(nl, " ")));
    }

    [Fact]
    public void Case_rules_and_word_boundaries()
    {
        using var tree = DocsTree.Create();
        tree.Write("docs/a.md", string.Join("\n",
            "my todo list, a todoist integration, TODO_COUNT, XXXL, WIPE, nonTODO",
            "",
            "Coming Soon and COMING SOON and work-in-progress and Todo",
            ""));
        Assert.Equal([(Rule, "docs/a.md", 3, 1), (Rule, "docs/a.md", 3, 17), (Rule, "docs/a.md", 3, 33)], tree.Only(Rule));
    }

    [Fact]
    public void The_fast_path_sets_aside_a_doc_whose_phrases_are_all_in_fenced_code()
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        var list = WordingList.FromOptions(policy.Rule(Rule)!.Options, Rule);
        static byte[] Doc(params string[] lines) => System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines));

        Assert.False(list.MayMatchInMarkdownProse(Doc("# Ops", "", "```sh", "ctl run  # TODO in code", "```", "", "A todo list.", "~~~", "coming soon", "~~~")));
        Assert.True(list.MayMatchInMarkdownProse(Doc("```sh", "# TODO in code", "```", "", "Multi-region is coming soon.")));
        // The same phrases in a shell file, or a doc the fence scan cannot place (an HTML block), are read.
        Assert.True(list.MayMatch(Doc("```sh", "# TODO in code", "```")));
        Assert.True(list.MayMatchInMarkdownProse(Doc("<div>", "```", "", "TODO", "```")));
        // Case rules hold on the fast path too: a lower-case "todo" cannot be the upper-case marker.
        Assert.False(list.MayMatch(Doc("my todo list")));
    }

    [Fact]
    public void A_phrase_after_a_fence_is_found_and_those_inside_are_not()
    {
        using var tree = DocsTree.Create();
        tree.Write("docs/a.md", string.Join("\n",
            "# Ops",
            "",
            "```sh",
            "ctl run  # TODO in a code block",
            "```",
            "",
            "TBD: the restore path.",
            "",
            "~~~",
            "coming soon",
            "~~~",
            ""));
        tree.Write("docs/b.md", string.Join("\n", "# Ops", "", "```sh", "ctl run  # TODO in a code block", "```", ""));
        Assert.Equal([(Rule, "docs/a.md", 7, 1)], tree.Only(Rule));
    }

    [Fact]
    public void Quoted_terms_are_mentions_not_unfinished_wording()
    {
        using var tree = DocsTree.Create();
        tree.Write("docs/a.md", "The guard rejects \"TODO\", “coming soon” and 'WIP' markers, and stub responses.\n");
        Assert.Empty(tree.Only(Rule));
    }

    [Fact]
    public void Repository_wording_adds_phrases_and_allows_scope_statements()
    {
        using var tree = DocsTree.Create();
        tree.Write("uc-guards.yaml", string.Join("\n",
            "wording:",
            "  add: [DRAFT, needs review, {phrase: Pending, case: exact}]",
            "  allow: [\"aarch64 support is coming soon\"]",
            ""));
        tree.Write("docs/a.md", string.Join("\n",
            "This DRAFT needs  review; aarch64 support is coming soon.",
            "",
            "Draft text, Pending, pending; coming soon.",
            ""));
        Assert.Equal(
            [(Rule, "docs/a.md", 1, 6), (Rule, "docs/a.md", 1, 12), (Rule, "docs/a.md", 3, 13), (Rule, "docs/a.md", 3, 31)],
            tree.Only(Rule));
    }

    [Fact]
    public void An_html_comment_suppression_with_a_reason_covers_the_next_line()
    {
        using var tree = DocsTree.Create();
        tree.Write("docs/a.md", string.Join("\n",
            "<!-- uc-guards: allow(UCG1004) the roadmap page lists what is planned -->",
            "Multi-region support is coming soon.",
            "",
            "Cross-cluster backup is coming soon.",
            ""));
        var result = tree.Scan(Rule);
        Assert.Equal([(2, true), (4, false)], result.Findings.Where(f => f.RuleId == Rule).Select(f => (f.Span.StartLine, f.IsSuppressed)));
    }

    [Fact]
    public void Bad_wording_options_are_a_configuration_error()
    {
        using var tree = DocsTree.Create();
        tree.Write("uc-guards.yaml", "rules:\n  UCG1004:\n    options:\n      wording: [{phrase: TODO, case: loud}]\n");
        tree.Write("docs/a.md", "x\n");
        var error = Assert.Throws<PolicyException>(() => GuardsEngine.Scan(new ScanOptions { Path = tree.Root, Rules = [Rule] }));
        Assert.Contains("UCG1004.options.wording entry.case must be any, upper or exact, not 'loud'", error.Message);
    }

    [Fact]
    public void Only_scoped_files_are_read()
    {
        using var tree = DocsTree.Create();
        tree.Write("notes/a.md", "TODO\n");
        tree.Write("fiberlb/README.md", "TODO\n");
        tree.Write("fiberlb/docs/x.md", "TODO\n");
        tree.Write("unknownlib/README.md", "TODO\n");
        tree.Write("nix/test-cluster/README.md", "TODO\n");
        tree.Write("nix/modules/x.nix", "# TODO\n{ }\n");
        Assert.Equal(
            [(Rule, "fiberlb/README.md", 1, 1), (Rule, "fiberlb/docs/x.md", 1, 1), (Rule, "nix/test-cluster/README.md", 1, 1)],
            tree.Only(Rule));
    }

    [Fact]
    public void Shell_harness_wording_counts_in_comments_strings_and_heredocs_not_in_names()
    {
        using var tree = DocsTree.Create();
        tree.Write("nix/test-cluster/run-lane.sh", string.Join("\n",
            "#!/usr/bin/env bash",
            "# TODO: wire the storage lane",
            "TODO_COUNT=0",
            "WIP=1",
            "echo \"lane ${WIP} is a work in progress\"",
            "echo 'status: TBD'",
            "printf $'FIXME\\n'",
            "cat <<EOF",
            "This lane is coming soon, $WIP",
            "EOF",
            "cat <<'DOC'",
            "  details to follow",
            "DOC",
            "run_todo_step \"$TODO_COUNT\"",
            ""));
        Assert.Equal(
            [(Rule, "nix/test-cluster/run-lane.sh", 2, 3), (Rule, "nix/test-cluster/run-lane.sh", 5, 24),
             (Rule, "nix/test-cluster/run-lane.sh", 6, 15), (Rule, "nix/test-cluster/run-lane.sh", 7, 10),
             (Rule, "nix/test-cluster/run-lane.sh", 9, 14), (Rule, "nix/test-cluster/run-lane.sh", 12, 3)],
            tree.Only(Rule));
    }

    [Fact]
    public void Nix_harness_wording_counts_in_comments_and_strings_not_in_code()
    {
        using var tree = DocsTree.Create();
        tree.Write("nix/test-cluster/flake.nix", string.Join("\n",
            "{",
            "  # FIXME: pin the inputs",
            "  description = \"VM cluster harness (work in progress)\";",
            "  outputs = { self, TODO ? null }: {",
            "    /* TBD */",
            "    script = ''",
            "      echo ${self} coming soon",
            "    '';",
            "    name = \"${TODO}-lane\";",
            "  };",
            "}",
            ""));
        Assert.Equal(
            [(Rule, "nix/test-cluster/flake.nix", 2, 5), (Rule, "nix/test-cluster/flake.nix", 3, 38),
             (Rule, "nix/test-cluster/flake.nix", 5, 8), (Rule, "nix/test-cluster/flake.nix", 7, 20)],
            tree.Only(Rule));
    }

    [Fact]
    public void A_shell_syntax_error_is_reported_once_and_the_rest_still_read()
    {
        using var tree = DocsTree.Create();
        tree.Write("nix/test-cluster/broken.sh", "#!/bin/sh\n# TODO later\necho \"ok\" )\n");
        Assert.Equal([(Rule, "nix/test-cluster/broken.sh", 2, 3), ("UCG0001", "nix/test-cluster/broken.sh", 3, 11)], tree.Only(Rule, "UCG0001"));
    }

    [Fact]
    public void A_broken_nix_harness_file_gets_one_parse_error_whichever_rules_read_it()
    {
        using var tree = DocsTree.Create();
        tree.Write("nix/test-cluster/lane.nix", "# TODO: pin the image\n{ a = 1; b = ; }\n");
        var findings = tree.Scan().Active.Where(f => f.Path == "nix/test-cluster/lane.nix").Select(f => (f.RuleId, f.Span.StartLine, f.Span.StartColumn)).ToList();
        Assert.Equal([(Rule, 1, 3), ("UCG0001", 2, 14)], findings);
    }
}
