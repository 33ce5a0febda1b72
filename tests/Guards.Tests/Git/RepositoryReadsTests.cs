using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Git;

/// <summary>Which files each repository rule read: directly, or through shared models, even lazily later.</summary>
public sealed class RepositoryReadsTests
{
    private sealed class LazyModel(RepositoryContext view)
    {
        public string? Read(string path) => view.ReadText(path)?.Text;
    }

    private sealed class OuterModel(RepositoryContext view)
    {
        public LazyModel Inner { get; } = view.Shared("inner", c => new LazyModel(c));
        public string? Flake { get; } = view.ReadText("flake.nix")?.Text;
    }

    private static RepositoryContext Context()
    {
        var tree = new InMemoryTree(new Dictionary<string, string>
        {
            ["flake.nix"] = "{ }", ["nix/a.nix"] = "{ }", ["nix/b.nix"] = "{ }", ["docs/x.md"] = "x", ["docs/y.md"] = "y",
        });
        var policy = StandInRules.Policy();
        return new RepositoryContext(tree, policy, tree.Enumerate().ToList(), new FindingSink(policy));
    }

    [Fact]
    public async Task A_rule_owns_its_own_reads_and_every_read_of_the_models_it_used_whenever_they_happened()
    {
        var context = Context();
        var threads = new[]
        {
            Task.Run(() =>
            {
                using var _ = context.RecordReadsOf("A");
                context.ReadText("docs/x.md");
                context.Shared("outer", c => new OuterModel(c)).Inner.Read("nix/a.nix");
            }),
            Task.Run(() =>
            {
                using var _ = context.RecordReadsOf("B");
                context.ReadText("docs/y.md");
            }),
        };
        await Task.WhenAll(threads);
        using (context.RecordReadsOf("C"))
        {
            // C only asks the inner model, which a later question makes read another file.
            context.Shared("inner", c => new LazyModel(c)).Read("nix/b.nix");
        }

        Assert.Equal(["docs/x.md", "flake.nix", "nix/a.nix", "nix/b.nix"], context.ReadsOf("A")!.Order(StringComparer.Ordinal));
        Assert.Equal(["docs/y.md"], context.ReadsOf("B")!.Order(StringComparer.Ordinal));
        Assert.Equal(["nix/a.nix", "nix/b.nix"], context.ReadsOf("C")!.Order(StringComparer.Ordinal));
        Assert.Null(context.ReadsOf("D"));
    }

    [Fact]
    public void Reads_outside_any_rule_are_recorded_for_none()
    {
        var context = Context();
        context.ReadText("docs/x.md");
        using (context.RecordReadsOf("A")) context.ReadText("docs/y.md");

        Assert.Equal(["docs/y.md"], context.ReadsOf("A")!);
    }
}
