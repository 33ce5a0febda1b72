using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Syntax.TreeSitter;

namespace UltraCloud.Guards.Engine.Syntax.Shell;

/// <summary>
/// The shell frontend: a <c>.sh</c>/<c>.bash</c> file parsed once per scan with the policy's
/// budget and shared by every rule that reads it (the harness wording of UCG1004, the cluster
/// sources of UCG2006). Its parse problem is one UCG0001, whichever rule asks first; the tree is
/// disposed with the file's context.
/// </summary>
public static class ShellSyntax
{
    public const string SharedKey = "syntax:shell";

    public static bool IsShellFile(string path) => path.EndsWith(".sh", StringComparison.Ordinal) || path.EndsWith(".bash", StringComparison.Ordinal);

    /// <summary>The file's syntax tree, with error nodes where it could only be partly read; null past the parse budget.</summary>
    public static TsTree? Of(FileContext context) => context.Shared(SharedKey, static c =>
    {
        var parser = TsParser.ForCurrentThread(TsLanguage.Bash);
        if (!parser.TryParse(c.Text.Utf8, c.Policy.ParseBudget, out var tree) || tree is null)
        {
            c.ReportEngine("UCG0001", SourceSpan.FileStart,
                $"shell parse ran over the {c.Policy.ParseBudget.TotalSeconds:0.#}s parse budget; the file's comments and strings were not read");
            return null;
        }
        if (tree.HasError)
        {
            var error = tree.Root.FirstErrorOrMissing();
            var span = error.IsNull ? SourceSpan.FileStart : c.Text.SpanOfBytes(error.StartByte, Math.Max(error.StartByte, error.EndByte));
            var what = !error.IsNull && error.IsMissing ? $"missing `{error.Type}`" : "syntax error";
            c.ReportEngine("UCG0001", span, $"shell file could only be partly read: {what} here; the rest was still read");
        }
        return tree;
    });
}
