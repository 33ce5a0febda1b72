using System.Text.RegularExpressions;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>How a reference names what it wants from a flake, which decides the attribute paths Nix tries.</summary>
public enum ReferenceKind
{
    /// <summary><c>nix run</c>: apps, then packages, then legacyPackages.</summary>
    Run,
    /// <summary><c>nix build</c>, <c>nix shell</c>, <c>nix eval</c>, <c>nix path-info</c>, ...: packages, then legacyPackages.</summary>
    Build,
    /// <summary><c>nix develop</c>: devShells, then packages, then legacyPackages.</summary>
    Develop,
    /// <summary>An installable written alone (<c>.#x</c>, <c>./nix/test-cluster#cluster</c>): anything Nix would run or build.</summary>
    Installable,
    /// <summary>A flake attribute path (<c>nixosConfigurations.y</c>, <c>checks.x86_64-linux.z</c>): the path itself.</summary>
    Attribute,
    /// <summary><c>nix flake check</c> / <c>nix flake show</c>: the flake itself.</summary>
    Flake,
    /// <summary>A check that a sentence says <c>nix flake check</c> runs: <c>checks.&lt;system&gt;.NAME</c>.</summary>
    Lane,
}

/// <summary>
/// One flake reference written in a doc or a harness file: the flake's folder (repository-relative,
/// "" for the root flake), the attribute path after <c>#</c> (null for the flake's default), how
/// it is used, and where it is written (char offsets into the file's text).
/// </summary>
public sealed record FlakeReferenceText(string Flake, string? Fragment, ReferenceKind Kind, int Start, int End, string Written);

/// <summary>
/// Reads the flake references of a shell command line: every <c>nix run|build|develop|shell|eval|...</c>
/// and <c>nix flake check|show</c> with its installables (local flakes only: <c>.</c>,
/// <c>./dir</c>, <c>path:./dir</c>; a remote or registry flake such as <c>nixpkgs#hello</c> is not
/// the repository's), options with values skipped, <c>--</c> ending the installables,
/// <c>-c</c>/<c>--command</c> starting a command of its own, and a word holding a shell expansion
/// (<c>$x</c>, <c>${x}</c>, <c>`x`</c>, a glob, a placeholder such as <c>&lt;system&gt;</c>)
/// not literal and so not checked.
/// </summary>
public static partial class FlakeCommands
{
    /// <summary>The output categories of a flake and how many names follow each before the member (<c>checks.SYSTEM.NAME</c> is 2).</summary>
    public static readonly IReadOnlyDictionary<string, int> Categories = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["nixosConfigurations"] = 1, ["darwinConfigurations"] = 1, ["homeConfigurations"] = 1, ["nixosModules"] = 1,
        ["overlays"] = 1, ["templates"] = 1, ["formatter"] = 1,
        ["packages"] = 2, ["apps"] = 2, ["checks"] = 2, ["devShells"] = 2, ["legacyPackages"] = 2,
    };

    private static readonly Dictionary<string, int> OptionValues = new(StringComparer.Ordinal)
    {
        ["--override-input"] = 2, ["--option"] = 2, ["--arg"] = 2, ["--argstr"] = 2, ["--override-flake"] = 2,
        ["-o"] = 1, ["--out-link"] = 1, ["--profile"] = 1, ["--system"] = 1, ["--apply"] = 1, ["-I"] = 1, ["--include"] = 1,
        ["--inputs-from"] = 1, ["--reference-lock-file"] = 1, ["--output-lock-file"] = 1, ["--update-input"] = 1,
        ["-j"] = 1, ["--max-jobs"] = 1, ["--cores"] = 1, ["--store"] = 1, ["--eval-store"] = 1, ["--builders"] = 1,
        ["--extra-experimental-features"] = 1, ["--experimental-features"] = 1, ["--log-format"] = 1, ["--keep"] = 1,
        ["-k"] = 1, ["--unset"] = 1, ["-s"] = 1, ["--set-env-var"] = 2, ["--bundler"] = 1, ["--phase"] = 1, ["--redirect"] = 2,
    };

    private static readonly HashSet<string> NotFlakeOptions = ["--expr", "-f", "--file"];

    private readonly record struct Token(string Text, int Start, int End, bool Operator);

    /// <summary>
    /// The references of one logical command line. <paramref name="offsets"/> maps each char of
    /// <paramref name="line"/> to its offset in the file. A command with no installable (a bare
    /// <c>nix develop</c>) names whatever flake the reader stands in, which docs often mean to be
    /// the reader's own project: it is not read as a reference.
    /// </summary>
    public static List<FlakeReferenceText> InCommandLine(string line, IReadOnlyList<int> offsets)
    {
        var references = new List<FlakeReferenceText>();
        var tokens = Tokenize(line);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Operator || !IsNix(tokens[i].Text) || i + 1 >= tokens.Count || tokens[i + 1].Operator) continue;
            var sub = tokens[i + 1];
            ReferenceKind kind;
            var j = i + 2;
            switch (sub.Text)
            {
                case "run": kind = ReferenceKind.Run; break;
                case "develop" or "print-dev-env": kind = ReferenceKind.Develop; break;
                case "build" or "shell" or "eval" or "path-info" or "log" or "bundle" or "edit": kind = ReferenceKind.Build; break;
                case "flake" when j < tokens.Count && tokens[j].Text is "check" or "show":
                    kind = ReferenceKind.Flake;
                    j++;
                    break;
                default: continue;
            }
            var notFlake = false;
            for (; j < tokens.Count; j++)
            {
                var token = tokens[j];
                if (token.Operator || token.Text is "--" || token.Text is "-c" or "--command") break;
                if (token.Text.StartsWith('-') && token.Text.Length > 1)
                {
                    if (NotFlakeOptions.Contains(token.Text)) notFlake = true;
                    j += OptionValues.GetValueOrDefault(token.Text, NotFlakeOptions.Contains(token.Text) ? 1 : 0);
                    continue;
                }
                if (notFlake) continue;
                if (Installable(token.Text, kind) is { } reference)
                    references.Add(reference with { Start = offsets[token.Start], End = offsets[token.End - 1] + 1 });
                // nix run takes one installable; the rest are the program's arguments.
                if (kind == ReferenceKind.Run) { j++; break; }
            }
            i = j - 1;
        }
        return references;
    }

    private static bool IsNix(string word) => word == "nix" || word.EndsWith("/bin/nix", StringComparison.Ordinal);

    /// <summary>True when a word is not literal text: a shell expansion, a glob or a placeholder.</summary>
    public static bool IsPlaceholder(string word) => word.IndexOfAny(['$', '`', '*', '<', '>', '{', '}', '~', '…']) >= 0 || word.Contains("...", StringComparison.Ordinal);

    /// <summary>A local installable (<c>.#x</c>, <c>./dir#x</c>, <c>path:.</c>), or null for anything else.</summary>
    public static FlakeReferenceText? Installable(string word, ReferenceKind kind)
    {
        if (word.Length == 0 || IsPlaceholder(word)) return null;
        var hash = word.IndexOf('#');
        var flake = hash >= 0 ? word[..hash] : word;
        string? fragment = hash >= 0 ? word[(hash + 1)..] : null;
        if (fragment is { Length: 0 }) fragment = null;
        foreach (var scheme in new[] { "path:", "git+file:" })
        {
            if (flake.StartsWith(scheme, StringComparison.Ordinal)) flake = flake[scheme.Length..];
        }
        if (flake.Contains('?') || flake.Contains(':')) return null;
        if (flake is not ("." or "./") && !flake.StartsWith("./", StringComparison.Ordinal)) return null;
        var segments = flake.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Any(s => s == "..")) return null;
        return new FlakeReferenceText(string.Join('/', segments), fragment, kind, 0, 0, word);
    }

    [GeneratedRegex(@"^(?:\.#)?(?<category>[A-Za-z]+)\.[A-Za-z0-9_'""+-][A-Za-z0-9_.'""+-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributePathPattern();

    /// <summary>A flake attribute path written alone (<c>nixosConfigurations.node01</c>, <c>checks.x86_64-linux.z</c>), or null.</summary>
    public static FlakeReferenceText? AttributePath(string word)
    {
        if (IsPlaceholder(word)) return null;
        var match = AttributePathPattern().Match(word);
        if (!match.Success || !Categories.ContainsKey(match.Groups["category"].Value)) return null;
        var path = word.StartsWith(".#", StringComparison.Ordinal) ? word[2..] : word;
        if (path.EndsWith('.')) return null;
        return new FlakeReferenceText("", path, ReferenceKind.Attribute, 0, 0, word);
    }

    /// <summary>
    /// Shell words and operators with their ranges in the line: quotes group and are dropped, a
    /// backslash escapes; <c>;</c>, <c>|</c>, <c>&amp;</c>, parentheses and a <c>#</c> that starts a
    /// word (a comment, whose words are read on as commands: usage notes are documentation) separate commands.
    /// </summary>
    private static List<Token> Tokenize(string line)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is ';' or '|' or '&' or '(' or ')' or '#' or '`')
            {
                var length = i + 1 < line.Length && line[i + 1] == c && c is '|' or '&' ? 2 : 1;
                tokens.Add(new Token(line.Substring(i, length), i, i + length, true));
                i += length;
                continue;
            }
            var start = i;
            var text = new System.Text.StringBuilder();
            char quote = '\0';
            while (i < line.Length)
            {
                c = line[i];
                if (quote != '\0')
                {
                    if (c == quote) quote = '\0';
                    else if (c == '\\' && quote == '"' && i + 1 < line.Length) text.Append(line[++i]);
                    else text.Append(c);
                    i++;
                    continue;
                }
                if (char.IsWhiteSpace(c) || c is ';' or '|' or '&' or '(' or ')' or '`') break;
                if (c is '"' or '\'') { quote = c; i++; continue; }
                if (c == '\\' && i + 1 < line.Length) { text.Append(line[i + 1]); i += 2; continue; }
                text.Append(c);
                i++;
            }
            tokens.Add(new Token(text.ToString(), start, i, false));
        }
        return tokens;
    }
}
