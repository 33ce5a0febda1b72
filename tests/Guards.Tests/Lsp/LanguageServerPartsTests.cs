using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Lsp.JsonRpc;
using UltraCloud.Guards.Lsp.Protocol;
using UltraCloud.Guards.Lsp.Server;

namespace UltraCloud.Guards.Tests.Lsp;

/// <summary>The server's parts on their own: framing, buffers, URIs, the quick fix's edits, the overlay tree.</summary>
public sealed class LanguageServerPartsTests
{
    private static MessageReader Reader(string input, long max = 1 << 20) => new(new MemoryStream(Encoding.UTF8.GetBytes(input))) { MaxBodyBytes = max };

    [Fact]
    public void Frames_are_read_by_length_and_a_bad_one_is_skipped_up_to_the_next_header()
    {
        var reader = Reader("Content-Length: 2\r\n\r\n{}" + "Content-Type: x\r\ncontent-length:3\r\n\r\n[1]" + "junk\r\n\r\n{\"a\":1}Content-Length: 1\r\n\r\n5" + "Content-Length: 4\r\n\r\nabcdContent-Length: 2\r\n\r\n{}", max: 3);
        Assert.Equal("{}", Encoding.UTF8.GetString(reader.Read()!.Value.Body!));
        Assert.Equal("[1]", Encoding.UTF8.GetString(reader.Read()!.Value.Body!));
        Assert.Equal("not a header line: 'junk'", reader.Read()!.Value.Problem);
        Assert.Equal("5", Encoding.UTF8.GetString(reader.Read()!.Value.Body!));
        Assert.StartsWith("a message of 4 bytes is larger than", reader.Read()!.Value.Problem);
        Assert.Equal("{}", Encoding.UTF8.GetString(reader.Read()!.Value.Body!));
        Assert.Null(reader.Read());
    }

    [Fact]
    public void A_truncated_message_is_a_problem_then_the_end()
    {
        var reader = Reader("Content-Length: 10\r\n\r\n{}");
        Assert.Equal("the input ended inside a message's body", reader.Read()!.Value.Problem);
        Assert.Null(reader.Read());
        Assert.Equal("Content-Length is not a number: 'Content-Length: x'", Reader("Content-Length: x\r\n\r\n").Read()!.Value.Problem);
    }

    [Fact]
    public void Incremental_changes_use_utf16_positions_across_line_break_kinds()
    {
        var document = new OpenDocument("file:///a.rs", "a.rs", "rust", 1, "ab\r\nc😀d\re\nf");
        document.Apply([Change(1, 3, 1, 4, "X")], 2); // after the surrogate pair
        Assert.Equal("ab\r\nc😀X\re\nf", document.Text);
        document.Apply([Change(2, 0, 3, 1, "E"), Change(0, 1, 1, 0, "-")], 3);
        Assert.Equal("a-c😀X\rE", document.Text);
        document.Apply([Change(9, 0, 9, 5, "!"), new TextDocumentContentChangeEvent { Text = "new" }, Change(0, 99, 0, 99, "?")], 4);
        Assert.Equal("new?", document.Text);
        Assert.Equal(4, document.Version);
        Assert.Equal("new?"u8.ToArray(), document.Utf8);
    }

    private static TextDocumentContentChangeEvent Change(int l1, int c1, int l2, int c2, string text) => new()
    {
        Range = new UltraCloud.Guards.Lsp.Protocol.Range { Start = new Position { Line = l1, Character = c1 }, End = new Position { Line = l2, Character = c2 } },
        Text = text,
    };

    [Theory]
    [InlineData("/tmp/a b/c#d.rs", "file:///tmp/a%20b/c%23d.rs")]
    [InlineData("/tmp/ü.md", "file:///tmp/%C3%BC.md")]
    public void File_uris_round_trip(string path, string uri)
    {
        Assert.Equal(uri, FileUris.FromPath(path));
        Assert.Equal(path, FileUris.ToPath(uri));
        Assert.Equal(path, FileUris.ToPath(uri.Replace("file:///", "file://localhost/", StringComparison.Ordinal)));
        Assert.Null(FileUris.ToPath("untitled:Untitled-1"));
        Assert.Null(FileUris.ToPath("file://server/share/x"));
    }

    private static Finding At(string rule, int line, int column) => new(rule, Severity.Error, "x", new SourceSpan(line, column, line, column + 4, 0, 0), "m", "m");

    [Fact]
    public void The_quick_fix_writes_the_comment_of_the_file_s_language()
    {
        var rust = SuppressionFix.Create("fn main() {\n\ttodo!()\n}\n", "a.rs", At("UCG1001", 2, 2), SuppressionFix.StyleOf("rust", "a.rs"));
        Assert.Equal("\t// uc-guards: allow(UCG1001) <reason>\n", rust.Edit.NewText);
        Assert.Equal((1, 0), (rust.Edit.Range.Start.Line, rust.Edit.Range.Start.Character));
        Assert.Equal((1, 30, 38), (rust.Reason.Start.Line, rust.Reason.Start.Character, rust.Reason.End.Character));

        var nix = SuppressionFix.Create("{\r\n  a = 1;\r\n}\r\n", "flake.nix", At("UCG1005", 2, 3), SuppressionFix.StyleOf("nix", "flake.nix"));
        Assert.Equal("  # uc-guards: allow(UCG1005) <reason>\r\n", nix.Edit.NewText);

        var shell = SuppressionFix.Create("echo hi\n", "run", At("UCG1004", 1, 1), SuppressionFix.StyleOf("shellscript", "run"));
        Assert.Equal("# uc-guards: allow(UCG1004) <reason>\n", shell.Edit.NewText);

        var markdown = SuppressionFix.Create("# Title\n\n| a | b |\n", "docs/x.md", At("UCG2004", 3, 3), SuppressionFix.StyleOf("markdown", "docs/x.md"));
        Assert.Equal(" <!-- uc-guards: allow(UCG2004) <reason> -->", markdown.Edit.NewText);
        Assert.Equal((2, 9), (markdown.Edit.Range.Start.Line, markdown.Edit.Range.Start.Character));
        Assert.Equal((2, 41, 49), (markdown.Reason.Start.Line, markdown.Reason.Start.Character, markdown.Reason.End.Character));
    }

    [Fact]
    public void The_quick_fix_adds_the_rule_to_a_directive_already_there()
    {
        const string text = "    // uc-guards: allow(UCG1001) the store is not served yet\n    todo!() // FIXME\n";
        var fix = SuppressionFix.Create(text, "a.rs", At("UCG1003", 2, 16), Suppressions.CommentStyle.DoubleSlash);
        Assert.Equal(", UCG1003", fix.Edit.NewText);
        Assert.Equal((0, 31), (fix.Edit.Range.Start.Line, fix.Edit.Range.Start.Character));
        // The existing reason, moved right by the insertion, is what to review.
        Assert.Equal("the store is not served yet", text.Insert(31, ", UCG1003").Split('\n')[0][fix.Reason.Start.Character..fix.Reason.End.Character]);
    }

    [Fact]
    public void The_overlay_serves_buffers_over_the_base_tree_and_lists_new_buffers()
    {
        var disk = new InMemoryTree([new("a.rs", "disk a"), new("b.rs", "disk b")]);
        var overlay = new OverlayTree(disk, new Dictionary<string, byte[]> { ["a.rs"] = "buffer a!"u8.ToArray(), ["c.rs"] = "new"u8.ToArray() });
        Assert.Equal("buffer a!", Encoding.UTF8.GetString(overlay.Read("a.rs", out _)!));
        Assert.Equal("disk b", Encoding.UTF8.GetString(overlay.Read("b.rs", out _)!));
        Assert.Equal(["a.rs 9", "b.rs 6", "c.rs 3"], overlay.Enumerate().Select(e => $"{e.Path} {e.Size}").ToArray());
        Assert.True(overlay.FileExists("c.rs"));
        var listed = new OverlayTree(disk, new Dictionary<string, byte[]>(), [new SourceEntry("b.rs", 0)]);
        Assert.Equal(["b.rs"], listed.Enumerate().Select(e => e.Path).ToArray());
    }
}
