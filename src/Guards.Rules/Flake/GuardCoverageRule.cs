using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Engine.Syntax.Nix;
using UltraCloud.Guards.Rules.Surface;

namespace UltraCloud.Guards.Rules.Flake;

/// <summary>
/// UCG2007: each aggregate check of the policy's <c>canonical-checks</c> (the eval guard, the
/// build guard, the portable regression lane) must refer to every entrypoint or lane the testing
/// document puts in it: through <c>self</c>, a shared binding, or a value derived from the output
/// (<c>config.system.build.toplevel</c>, <c>.drvPath</c>, an app's program). Only the root
/// flake's entrypoints count; the harness flake's apps are the harness's own.
/// </summary>
public sealed class GuardCoverageRule : RepositoryRule
{
    public override string Id => "UCG2007";

    public override void Analyze(RepositoryContext context)
    {
        var surface = ProfileSurface.Of(context);
        if (!surface.HasRootFlake) return;
        foreach (var check in surface.Policy.Checks)
        {
            var coverage = GuardCoverage.Of(surface, check);
            var checkPath = $"checks.{surface.Policy.System}.{check.Name}";
            if (coverage.Check.Status != LookupStatus.Unknown) context.CountQuestions(decided: true);
            switch (coverage.Check.Status)
            {
                case LookupStatus.Missing:
                {
                    var (path, span) = ProfileSurface.Place(coverage.Check.Location, surface.Root);
                    Report(context, path, span, $"{checkPath} missing", checkPath, "anything: the check does not exist", "");
                    continue;
                }
                case LookupStatus.Unknown:
                    ProfileSurface.ReportUnknown(context, coverage.Check.Location, surface.Root, $"whether the flake exposes {checkPath}", coverage.Check.Reason);
                    continue;
            }
            foreach (var item in coverage.Items)
            {
                if (item.Covered || item.TargetMissing || coverage.Undecided is null)
                {
                    context.CountQuestions(decided: true);
                    if (item.Covered || item.TargetMissing) continue;
                }
                if (coverage.Undecided is { } unknown)
                {
                    ProfileSurface.ReportUnknown(context, unknown.Where ?? coverage.Check.Location, surface.Root, $"whether {checkPath} covers {item.Display}", unknown.Reason);
                    continue;
                }
                var (path, span) = ProfileSurface.Place(coverage.Check.Location, surface.Root);
                Report(context, path, span, $"{checkPath} {item.Display}", checkPath, item.Display, item.Profile is null ? "" : $" ({item.Profile})");
            }
        }
    }
}

/// <summary>One thing an aggregate check must cover, and whether it does.</summary>
public sealed record CoverageItem(string Display, string? Profile, IReadOnlyList<string> Targets, bool Covered, bool TargetMissing, NixLocation? ReferenceLocation);

/// <summary>What one aggregate check refers to against what the policy says it must cover.</summary>
public sealed record GuardCoverage(CanonicalCheck Policy, FlakeLookup Check, IReadOnlyList<CoverageItem> Items, FlakeReferences References, NixUnknown? Undecided)
{
    public static GuardCoverage Of(ProfileSurface surface, CanonicalCheck check)
    {
        var system = surface.Policy.System;
        var lookup = surface.Root.Lookup(["checks", system, check.Name]);
        if (lookup.Status != LookupStatus.Found) return new GuardCoverage(check, lookup, [], new FlakeReferences([], [], false), null);
        var references = surface.Root.References(["checks", system, check.Name]);
        var byPath = new Dictionary<string, FlakeReference>(StringComparer.Ordinal);
        foreach (var r in references.References) byPath.TryAdd(r.OutputPath, r);

        var items = new List<CoverageItem>();
        foreach (var cover in check.Covers)
        {
            if (cover == CanonicalCheck.EntrypointsKeyword)
            {
                foreach (var entrypoint in surface.Policy.Entrypoints.Where(e => e.InRootFlake && check.EntrypointKinds.Contains(e.Kind)))
                    items.Add(ForEntrypoint(surface, entrypoint, byPath));
                continue;
            }
            var named = surface.Policy.Entrypoints.FirstOrDefault(e => e.InRootFlake && (e.Text == cover || e.Attr == cover || e.Display == cover));
            if (named is not null)
            {
                items.Add(ForEntrypoint(surface, named, byPath));
                continue;
            }
            // Another check (a bare name) or a flake attribute path.
            var target = cover.Contains('.', StringComparison.Ordinal) ? cover : $"checks.{system}.{cover}";
            var exists = surface.Root.Lookup(target).Status != LookupStatus.Missing;
            var hit = Hit(byPath, [target]);
            items.Add(new CoverageItem(cover.Contains('.', StringComparison.Ordinal) ? cover : target, null, [target], hit is not null, !exists, hit?.Location));
        }
        // An error (a dropped configuration the check still names) refers to nothing: it leaves
        // the other references decided and is another rule's finding (UCG2001), not an unknown.
        var undecided = references.Unknowns.FirstOrDefault(u => !u.Root.IsError) ?? (references.Truncated ? new NixUnknown("the check refers to too many values to follow", lookup.Location) : null);
        return new GuardCoverage(check, lookup, items, references, undecided);
    }

    private static CoverageItem ForEntrypoint(ProfileSurface surface, CanonicalEntrypoint entrypoint, Dictionary<string, FlakeReference> byPath)
    {
        var resolution = surface.Resolve(entrypoint);
        // The attribute that exists, else any of the paths Nix would try.
        IReadOnlyList<string> targets = resolution.Attribute is { } found ? [found] : resolution.Candidates;
        if (entrypoint.Kind == EntrypointKind.Run)
        {
            // A launcher is covered through its app or the package behind the same name.
            targets = resolution.Candidates.Where(c => !c.Contains("legacyPackages", StringComparison.Ordinal) || c == resolution.Attribute).ToList();
        }
        var hit = Hit(byPath, targets);
        return new CoverageItem(entrypoint.Display, entrypoint.Profile, targets, hit is not null, resolution.Status == LookupStatus.Missing, hit?.Location);
    }

    private static FlakeReference? Hit(Dictionary<string, FlakeReference> byPath, IEnumerable<string> targets)
    {
        foreach (var target in targets)
        {
            if (byPath.TryGetValue(target, out var r)) return r;
        }
        return null;
    }
}
