using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Markdown;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Docs;

/// <summary>
/// UCG2008 docs-flake-reference: every flake reference the docs and harness files present as
/// something to run or build (<see cref="DocsFlakeReferences"/>) must exist in its flake, read
/// statically as UCG2001 reads entrypoints, through the flake reader's questions alone (does this
/// attribute path exist, what names are under it). Each missing one is a finding at the reference
/// naming the nearest existing output; an undecidable one is UCG0003, once per cause.
/// </summary>
public sealed class DocsFlakeReferenceRule : RepositoryRule<DocsFlakeReferenceOptions>
{
    private const double NearThreshold = 0.5;

    public override string Id => "UCG2008";

    public override void Analyze(RepositoryContext context)
    {
        var workspace = NixWorkspace.Of(context);
        if (!workspace.Flake("").Exists) return;
        var system = CanonicalPolicy.Of(Policy).System;
        var unknowns = new Dictionary<(string Path, int Start, int End, string Reason), (NixLocation? Where, string Flake, List<string> References)>();

        foreach (var path in context.Files.Where(f => f.SkipReason is null && Settings.AppliesTo(f.Path)).Select(f => f.Path).Order(StringComparer.Ordinal))
        {
            var markdown = MarkdownSyntax.IsMarkdown(path);
            if (!markdown && !path.EndsWith(".sh", StringComparison.Ordinal) && !path.EndsWith(".nix", StringComparison.Ordinal)) continue;
            if (context.ReadText(path) is not { } text || !DocsFlakeReferences.MayHold(text.Text)) continue;
            List<FlakeReferenceText> references;
            IReadOnlySet<string> substituted;
            if (markdown)
            {
                if (MarkdownSyntax.Of(context, path) is not { } document) continue;
                references = DocsFlakeReferences.InMarkdown(document);
                substituted = Options.ReaderExamples.SubstitutedNames(document);
            }
            else
            {
                references = DocsFlakeReferences.InScript(text);
                substituted = new HashSet<string>();
            }

            foreach (var reference in references)
            {
                // An example for the reader's own flake (`.#nixosConfigurations.myhost...`) is not this flake's to expose.
                if (Member(reference, system) is { } member && Options.ReaderExamples.IsPlaceholder(member, substituted)) continue;
                var span = text.SpanOfChars(reference.Start, reference.End);
                var flake = workspace.Flake(reference.Flake);
                if (!flake.Exists)
                {
                    Report(context, path, span, $"no-flake:{reference.Written}",
                        $"`{reference.Written}` names the flake {Folder(reference.Flake)}, which does not exist (no {flake.FlakeFile})");
                    continue;
                }
                var resolution = Resolve(flake, reference, system);
                switch (resolution.Status)
                {
                    case LookupStatus.Missing:
                        var nearest = Nearest(flake, reference, resolution.Candidates);
                        Report(context, path, span, $"missing:{reference.Written}",
                            $"`{reference.Written}` names {What(reference)} that {flake.FlakeFile} does not expose (looked for {string.Join(", ", resolution.Candidates)})"
                            + (nearest is null ? "" : $"; the nearest existing output is `{nearest}`"));
                        break;
                    case LookupStatus.Unknown:
                        var where = resolution.Unknown!.Location;
                        var key = (where?.Path ?? path, where?.Span.StartByte ?? span.StartByte, where?.Span.EndByte ?? span.EndByte, resolution.Unknown.Reason ?? "");
                        if (!unknowns.TryGetValue(key, out var cause)) unknowns[key] = cause = (where, flake.FlakeFile, []);
                        cause.References.Add($"`{reference.Written}` ({path}:{span.StartLine})");
                        break;
                }
            }
        }

        // One UCG0003 per root cause, at the cause, naming the references it leaves undecided.
        foreach (var ((causePath, _, _, reason), (where, flakeFile, references)) in unknowns.OrderBy(u => u.Key.Path, StringComparer.Ordinal).ThenBy(u => u.Key.Start))
        {
            var named = references.Take(3).ToList();
            var more = references.Count > named.Count ? $" and {references.Count - named.Count} more" : "";
            context.ReportEngine("UCG0003", causePath, where?.Span ?? SourceSpan.FileStart,
                $"whether {flakeFile} exposes {string.Join(", ", named)}{more} is not known statically: {(reason.Length > 0 ? reason : "the value cannot be decided")}");
        }
    }

    /// <summary>The member the reference asks its flake for (<c>y</c> of <c>nixosConfigurations.y.config...</c>, <c>x</c> of <c>.#x</c>); null for the flake itself.</summary>
    private static string? Member(FlakeReferenceText reference, string system) =>
        Candidates(reference, system) is { Count: > 0 } candidates ? candidates[0].Path[^1] : null;

    private static string Folder(string flake) => flake.Length == 0 ? "at the root" : $"in {flake}/";

    private static string What(FlakeReferenceText reference) => reference.Kind switch
    {
        ReferenceKind.Run => "something to run",
        ReferenceKind.Build => "something to build",
        ReferenceKind.Develop => "a development shell",
        ReferenceKind.Lane => "a check `nix flake check` runs",
        ReferenceKind.Attribute => "an attribute",
        _ => "an output",
    };

    private sealed record Resolution(LookupStatus Status, IReadOnlyList<Candidate> Candidates, FlakeLookup? Unknown);

    /// <summary>An attribute path Nix tries, and from which of its names on the reference wrote it (the rest is the command's prefix; never, for the last resort of a bare name).</summary>
    public sealed record Candidate(IReadOnlyList<string> Path, int FirstWritten)
    {
        public override string ToString() => string.Join('.', Path);
    }

    /// <summary>
    /// The attribute paths Nix tries for a reference, in its order: the prefixed ones for the command
    /// (<c>apps.SYSTEM.x</c>, <c>packages.SYSTEM.x</c>, ...), then the path as written; a path that
    /// starts with an output category (<c>nixosConfigurations.y.config...</c>) is taken as written and
    /// checked down to the member (what follows is the member's own attributes, beyond a static read).
    /// </summary>
    public static IReadOnlyList<Candidate> Candidates(FlakeReferenceText reference, string system)
    {
        if (reference.Kind == ReferenceKind.Flake) return [];
        if (reference.Kind == ReferenceKind.Lane) return [new(["checks", system, reference.Fragment!], 2)];
        string[] prefixes = reference.Kind switch
        {
            ReferenceKind.Run => ["apps", "packages", "legacyPackages"],
            ReferenceKind.Develop => ["devShells", "packages", "legacyPackages"],
            ReferenceKind.Installable => ["apps", "packages", "legacyPackages", "devShells"],
            ReferenceKind.Build => ["packages", "legacyPackages"],
            _ => [],
        };
        if (reference.Fragment is null)
            return prefixes.Where(p => p != "legacyPackages").Select(p => new Candidate([p, system, "default"], int.MaxValue)).ToList();
        var fragment = reference.Fragment;
        var absolute = fragment.StartsWith('.');
        var path = FlakeModel.SplitPath(absolute ? fragment[1..] : fragment).ToList();
        if (path.Count == 0 || path.Any(p => p.Length == 0)) return [];
        if (absolute || reference.Kind == ReferenceKind.Attribute || FlakeCommands.Categories.ContainsKey(path[0]))
            return [new(Cut(path), 0)];
        var candidates = prefixes.Select(p => new Candidate([p, system, path[0]], 2)).ToList();
        candidates.Add(new(Cut(path), int.MaxValue));
        return candidates;
    }

    /// <summary>The path down to the member of its output category (<c>nixosConfigurations.y</c>, <c>checks.SYSTEM.z</c>); a path of no category, its first name.</summary>
    private static IReadOnlyList<string> Cut(List<string> path) =>
        FlakeCommands.Categories.TryGetValue(path[0], out var depth) ? path.Take(depth + 1).ToList() : path.Take(1).ToList();

    private static Resolution Resolve(FlakeModel flake, FlakeReferenceText reference, string system)
    {
        var candidates = Candidates(reference, system);
        if (candidates.Count == 0) return new Resolution(LookupStatus.Found, candidates, null);
        FlakeLookup? unknown = null;
        foreach (var candidate in candidates)
        {
            var lookup = flake.Lookup(candidate.Path);
            if (lookup.Status == LookupStatus.Found) return new Resolution(LookupStatus.Found, candidates, null);
            if (lookup.Status == LookupStatus.Unknown) unknown ??= lookup;
        }
        return unknown is null ? new Resolution(LookupStatus.Missing, candidates, null) : new Resolution(LookupStatus.Unknown, candidates, unknown);
    }

    /// <summary>
    /// The existing output closest to what the reference asked (edit distance on the first name that
    /// is missing along each candidate path), written as the reference writes it; null when none is
    /// at least half alike.
    /// </summary>
    private static string? Nearest(FlakeModel flake, FlakeReferenceText reference, IReadOnlyList<Candidate> candidates)
    {
        (double Score, string Name, IReadOnlyList<string> Path, int Index)? best = null;
        foreach (var (candidate, firstWritten) in candidates)
        {
            for (var i = 0; i < candidate.Count; i++)
            {
                var listing = flake.List(candidate.Take(i).ToList());
                if (listing.Status != LookupStatus.Found) break;
                if (listing.Names.Any(n => n.Name == candidate[i])) continue;
                // Only a name the reference wrote can be misspelt: a missing prefix (no legacyPackages) is not a typo.
                if (i < firstWritten) break;
                foreach (var name in listing.Names.Select(n => n.Name))
                {
                    var score = Similarity.Ratio(name, candidate[i]);
                    if (score >= NearThreshold && (best is null || score > best.Value.Score || (score == best.Value.Score && string.CompareOrdinal(name, best.Value.Name) < 0)))
                        best = (score, name, candidate, i);
                }
                break;
            }
        }
        if (best is not { } found) return null;
        var fixedPath = found.Path.Take(found.Index).Append(found.Name).ToList();
        var dotted = string.Join('.', fixedPath);
        return reference.Kind switch
        {
            ReferenceKind.Attribute => dotted,
            ReferenceKind.Lane => found.Index == 2 ? found.Name : dotted,
            // An installable names the member after its prefix (`.#x` for apps.SYSTEM.x) unless the fragment spelled the path out.
            _ when reference.Fragment is { } fragment && !fragment.StartsWith('.') && !FlakeCommands.Categories.ContainsKey(FlakeModel.SplitPath(fragment)[0]) && found.Index == 2
                => $"{FlakeRef(reference.Flake)}#{found.Name}",
            _ => $"{FlakeRef(reference.Flake)}#{dotted}",
        };
    }

    private static string FlakeRef(string flake) => flake.Length == 0 ? "." : "./" + flake;
}

/// <summary>UCG2008's options: how the docs' examples for the reader's own flake are told apart (<see cref="ReaderFlakeExamples"/>).</summary>
public sealed record DocsFlakeReferenceOptions(ReaderFlakeExamples ReaderExamples) : IRuleOptions<DocsFlakeReferenceOptions>
{
    public static DocsFlakeReferenceOptions Read(RuleOptionsReader options) => new(ReaderFlakeExamples.Read(options));
}
