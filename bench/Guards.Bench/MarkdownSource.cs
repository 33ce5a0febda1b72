using System.Text;

namespace UltraCloud.Guards.Bench;

/// <summary>Writes Markdown docs: headings, prose, lists, tables and fenced shell blocks.</summary>
internal static class MarkdownSource
{
    public static (string Text, int Wording) Doc(Rng rng, string title, int targetLines, double wordingRate)
    {
        var sb = new StringBuilder();
        var lines = 0;
        var wording = 0;
        void L(string s = "") { sb.Append(s).Append('\n'); lines++; }
        L($"# {title}");
        L();
        L(Words.Sentence(rng) + " " + Words.Sentence(rng));
        L();
        var section = 0;
        while (lines < targetLines)
        {
            L($"## {Words.Pascal(rng.Pick(Words.Adjectives))} {rng.Pick(Words.Nouns)} {rng.Pick(Words.Verbs)} ({++section})");
            L();
            switch (rng.Next(4))
            {
                case 0:
                    for (var i = rng.Next(2, 6); i > 0; i--) L($"- `{rng.Pick(Words.Nouns)}`: {Words.Sentence(rng)}");
                    break;
                case 1:
                    L("```bash");
                    L($"nix run ./nix/test-cluster#cluster -- {rng.Pick(Words.Verbs)}-{rng.Pick(Words.Nouns)}");
                    L($"{rng.Pick(Words.Nouns)}ctl {rng.Pick(Words.Verbs)} --id {rng.Next(1000)}  # TODO in a code block is not prose");
                    L("```");
                    break;
                case 2:
                    L("| setting | default | meaning |");
                    L("| --- | --- | --- |");
                    for (var i = rng.Next(2, 6); i > 0; i--)
                        L($"| `{rng.Pick(Words.Adjectives)}-{rng.Pick(Words.Nouns)}` | {rng.Next(1, 600)} | {Words.Sentence(rng)} |");
                    break;
                default:
                    break;
            }
            L();
            var prose = Words.Sentence(rng) + " " + Words.Sentence(rng) + " " + Words.Sentence(rng);
            if (rng.Chance(wordingRate))
            {
                prose += rng.Next(3) switch { 0 => " Multi-region support is coming soon.", 1 => " Limits: TBD.", _ => " TODO: document the failure modes." };
                wording++;
            }
            L(prose);
            L();
        }
        return (sb.ToString(), wording);
    }
}
