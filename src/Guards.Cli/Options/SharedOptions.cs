using System.CommandLine;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Options;

/// <summary>
/// The options several commands share, declared once (System.CommandLine lets one option belong to
/// several commands), and the session and scan request they describe.
/// </summary>
internal static class SharedOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "More detail: the stack trace of an internal error (and, for `test`, every example)",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Use this uc-guards.yaml instead of the one found by walking up",
        HelpName = "FILE",
        Validators = { result => RequireConfigFile(result, "--config") },
    };

    public static readonly Option<string?> Policy = new("--policy")
    {
        Description = "Use this folder of policy files instead of the shipped rules/",
        HelpName = "DIR",
        Validators = { result => RequirePolicyFolder(result, "--policy") },
    };

    public static readonly Option<string[]> Rule = new("--rule", "-r") { Description = "Run only this rule id (repeatable)", HelpName = "ID" };

    public static readonly Option<int> Jobs = new("--jobs", "-j")
    {
        Description = "Worker threads (default: one per core)",
        HelpName = "N",
        CustomParser = result => WholeNumber(result, "--jobs", minimum: 1),
    };

    /// <summary>The PATH argument of a command that scans or describes a tree.</summary>
    public static Argument<string> Path(string description) => new("path")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => ".",
    };

    /// <summary>--output FILE: where a command writes its report instead of standard output.</summary>
    public static Option<string?> Output(string description) => new("--output", "-o") { Description = description, HelpName = "FILE" };

    /// <summary>--format NAME, one of <paramref name="formats"/> (case-insensitive), refused before any work otherwise.</summary>
    public static Option<string> Format(string description, string defaultFormat, params string[] formats)
    {
        var option = new Option<string>("--format", "-f") { Description = description, DefaultValueFactory = _ => defaultFormat, HelpName = "FORMAT" };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!formats.Contains(value, StringComparer.OrdinalIgnoreCase))
                result.AddError($"--format: unknown format '{value}' (known: {string.Join(", ", formats)})");
        });
        return option;
    }

    public static SessionOptions Session(ParseResult parse, string path) => new()
    {
        Path = path,
        ConfigPath = parse.GetValue(Config),
        PolicyDirectory = parse.GetValue(Policy),
    };

    public static ScanRequest Request(ParseResult parse) => new()
    {
        Rules = parse.GetValue(Rule) ?? [],
        Jobs = parse.GetValue(Jobs),
    };

    /// <summary>A whole number at least <paramref name="minimum"/>, with a message that names the option.</summary>
    public static int WholeNumber(System.CommandLine.Parsing.ArgumentResult result, string option, int minimum)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{option} expects a whole number, got '{text}'");
            return 0;
        }
        if (value < minimum) result.AddError($"{option} must be at least {minimum}, got {value}");
        return value;
    }

    private static void RequireConfigFile(System.CommandLine.Parsing.OptionResult result, string option)
    {
        if (result.GetValueOrDefault<string?>() is { } path && !File.Exists(path))
            result.AddError(Directory.Exists(path) ? $"{option}: {path} is a folder, not a configuration file" : $"{option}: configuration file not found: {path}");
    }

    private static void RequirePolicyFolder(System.CommandLine.Parsing.OptionResult result, string option)
    {
        if (result.GetValueOrDefault<string?>() is { } path && !Directory.Exists(path))
            result.AddError($"{option}: policy directory does not exist: {path}");
    }
}
