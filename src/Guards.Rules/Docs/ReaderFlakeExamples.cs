using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Markdown;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// Tells the docs' examples for the reader's own flake (<c>nix build
/// .#nixosConfigurations.myhost.config.system.build.diskoImages</c> in a module's docs) from
/// references to this repository's flake. A reference is the reader's when the member it names is
/// a placeholder: a conventional placeholder name of the policy (<c>myhost</c>, <c>foo</c>,
/// <c>your-*</c>), or a name the doc's prose tells the reader to substitute ("Replace
/// <c>`server`</c> with the name of your configuration").
/// </summary>
public sealed class ReaderFlakeExamples
{
    private readonly IReadOnlyList<NamePattern> _placeholders;
    private readonly IReadOnlyList<string> _cues;

    /// <param name="placeholderNames">Names, each with <c>*</c> for any run of characters, compared case-insensitively.</param>
    /// <param name="substitutionCues">Words (whole, in order, <c>*</c> for anything between) that, in a sentence, make each plain name in its inline code a placeholder.</param>
    public ReaderFlakeExamples(IEnumerable<string> placeholderNames, IEnumerable<string> substitutionCues)
    {
        _placeholders = placeholderNames.Select(p => new NamePattern(p)).ToList();
        _cues = substitutionCues.Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0).ToList();
    }

    public static ReaderFlakeExamples None { get; } = new([], []);

    /// <summary>The plain names (no dots, no <c>#</c>) in inline code of sentences that tell the reader to substitute them.</summary>
    public IReadOnlySet<string> SubstitutedNames(MdDocument document)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (_cues.Count == 0) return names;
        foreach (var block in document.TextBlocks)
        {
            foreach (var code in block.Inlines.Where(i => i.Kind == MdInlineKind.Code))
            {
                var name = code.Text.Trim();
                if (!IsPlainName(name)) continue;
                var sentence = block.SentenceAt(code.Start).ToLowerInvariant();
                if (_cues.Any(cue => ContainsWords(sentence, cue))) names.Add(name);
            }
        }
        return names;
    }

    /// <summary>True when <paramref name="member"/> names the reader's own output, not this flake's.</summary>
    public bool IsPlaceholder(string member, IReadOnlySet<string> substituted) =>
        substituted.Contains(member) || _placeholders.Any(p => p.Matches(member));

    private static bool IsPlainName(string text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// The cue's parts, in order, as whole words of the sentence: <c>replace * with your</c> holds
    /// for "Replace `x` with your host's name", not for "the replacement of `x` with your ...".
    /// </summary>
    private static bool ContainsWords(string sentence, string cue)
    {
        var position = 0;
        foreach (var part in cue.Split('*').Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var found = WholeWordAt(sentence, part, position);
            if (found < 0) return false;
            position = found + part.Length;
        }
        return true;
    }

    private static int WholeWordAt(string sentence, string words, int from)
    {
        for (var at = sentence.IndexOf(words, from, StringComparison.Ordinal); at >= 0; at = sentence.IndexOf(words, at + 1, StringComparison.Ordinal))
        {
            var end = at + words.Length;
            if ((at == 0 || !char.IsLetterOrDigit(sentence[at - 1])) && (end == sentence.Length || !char.IsLetterOrDigit(sentence[end]))) return at;
        }
        return -1;
    }

    /// <summary>A name with <c>*</c> wildcards, matched case-insensitively against the whole name.</summary>
    private sealed class NamePattern
    {
        private readonly string[] _parts;

        public NamePattern(string pattern)
        {
            if (pattern.Trim().Length == 0 || pattern.Trim().All(c => c == '*'))
                throw new ArgumentException($"'{pattern}' would match every name");
            _parts = pattern.Trim().ToLowerInvariant().Split('*');
        }

        public bool Matches(string name)
        {
            var text = name.ToLowerInvariant();
            if (_parts.Length == 1) return text == _parts[0];
            if (!text.StartsWith(_parts[0], StringComparison.Ordinal) || !text.EndsWith(_parts[^1], StringComparison.Ordinal)) return false;
            if (text.Length < _parts[0].Length + _parts[^1].Length) return false;
            var position = _parts[0].Length;
            var limit = text.Length - _parts[^1].Length;
            for (var i = 1; i < _parts.Length - 1; i++)
            {
                var found = text.IndexOf(_parts[i], position, limit - position, StringComparison.Ordinal);
                if (found < 0) return false;
                position = found + _parts[i].Length;
            }
            return true;
        }
    }

    /// <summary>Reads the two lists of UCG2008's options; a pattern that would match every name is a configuration error at its entry.</summary>
    internal static ReaderFlakeExamples Read(RuleOptionsReader options)
    {
        var names = options.TextListWithPlaces("placeholder-names",
            "names docs give the reader's own configurations and outputs (nixosConfigurations.myhost, .#foo): a reference whose member is one of them is an example for the reader's flake and is not checked; `*` matches any run of characters, case-insensitive");
        var cues = options.TextList("substitution-cues",
            "words that, in a sentence, make each plain name in its inline code a placeholder for this doc: whole words in order, `*` for anything between (`replace * with your` holds for \"Replace `server` with your host's name\", not for \"Replace `a` with `b` in your scripts\"), case-insensitive");
        foreach (var name in names)
        {
            try
            {
                _ = new NamePattern(((PolicyScalar)name).Value);
            }
            catch (ArgumentException ex)
            {
                throw new PolicyException(name, $"{options.Name}.placeholder-names: {ex.Message}");
            }
        }
        return new ReaderFlakeExamples(names.Select(n => ((PolicyScalar)n).Value), cues);
    }
}
