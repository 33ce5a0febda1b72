using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Engine.Text;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// Finds the flake references a doc or harness file presents as something to run or build. In
/// Markdown: every line of a code block in a shell language or none (<c>bash</c>, <c>sh</c>,
/// <c>console</c>, ...; line continuations joined), every inline code span (a <c>nix ...</c> command, an installable such as <c>.#x</c>, or an
/// attribute path such as <c>nixosConfigurations.y</c>), attribute paths in the plain text of table
/// cells, and the check names a sentence says <c>nix flake check</c> runs (inline code in that
/// sentence, or at the head of each item of the list the sentence introduces with a colon). In shell
/// and Nix harness files: every line, comments included (usage notes are documentation). Sections
/// that call their content archived or legacy are read like any other: a removed legacy path is
/// still a broken command.
/// </summary>
public static class DocsFlakeReferences
{
    private static readonly HashSet<string> ShellLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "bash", "sh", "shell", "zsh", "fish", "console", "shell-session", "shellsession", "sh-session", "bash-session",
        "terminal", "text", "txt", "plain", "plaintext", "command", "commands",
    };

    /// <summary>The fast path: false when the text holds nothing that could be a reference.</summary>
    public static bool MayHold(string text) =>
        text.Contains("nix ", StringComparison.Ordinal) || text.Contains(".#", StringComparison.Ordinal)
        || FlakeCommands.Categories.Keys.Any(c => text.Contains(c + ".", StringComparison.Ordinal));

    public static List<FlakeReferenceText> InMarkdown(MdDocument document)
    {
        var references = new List<FlakeReferenceText>();
        foreach (var block in document.CodeBlocks)
        {
            var language = block.Info.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (!ShellLanguages.Contains(language)) continue;
            foreach (var (text, offsets) in LogicalLines(block.Lines.Select(l => (l.Text, l.Start))))
                references.AddRange(FlakeCommands.InCommandLine(text, offsets));
        }

        var lanesFromList = (string?)null;
        foreach (var block in document.TextBlocks)
        {
            // A list right after a sentence that says `nix flake check` runs what follows, with a colon.
            if (block.Context.ListItem is null) lanesFromList = null;
            else if (lanesFromList is not null && block.Inlines.FirstOrDefault(i => i.Kind != MdInlineKind.Text || i.Text.Trim().Length > 0) is { Kind: MdInlineKind.Code } head
                     && Lane(head, lanesFromList) is { } listed)
                references.Add(listed);

            foreach (var inline in block.Inlines)
            {
                if (inline.Kind == MdInlineKind.Code) references.AddRange(InInlineCode(inline));
                else if (inline.Kind == MdInlineKind.Text && block.Kind == MdTextBlockKind.TableCell) references.AddRange(InCellText(inline));
            }

            foreach (var check in block.Inlines.Where(i => i.Kind == MdInlineKind.Code && FlakeCheck(i.Text) is not null))
            {
                var flake = FlakeCheck(check.Text)!;
                var sentence = block.SentenceAt(check.Start);
                foreach (var named in block.Inlines.Where(i => i.Kind == MdInlineKind.Code && !ReferenceEquals(i, check) && block.SentenceAt(i.Start) == sentence))
                {
                    if (Lane(named, flake) is { } lane) references.Add(lane);
                }
                if (sentence.TrimEnd().EndsWith(':')) lanesFromList = flake;
            }
        }
        return references;
    }

    /// <summary>The references of a shell or Nix harness file, line by line (continuations joined).</summary>
    public static List<FlakeReferenceText> InScript(SourceText text)
    {
        var lines = Enumerable.Range(1, text.LineCount).Select(n => (text.LineText(n), text.CharOfLine(n)));
        var references = new List<FlakeReferenceText>();
        foreach (var (line, offsets) in LogicalLines(lines))
            references.AddRange(FlakeCommands.InCommandLine(line, offsets));
        return references;
    }

    /// <summary>The flake a `nix flake check [FLAKE]` inline code checks ("" for the root), or null when it is not one.</summary>
    private static string? FlakeCheck(string code)
    {
        var references = FlakeCommands.InCommandLine(code, Enumerable.Range(0, code.Length).ToList());
        if (references.Count > 0) return references[0].Kind == ReferenceKind.Flake ? references[0].Flake : null;
        var words = code.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 3 && words[^3] == "nix" && words[^2] == "flake" && words[^1] == "check" ? "" : null;
    }

    private static FlakeReferenceText? Lane(MdInline code, string flake)
    {
        var name = code.Text.Trim();
        if (name.Length == 0 || name == "nix" || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+') || !char.IsAsciiLetterOrDigit(name[0]))
            return null;
        var start = code.TextStart + code.Text.IndexOf(name, StringComparison.Ordinal);
        return new FlakeReferenceText(flake, name, ReferenceKind.Lane, start, start + name.Length, name);
    }

    private static IEnumerable<FlakeReferenceText> InInlineCode(MdInline code)
    {
        var text = code.Text;
        var offsets = Enumerable.Range(code.TextStart, text.Length).ToList();
        var commands = FlakeCommands.InCommandLine(text, offsets);
        if (commands.Count > 0 || text.Contains("nix ", StringComparison.Ordinal)) return commands;
        var word = text.Trim();
        if (word.Length == 0 || word.Any(char.IsWhiteSpace)) return [];
        var start = code.TextStart + text.IndexOf(word, StringComparison.Ordinal);
        var reference = word.Contains('#') ? FlakeCommands.Installable(word, ReferenceKind.Installable) : FlakeCommands.AttributePath(word);
        return reference is null ? [] : [reference with { Start = start, End = start + word.Length }];
    }

    private static IEnumerable<FlakeReferenceText> InCellText(MdInline inline)
    {
        var text = inline.Text;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is ',' or ';' or '(' or ')')) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (',' or ';' or '(' or ')')) i++;
            if (i == start) continue;
            var word = text[start..i].TrimEnd('.', ':');
            if (FlakeCommands.AttributePath(word) is { } reference)
                yield return reference with { Start = inline.TextStart + start, End = inline.TextStart + start + word.Length };
        }
    }

    /// <summary>Lines with a trailing backslash joined to the next, each char mapped to its offset in the file.</summary>
    private static IEnumerable<(string Text, List<int> Offsets)> LogicalLines(IEnumerable<(string Text, int Start)> lines)
    {
        var text = new System.Text.StringBuilder();
        var offsets = new List<int>();
        foreach (var (line, start) in lines)
        {
            var continued = line.TrimEnd().EndsWith('\\');
            var body = continued ? line[..line.LastIndexOf('\\')] : line;
            for (var i = 0; i < body.Length; i++)
            {
                text.Append(body[i]);
                offsets.Add(start + i);
            }
            if (continued)
            {
                text.Append(' ');
                offsets.Add(start + body.Length);
                continue;
            }
            yield return (text.ToString(), offsets);
            text.Clear();
            offsets = [];
        }
        if (text.Length > 0) yield return (text.ToString(), offsets);
    }
}
