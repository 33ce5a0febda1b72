using System.CommandLine;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>`uc-guards help [COMMAND...]`: the usage of the tool or of one command.</summary>
public static class HelpCommand
{
    private static readonly Argument<string[]> CommandArgument = new("command") { Description = "The command to explain (e.g. check, hook install)", Arity = ArgumentArity.ZeroOrMore };

    public static Command Create()
    {
        var command = new Command("help", "Show the usage of uc-guards or of one of its commands") { CommandArgument };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(CommandArgument) ?? [];
            if (path.Length > 0 && FindCommand(path) is null)
                throw new UsageException($"unknown command '{string.Join(' ', path)}' (`uc-guards help` lists them)");
            GuardsCommandLine.WriteHelp(path, parse.InvocationConfiguration.Output);
            return ExitCodes.Clean;
        });
        return command;
    }

    private static Command? FindCommand(IEnumerable<string> path)
    {
        Command? current = GuardsCommandLine.Build();
        foreach (var name in path) current = current?.Subcommands.FirstOrDefault(c => c.Name == name);
        return current;
    }
}
