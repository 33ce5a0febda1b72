using System.CommandLine;
using System.CommandLine.Parsing;
using UltraCloud.Guards.Engine.Policy;

namespace UltraCloud.Guards.Cli;

/// <summary>
/// Usage errors found before any work: the parser's own, and a word that looks like an option but
/// is none of the command's (System.CommandLine would take `--formt` as the PATH), with the
/// closest option as a suggestion.
/// </summary>
internal static class Usage
{
    public static IReadOnlyList<string> Problems(ParseResult parse)
    {
        var problems = new List<string>();
        var command = parse.CommandResult.Command;
        var known = KnownOptions(parse.CommandResult).ToList();
        foreach (var word in OptionLookingArguments(parse))
        {
            var name = word.Split('=', 2)[0];
            var suggestion = NearMiss.Closest(name, known);
            problems.Add(suggestion is null
                ? $"unknown option '{name}' for `{CommandPath(parse).TrimEnd()}`"
                : $"unknown option '{name}' for `{CommandPath(parse).TrimEnd()}` (did you mean '{suggestion}'?)");
        }
        if (problems.Count > 0) return problems;

        foreach (var error in parse.Errors)
        {
            var unknown = error.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal) && command.Subcommands.Count > 0;
            if (unknown && parse.UnmatchedTokens.FirstOrDefault() is { } token && NearMiss.Closest(token, command.Subcommands.Select(c => c.Name)) is { } suggestion)
                problems.Add($"unknown command '{token}' (did you mean '{suggestion}'?)");
            else
                problems.Add(error.Message);
        }
        return problems;
    }

    /// <summary>"check " for `uc-guards check ...`, "" at the root: for "run uc-guards ... --help".</summary>
    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command && command.Parent is not null; result = command.Parent)
            names.Insert(0, command.Command.Name);
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }

    /// <summary>Words taken as a positional argument or left unmatched that start like an option (before any `--`).</summary>
    private static IEnumerable<string> OptionLookingArguments(ParseResult parse)
    {
        var positional = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).ToHashSet();
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) yield break;
            if (token.Type != TokenType.Argument || !LooksLikeOption(token.Value)) continue;
            if (positional.Contains(token) || parse.UnmatchedTokens.Contains(token.Value)) yield return token.Value;
        }
    }

    private static bool LooksLikeOption(string word) =>
        word.Length > 1 && word[0] == '-' && !double.TryParse(word, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static IEnumerable<string> KnownOptions(CommandResult command)
    {
        foreach (var option in command.Command.Options) { yield return option.Name; foreach (var alias in option.Aliases) yield return alias; }
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive)) { yield return option.Name; foreach (var alias in option.Aliases) yield return alias; }
        }
    }
}
