using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using Spectre.Console;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards rules`: the rule table (id, name, severity, scopes, summary) from the policy data; a
/// Spectre.Console table on a terminal, aligned text otherwise, or JSON / Markdown. With
/// --update-readme, rewrites the README's generated rule reference section.
/// </summary>
public static class RulesCommand
{
    public static readonly Option<string> FormatOption = SharedOptions.Format("text (a table), json or markdown (the README rule reference)", "text", "text", "json", "markdown", "md");
    public static readonly Option<string?> UpdateReadmeOption = new("--update-readme") { Description = "Rewrite the section between <!-- rules:begin --> and <!-- rules:end --> of this Markdown file" };
    public static readonly Option<bool> CheckOption = new("--check") { Description = "With --update-readme: change nothing, exit 1 when the section is out of date" };

    public static Command Create()
    {
        var command = new Command("rules", "List the rules: id, name, severity, scopes and summary")
        {
            FormatOption, SharedOptions.Policy, SharedOptions.Config, UpdateReadmeOption, CheckOption,
        };
        command.SetAction(parse => Execute(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        var format = parse.GetValue(FormatOption)!.ToLowerInvariant();
        var readme = parse.GetValue(UpdateReadmeOption);
        if (readme is not null && format is not ("markdown" or "md"))
            throw new UsageException("--update-readme writes Markdown: use it with --format markdown");
        if (parse.GetValue(CheckOption) && readme is null)
            throw new UsageException("--check needs --update-readme FILE");

        var policy = CommandSupport.LoadPolicy(parse.GetValue(SharedOptions.Policy), parse.GetValue(SharedOptions.Config));
        if (readme is not null) return UpdateReadme(readme, RuleReference.Markdown(policy), parse.GetValue(CheckOption), stdout, stderr);

        switch (format)
        {
            case "json":
                RuleReference.WriteJson(policy, stdout);
                break;
            case "markdown" or "md":
                stdout.Write(RuleReference.Markdown(policy));
                break;
            default:
                if (CommandSupport.IsTerminal(stdout)) WriteSpectreTable(policy);
                else RuleReference.WritePlainTable(policy, stdout);
                break;
        }
        return ExitCodes.Clean;
    }

    private static int UpdateReadme(string path, string generated, bool check, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(path)) throw new UsageException($"--update-readme: file not found: {path}");
        var current = File.ReadAllText(path);
        var updated = RuleReference.ReplaceSection(current, generated, path);
        if (updated == current)
        {
            stdout.WriteLine($"{path}: rule reference is up to date");
            return ExitCodes.Clean;
        }
        if (check)
        {
            stderr.WriteLine($"{path}: rule reference is out of date; run `uc-guards rules --format markdown --update-readme {path}`");
            return ExitCodes.Findings;
        }
        ReportFiles.Write(path, stdout, writer => writer.Write(updated));
        stdout.WriteLine($"{path}: rule reference updated");
        return ExitCodes.Clean;
    }

    private static void WriteSpectreTable(Engine.Policy.GuardsPolicy policy)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("ID");
        table.AddColumn("Name");
        table.AddColumn("Severity");
        table.AddColumn("Scopes");
        table.AddColumn("Summary");
        foreach (var rule in RuleReference.Ordered(policy))
        {
            var row = RuleReference.RowOf(rule);
            var colour = rule.Severity switch { Severity.Error => "red", Severity.Warning => "yellow", Severity.Note => "aqua", _ => "grey" };
            table.AddRow(
                new Markup($"[bold]{Markup.Escape(row.Id)}[/]"),
                new Text(row.Name),
                new Markup($"[{colour}]{Markup.Escape(row.Severity)}[/]"),
                new Text(row.Scopes),
                new Text(row.Summary));
        }
        console.Write(table);
    }
}
