using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Rust;

public class CompletenessMarkerRuleTests
{
    private const string Provider = "fiberlb/crates/fiberlb-server/src/pool.rs";

    [Fact]
    public void Fires_on_markers_in_comments_of_provider_servers()
    {
        using var tree = new TestTree((Provider, """
            /* TODO: drain backends in parallel */
            pub fn drain() {
                // Best-effort: unreachable backends are dropped
                // FIXME(lb) retry on reset
                /// doc comments count too: best effort
                let _x = 1;
                // fixme lower case
            }
            """));

        Assert.Equal(
        [
            ("UCG1003", Provider, 1, 4),
            ("UCG1003", Provider, 3, 8),
            ("UCG1003", Provider, 4, 8),
            ("UCG1003", Provider, 5, 33),
            ("UCG1003", Provider, 7, 8),
        ], tree.Findings("UCG1003"));
    }

    [Fact]
    public void Ignores_code_strings_other_words_tests_and_non_provider_servers()
    {
        using var tree = new TestTree(
            (Provider, """
                pub fn label() -> &'static str {
                    // TODO without a colon is not the marker; todoist neither; a besteffort word neither
                    let best_effort = "TODO: in a string";
                    let _ = best_effort;
                    "FIXME in a string"
                }

                #[cfg(test)]
                mod tests {
                    // TODO: tests may carry markers
                }
                """),
            ("chainfire/crates/chainfire-server/src/lib.rs", "// TODO: not a provider server\npub fn f() {}\n"),
            ("fiberlb/crates/fiberlb-server/tests/it.rs", "// FIXME in an integration test\n"));

        Assert.Empty(tree.Findings("UCG1003"));
    }
}
