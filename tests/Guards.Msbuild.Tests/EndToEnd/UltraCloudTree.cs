namespace UltraCloud.Guards.Msbuild.Tests.EndToEnd;

/// <summary>A small UltraCloud-shaped checkout with one shipped Rust stub.</summary>
internal static class UltraCloudTree
{
    public const string StubFile = "chainfire/crates/chainfire-server/src/main.rs";

    /// <summary>Line 3, column 5: <c>todo!()</c>.</summary>
    public const string StubSource = """
        fn main() {
            let config = chainfire_server::Config::load();
            todo!("serve {config:?}")
        }
        """;

    public const string FixedSource = """
        fn main() {
            let config = chainfire_server::Config::load();
            chainfire_server::serve(config)
        }
        """;

    public static string Create(string root)
    {
        Write(root, "README.md", "# UltraCloud\n\nA NixOS-based cloud platform.\n");
        Write(root, "chainfire/Cargo.toml", "[workspace]\nmembers = [\"crates/chainfire-server\"]\n");
        Write(root, "chainfire/crates/chainfire-server/Cargo.toml", "[package]\nname = \"chainfire-server\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        Write(root, StubFile, StubSource + "\n");
        return root;
    }

    public static void Write(string root, string relativePath, string text)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
