using System.CommandLine;
using UltraCloud.Guards.Cli.Options;
using UltraCloud.Guards.Engine.Discovery;
using UltraCloud.Guards.Engine.IO;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Session;

namespace UltraCloud.Guards.Cli.Commands;

/// <summary>
/// `uc-guards init [PATH]`: writes a commented uc-guards.yaml that configures the guards for the
/// repository (its server crates, docs, flake and harness) and prints what it decided, what it left
/// out and why. It never switches a rule off. Never overwrites an existing file without --force; the
/// write goes through the project's atomic writer.
/// </summary>
public static class InitCommand
{
    public static readonly Argument<string?> PathArgument = new("path")
    {
        Description = "Repository folder to write uc-guards.yaml into (default: the git work tree of the current folder, else the current folder)",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public static readonly Option<bool> ForceOption = new("--force") { Description = "Replace an existing uc-guards.yaml" };
    public static readonly Option<bool> PrintOption = new("--print") { Description = "Print the configuration instead of writing it (what init decided goes to standard error)" };

    public static Command Create()
    {
        var command = new Command("init", "Write a uc-guards.yaml for this repository: scopes for its server crates, docs, flake and harness")
        {
            PathArgument, ForceOption, PrintOption, SharedOptions.Policy,
        };
        command.SetAction(parse => Execute(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Execute(ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        var root = ResolveRoot(parse.GetValue(PathArgument));
        var policy = CommandSupport.LoadPolicy(parse.GetValue(SharedOptions.Policy), null);
        var generated = InitConfiguration.Generate(RepositorySurvey.Of(new WorkingTree(root), policy), policy);
        if (parse.GetValue(PrintOption))
        {
            stdout.Write(generated.Yaml);
            WriteDecisions(stderr, generated);
            return ExitCodes.Clean;
        }

        var target = Path.Combine(root, PolicyLoader.ConfigFileName);
        if ((File.Exists(target) || Directory.Exists(target) || new FileInfo(target).LinkTarget is not null) && !parse.GetValue(ForceOption))
        {
            stderr.WriteLine($"uc-guards: {target} already exists; not overwritten (use --force to replace it, or --print to see the new one)");
            return ExitCodes.Usage;
        }
        try
        {
            // Without --force nothing already there is replaced, not even what appears while writing.
            AtomicFile.WriteAllText(target, generated.Yaml, replace: parse.GetValue(ForceOption));
        }
        catch (OutputFileException ex)
        {
            stderr.WriteLine(ex.AlreadyExists ? $"uc-guards: {ex.Message}; not overwritten (use --force)" : $"uc-guards: {ex.Message}");
            return ExitCodes.Usage;
        }

        stdout.WriteLine($"wrote {target}");
        WriteDecisions(stdout, generated);
        stdout.WriteLine("Next: `uc-guards check` to scan; `uc-guards explain RULE-ID` for any rule.");
        return ExitCodes.Clean;
    }

    private static void WriteDecisions(TextWriter output, InitConfiguration generated)
    {
        output.WriteLine($"  {CommandSupport.Plural(generated.Survey.Files.Count, "file")} looked at; every rule stays on");
        output.WriteLine("  configured:");
        foreach (var decision in generated.Decisions.Where(d => d.Configured)) output.WriteLine($"    {decision.What}: {decision.Why}");
        output.WriteLine("  left out:");
        foreach (var decision in generated.Decisions.Where(d => !d.Configured)) output.WriteLine($"    {decision.What}: {decision.Why}");
        if (!generated.Decisions.Any(d => !d.Configured)) output.WriteLine("    nothing");
    }

    private static string ResolveRoot(string? path)
    {
        if (path is not null)
        {
            var full = Path.GetFullPath(path);
            if (!Directory.Exists(full)) throw new UsageException($"not a folder: {path}");
            return full;
        }
        var current = Environment.CurrentDirectory;
        return RepositoryRoots.GitWorkTreeOf(current) is { } workTree ? Path.GetFullPath(workTree).TrimEnd('/') : current;
    }
}
