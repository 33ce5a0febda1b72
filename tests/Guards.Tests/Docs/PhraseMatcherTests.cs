using UltraCloud.Guards.Rules.Docs;

namespace UltraCloud.Guards.Tests.Docs;

public sealed class PhraseMatcherTests
{
    private static List<(int, int, int)> All(PhraseMatcher matcher, string text, Func<int, int, int, bool>? accept = null) =>
        matcher.Matches(text, accept ?? ((_, _, _) => true)).ToList();

    [Fact]
    public void Words_are_joined_by_any_white_space_and_with_hyphens_allowed_by_at_most_one_hyphen()
    {
        var hyphens = new PhraseMatcher([("work in progress", StringComparison.OrdinalIgnoreCase)], hyphenBetweenWords: true);
        var spaces = new PhraseMatcher([("work in progress", StringComparison.OrdinalIgnoreCase)], hyphenBetweenWords: false);
        const string Text = "a work-in-progress, Work In\n  progress, work - in progress, work--in progress, workin progress";

        Assert.Equal([(2, 16, 0), (20, 18, 0), (40, 18, 0)], All(hyphens, Text));
        Assert.Equal([(20, 18, 0)], All(spaces, Text));
    }

    [Fact]
    public void Case_follows_each_phrase_comparison()
    {
        var matcher = new PhraseMatcher([("TODO", StringComparison.Ordinal), ("coming soon", StringComparison.OrdinalIgnoreCase)], hyphenBetweenWords: true);

        Assert.Equal([(0, 4, 0), (17, 11, 1)], All(matcher, "TODO todo Todo - COMING SOON"));
    }

    [Fact]
    public void The_first_phrase_in_list_order_wins_at_a_start_and_hits_never_overlap()
    {
        var matcher = new PhraseMatcher([("nix run .#cluster-smoke", StringComparison.Ordinal), ("nix run", StringComparison.Ordinal), ("run .#cluster", StringComparison.Ordinal)], hyphenBetweenWords: false);

        Assert.Equal([(0, 23, 0), (24, 7, 1)], All(matcher, "nix run .#cluster-smoke nix run .#cluster"));
    }

    [Fact]
    public void A_rejected_hit_hides_neither_a_later_phrase_at_the_same_start_nor_a_hit_inside_it()
    {
        var matcher = new PhraseMatcher([("is a stub", StringComparison.OrdinalIgnoreCase), ("is a", StringComparison.OrdinalIgnoreCase), ("a stub", StringComparison.OrdinalIgnoreCase)], hyphenBetweenWords: true);
        const string Text = "this is a stub";

        Assert.Equal([(5, 4, 1)], All(matcher, Text, (index, length, phrase) => phrase != 0));
        Assert.Equal([(8, 6, 2)], All(matcher, Text, (index, length, phrase) => phrase == 2));
    }

    [Fact]
    public void An_empty_text_or_list_finds_nothing()
    {
        Assert.Empty(All(new PhraseMatcher([], hyphenBetweenWords: true), "TODO"));
        Assert.Empty(All(new PhraseMatcher([("TODO", StringComparison.Ordinal)], hyphenBetweenWords: true), ""));
        Assert.Empty(All(new PhraseMatcher([("coming soon", StringComparison.Ordinal)], hyphenBetweenWords: true), "coming "));
    }
}
