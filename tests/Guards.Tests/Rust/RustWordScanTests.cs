using System.Text;
using CsCheck;
using UltraCloud.Guards.Engine;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Rust;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;
using UltraCloud.Guards.Tests.Support;

namespace UltraCloud.Guards.Tests.Rust;

/// <summary>
/// The Rust rules' byte-level fast path: a file is set aside before parsing only when no
/// occurrence of a rule's names can be code, whatever the parse.
/// </summary>
public sealed class RustWordScanTests
{
    private const string Server = "chainfire/crates/chainfire-server/src/handlers.rs";

    private static readonly RustWordScan s_macros = new(Bytes("todo", "unimplemented"), macroNames: true);
    private static readonly RustWordScan s_status = new(Bytes("unimplemented", "not_implemented", "Unimplemented", "NOT_IMPLEMENTED", "generate_default_stubs"), macroNames: false);

    private static byte[][] Bytes(params string[] names) => names.Select(Encoding.UTF8.GetBytes).ToArray();

    private static bool Macros(string text) => s_macros.AnyInCode(Encoding.UTF8.GetBytes(text));

    private static bool Status(string text) => s_status.AnyInCode(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("/// # todo!()\nfn f() {}\n")]
    [InlineData("//! Returns `unimplemented!()` until wired.\n")]
    [InlineData("    //     #     todo!()\n")]
    [InlineData("#[diagnostic::on_unimplemented(message = \"x\")]\ntrait T {}\n")]
    [InlineData("#[allow(clippy::todo)]\nfn f() {}\n")]
    [InlineData("let todo = 1; let x = todo + 1;\n")]
    [InlineData("todos!() ; untodo!()\n")]
    [InlineData("/* start\n// todo!() still in the comment\n*/\n")]
    [InlineData("let s = \"start\n// todo!() still in the string\n\";\n")]
    public void Sets_aside_names_that_cannot_be_a_macro_call(string text) => Assert.False(Macros(text));

    [Theory]
    [InlineData("fn f() { todo!() }")]
    [InlineData("fn f() { todo ! () }")]
    [InlineData("fn f() { todo\n    !() }")]
    [InlineData("fn f() { todo /* why */ !() }")]
    [InlineData("fn f() { std::unimplemented!() }")]
    [InlineData("fn f() { r#todo!() }")]
    // A comment line can hold the end of a block comment or of a string, and code after it.
    [InlineData("/* start\n// */ fn f() { todo!() }")]
    [InlineData("let s = \"start\n// \"; fn f() { todo!() }")]
    [InlineData("let s = r#\"start\n// \"#; fn f() { todo!() }")]
    // A line break the parser may see where the scan reads one line.
    [InlineData("// note\rfn f() { todo!() }")]
    [InlineData("// note\u2028fn f() { todo!() }")]
    public void Keeps_every_name_that_may_be_a_macro_call(string text) => Assert.True(Macros(text));

    [Theory]
    [InlineData("/// Answers `Status::unimplemented()` for now.\n", false)]
    [InlineData("#[diagnostic::on_unimplemented(message = \"x\")]\n", false)]
    [InlineData("Err(Status::unimplemented(\"x\"))", true)]
    [InlineData("Status::unimplemented!(\"x\")", true)]
    [InlineData("Status::new(Code::Unimplemented, \"x\")", true)]
    [InlineData("/* x\n// */ StatusCode::NOT_IMPLEMENTED", true)]
    public void The_status_rule_keeps_names_in_any_use_outside_comment_lines(string text, bool kept) => Assert.Equal(kept, Status(text));

    [Fact]
    public void A_file_whose_stub_names_are_all_in_doc_examples_is_neither_parsed_nor_analyzed()
    {
        var tree = new InMemoryTree()
            .Add(Server, Encoding.UTF8.GetBytes("/// ```\n/// # fn f() { todo!() }\n/// ```\n#[diagnostic::on_unimplemented(message = \"x\")]\npub trait Handler {}\n"));
        var result = GuardsEngine.Scan(new ScanOptions { Path = ".", Tree = tree, Policy = s_policy, Rules = ["UCG1001", "UCG1002"], Jobs = 1 });

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.Statistics.FilesRead);
        Assert.Equal(0, result.Statistics.FilesAnalyzed);
    }

    private static TsTree Parse(string text)
    {
        Assert.True(TsParser.ForCurrentThread(TsLanguage.Rust).TryParse(Encoding.UTF8.GetBytes(text), TimeSpan.FromSeconds(10), out var tree) && tree is not null);
        return tree;
    }

    private static readonly GuardsPolicy s_policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);

    private static Gen<string> Pick(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    /// <summary>Pieces that sit inside a string or a comment: names, and bytes that look like the start of something.</summary>
    private static readonly Gen<string> s_inside = Pick(
        "todo!()", "todo ! ()", "unimplemented!()", "Status::unimplemented()", "Code::Unimplemented", "NOT_IMPLEMENTED",
        "on_unimplemented", "clippy::todo", " ", "x", "\u00e9", "'", "/", "#", "(", "}");

    /// <summary>Lines of a string or comment, many of them starting as a comment line does.</summary>
    private static readonly Gen<string> s_lines =
        Gen.Select(Pick("", "", "// ", "    // ", "/// # ", "//"), s_inside.Array[0, 4], (start, pieces) => start + string.Concat(pieces))
            .Array[1, 4].Select(lines => string.Join("\n", lines));

    /// <summary>What follows the end of a string or comment on its last line: code, maybe a stub.</summary>
    private static readonly Gen<string> s_code = Pick(
        "", "todo!();", "unimplemented!(\"x\");", "let _ = Status::unimplemented(\"x\");", "let _ = StatusCode::NOT_IMPLEMENTED;",
        "let todo = 1;", "let _ = vec![todo!()];");

    /// <summary>One statement: a string, raw string or block comment over several lines and code after it on its last line, or a line comment.</summary>
    private static readonly Gen<string> s_statement = Gen.OneOf(
        Gen.Select(s_lines, s_code, (lines, code) => $"let s = \"{lines}\"; {code}"),
        Gen.Select(s_lines, s_code, (lines, code) => $"let s = r#\"{lines}\"#; {code}"),
        Gen.Select(s_lines, s_code, (lines, code) => $"/* {lines} */ {code}"),
        Gen.Select(s_lines, s_code, (lines, code) => $"/* /* {lines} */ {lines} */ {code}"),
        s_inside.Array[0, 4].Select(pieces => "// " + string.Concat(pieces)),
        s_code);

    /// <summary>
    /// Random files of those statements, each scanned with the rules' full analysis forced on (a
    /// test function in front that calls a stub): wherever the fast path sets a file aside, the
    /// rules find nothing in it. The scan reads the language; on a file with syntax errors the
    /// parser's recovery may read a comment line as code (after a stray <c>\</c>, say), so the few
    /// files that do not parse cleanly are left out.
    /// </summary>
    [Fact]
    public void Where_the_scan_sets_a_file_aside_the_parsed_rules_find_nothing_in_it()
    {
        const string force = "#[cfg(test)]\nfn forced() { unimplemented!() }\n";
        var setAside = 0;
        var found = 0;
        Gen.Select(s_lines, s_statement.Array[1, 5], Gen.Bool).Sample((docs, statements, crlf) =>
        {
            var docLines = string.Join("\n", docs.Split('\n').Select(l => "/// " + l));
            var text = (docLines + "\nfn f() {\n" + string.Join("\n", statements) + "\n}\n").ReplaceLineEndings(crlf ? "\r\n" : "\n");
            var macros = Macros(text);
            var status = Status(text);
            if (macros && status) return true;
            using (var parse = Parse(force + text))
            {
                if (parse.HasError) return true;
            }
            setAside++;
            var tree = new InMemoryTree().Add(Server, Encoding.UTF8.GetBytes(force + text));
            var result = GuardsEngine.Scan(new ScanOptions { Path = ".", Tree = tree, Policy = s_policy, Rules = ["UCG1001", "UCG1002"], Jobs = 1 });
            found += result.Findings.Count(f => f.RuleId is "UCG1001" or "UCG1002");
            return (macros || !result.Findings.Any(f => f.RuleId == "UCG1001"))
                && (status || !result.Findings.Any(f => f.RuleId == "UCG1002"));
        }, iter: 3000, threads: 1, print: t => (t.Item1 + " | " + string.Join(" | ", t.Item2)).ReplaceLineEndings("\u23CE"));
        Assert.True(setAside > 500, $"only {setAside} files were set aside");
        // The statements do make findings: a file set aside by one rule may hold the other's.
        Assert.True(found > 0, "no file set aside by one rule had a finding of the other: the generator never made code");
    }
}
