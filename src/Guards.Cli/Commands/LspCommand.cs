using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Lsp.Server;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards lsp`: the language server on standard input and output (docs/editors.md). Standard
/// output carries the protocol only; anything else written to it in the process goes to standard
/// error instead.
/// </summary>
public static class LspCommand
{
    // Editors' generic clients pass --stdio; standard input and output are the only transport.
    private static readonly Option<bool> StdioOption = new("--stdio") { Description = "Talk over standard input and output (the default and only transport)" };

    public static Command Create()
    {
        var command = new Command("lsp", "Run the language server (LSP 3.17 over standard input and output): findings in the editor as you type")
        {
            SharedOptions.Config, SharedOptions.Policy, SharedOptions.Jobs, StdioOption,
        };
        command.SetAction(parse =>
        {
            var options = new LanguageServerOptions
            {
                ConfigPath = parse.GetValue(SharedOptions.Config) is { } config ? Path.GetFullPath(config) : null,
                PolicyDirectory = parse.GetValue(SharedOptions.Policy) is { } policy ? Path.GetFullPath(policy) : null,
                Jobs = parse.GetValue(SharedOptions.Jobs),
                Explain = RuleReference.WriteExplanation,
                Version = typeof(LspCommand).Assembly.GetName().Version?.ToString(3) ?? "",
            };
            var input = Console.OpenStandardInput();
            var output = Console.OpenStandardOutput();
            Console.SetOut(Console.Error);
            return GuardsLanguageServer.Run(input, output, options);
        });
        return command;
    }
}
