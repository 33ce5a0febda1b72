using UltraCloud.Guards.Bench;

namespace UltraCloud.Guards.Tests.Bench;

/// <summary>The benchmark's tree generator is deterministic: a seed names one tree.</summary>
public sealed class TreeGeneratorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ucg-gen-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private GeneratedTree Generate(string name, ulong seed) =>
        TreeGenerator.Generate(new GeneratorOptions { Output = Path.Combine(_dir, name), Scale = 0.01, Seed = seed });

    private static List<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Same_seed_gives_the_same_files_and_hash()
    {
        var a = Generate("a", 7);
        var b = Generate("b", 7);

        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(Files(a.Root), Files(b.Root));
        Assert.Equal(a.StageCandidates, b.StageCandidates);
        Assert.Equal(5, a.StageCandidates.Count);
        Assert.True(a.Lines is > 9_000 and < 16_000, $"about 10k lines (plus crate roots and READMEs) at scale 0.01, got {a.Lines}");
        Assert.True(a.Kinds["rust"].Lines > a.Kinds["nix"].Lines + a.Kinds["markdown"].Lines, "Rust is most of the tree");
    }

    [Fact]
    public void Another_seed_gives_another_tree()
    {
        Assert.NotEqual(Generate("a", 7).Hash, Generate("b", 8).Hash);
    }

    [Fact]
    public void A_non_empty_output_folder_is_refused()
    {
        var dir = Path.Combine(_dir, "full");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "x");
        Assert.Throws<IOException>(() => TreeGenerator.Generate(new GeneratorOptions { Output = dir, Scale = 0.01 }));
    }
}
