using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Model;

namespace UltraCloud.Guards.Engine.Policy;

/// <summary>
/// Builds the <see cref="GuardsPolicy"/>: the shipped <c>rules/*.yaml</c> (embedded in the engine,
/// or a directory given by the user), then the repository's <c>uc-guards.yaml</c> and the files it
/// includes. Every malformed value or unknown key is a <see cref="PolicyException"/> naming file,
/// line and key.
/// </summary>
public static class PolicyLoader
{
    public const string ConfigFileName = "uc-guards.yaml";

    private static readonly string[] ShippedPolicyKeys =
        ["version", "scopes", "never-scan", "max-file-size", "fail-on", "parse-budget"];

    private static readonly string[] RepositoryKeys =
        ["version", "include", "rules", "scopes", "disable", "ignore", "max-file-size", "fail-on", "parse-budget"];

    private static readonly string[] RuleFileKeys =
        ["id", "name", "title", "severity", "message", "summary", "description", "rationale", "help", "help-uri", "scopes", "options", "shorthand", "examples"];

    /// <summary>The shipped policy files embedded in this assembly, by file name.</summary>
    public static IReadOnlyList<(string Name, string Text)> ShippedDocuments()
    {
        var assembly = typeof(PolicyLoader).Assembly;
        var documents = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("rules/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            documents.Add((resource, DecodeUtf8(bytes)));
        }
        return documents;
    }

    /// <summary>UTF-8 text without its byte order mark, if it has one (as a StreamReader reads it).</summary>
    private static string DecodeUtf8(ReadOnlySpan<byte> bytes) =>
        Encoding.UTF8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);

    public static IReadOnlyList<(string Name, string Text)> DocumentsFromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new PolicyException(directory, 0, 0, "policy directory does not exist");
        return Directory.EnumerateFiles(directory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => (f, ConfigFiles.Read(f, "policy file")))
            .ToList();
    }

    /// <summary>
    /// Walks up from <paramref name="start"/> to the nearest folder holding uc-guards.yaml. Whatever
    /// is there under that name (a file, a link, even a FIFO) is the configuration, so that a link
    /// that leads nowhere or a file that is not a regular file is an error rather than a silent
    /// fall-back to a configuration further up.
    /// </summary>
    public static string? FindRepositoryConfig(string start)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(start));
        if (File.Exists(dir.FullName)) dir = dir.Parent!;
        for (; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ConfigFileName);
            if (Exists(candidate) && !Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>True when anything is at the path, a dangling symbolic link included (lstat, no link followed).</summary>
    private static bool Exists(string path) => (int)new FileInfo(path).Attributes != -1;

    /// <summary>
    /// The shipped documents, then the repository configuration and what it includes. A configuration
    /// found in the tree (<paramref name="configNamedByUser"/> false) that is a link to a file outside
    /// its folder is refused; one named on the command line (--config) may be anywhere. Either way its
    /// includes stay inside the folder that holds it.
    /// </summary>
    /// <remarks>
    /// The top-level data sections are the ones the rule assemblies register
    /// (<see cref="PolicyDataSectionAttribute"/>; the shipped rules' unless <paramref name="dataSections"/> names others),
    /// and a rule file's <c>shorthand</c> adds the key of uc-guards.yaml that sets its options.
    /// </remarks>
    public static GuardsPolicy Load(IReadOnlyList<(string Name, string Text)> shipped, string? repositoryConfig, bool configNamedByUser = false,
        IReadOnlyList<string>? dataSections = null)
    {
        // The shipped documents are read side by side; the shipped rule classes, which the scan asks
        // for next, are looked up meanwhile.
        if (dataSections is null) _ = Task.Run(() => RuleCatalog.Default);
        var sections = dataSections is not null ? Task.FromResult(dataSections) : Task.Run(() => RuleCatalog.DefaultDataSections);
        var roots = ReadAll(shipped);
        var draft = new PolicyDraft(sections.GetAwaiter().GetResult());
        for (var i = 0; i < shipped.Count; i++)
        {
            var name = shipped[i].Name;
            // The first malformed document in order is the one reported, as when they were read one by one.
            roots[i].Error?.Throw();
            var root = roots[i].Root;
            if (root is null) continue;
            var map = root.AsMapping(name);
            if (map.Has("id")) draft.AddRule(map.OnlyKeys($"rule file {name}", RuleFileKeys));
            else draft.ApplyShipped(map.OnlyKeys($"policy file {name}", [.. ShippedPolicyKeys, .. draft.DataSections]));
            draft.Files.Add(name);
        }

        if (repositoryConfig is not null)
        {
            var path = ConfigFiles.RealPath(repositoryConfig);
            if (!configNamedByUser && Exists(path) && ConfigFiles.OutsideLinkRefusal(path) is { } refusal)
                throw new PolicyException(path, 0, 0, refusal);
            var folder = Path.GetDirectoryName(path)!;
            ApplyRepositoryFile(draft, path, folder, new Stack<string>());
        }

        return draft.Build();
    }

    private static (PolicyNode? Root, ExceptionDispatchInfo? Error)[] ReadAll(IReadOnlyList<(string Name, string Text)> documents)
    {
        var roots = new (PolicyNode?, ExceptionDispatchInfo?)[documents.Count];
        Parallel.For(0, documents.Count, i =>
        {
            try { roots[i] = (YamlPolicyReader.Read(documents[i].Name, documents[i].Text), null); }
            catch (Exception ex) { roots[i] = (null, ExceptionDispatchInfo.Capture(ex)); }
        });
        return roots;
    }

    private static void ApplyRepositoryFile(PolicyDraft draft, string path, string root, Stack<string> including, PolicyNode? includedFrom = null)
    {
        if (including.Contains(path, StringComparer.Ordinal))
        {
            var cycle = $"configuration includes itself: {string.Join(" -> ", including.Reverse().Append(path))}";
            throw includedFrom is null ? new PolicyException(path, 0, 0, cycle) : new PolicyException(includedFrom, cycle);
        }
        if (Directory.Exists(path))
        {
            const string folder = "is a folder, not a configuration file";
            throw includedFrom is null ? new PolicyException(path, 0, 0, folder) : new PolicyException(includedFrom, $"included {path} {folder}");
        }
        if (!Exists(path))
        {
            throw includedFrom is null
                ? new PolicyException(path, 0, 0, "configuration file not found")
                : new PolicyException(includedFrom, $"included configuration file not found: {path}");
        }
        string text;
        try
        {
            text = ConfigFiles.Read(path, "configuration file");
        }
        catch (PolicyException ex) when (includedFrom is not null)
        {
            throw new PolicyException(includedFrom, $"included {ex.File}: {ex.Reason}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw includedFrom is null
                ? new PolicyException(path, 0, 0, "cannot read configuration: " + ex.Message)
                : new PolicyException(includedFrom, $"cannot read included configuration {path}: {ex.Message}");
        }
        var node = YamlPolicyReader.Read(path, text);
        draft.Files.Add(path);
        if (node is null) return;
        var map = node.AsMapping(path).OnlyKeys($"configuration {Path.GetFileName(path)}", [.. RepositoryKeys, .. draft.ShorthandKeys, .. draft.DataSections]);

        including.Push(path);
        if (map["include"] is { } includes)
        {
            var items = includes is PolicySequence sequence ? sequence.Items : [includes];
            foreach (var include in items)
            {
                var target = include.AsString("each entry of include");
                if (target.Length == 0 || target.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                    throw new PolicyException(include, $"include names no usable file: '{target}'");
                var resolved = ConfigFiles.ResolveInside(root, Path.GetDirectoryName(path)!, target, out var refusal);
                if (refusal is not null) throw new PolicyException(include, $"include {refusal}");
                ApplyRepositoryFile(draft, resolved, root, including, include);
            }
        }
        including.Pop();

        draft.ApplyRepository(map);
    }

    private sealed class RuleDraft
    {
        public required RuleDescriptor Descriptor;
        public required Severity Severity;
        /// <summary>The scope names the rule reads, each where it was written (rule file or uc-guards.yaml).</summary>
        public required List<PolicyNode> Scopes;
        public required PolicyMapping Options;
    }

    /// <summary>A scope being assembled: its globs where they were written, and whether the repository defined it.</summary>
    private sealed class ScopeDraft
    {
        public required PolicyScalar Name;
        public required List<PolicyNode> Include;
        public required List<PolicyNode> Exclude;
        public required bool FromRepository;
    }

    private sealed class PolicyDraft(IReadOnlyList<string> dataSections)
    {
        public IReadOnlyList<string> DataSections { get; } = dataSections;
        private readonly Dictionary<string, (string RuleId, RuleShorthand Shorthand)> _shorthands = new(StringComparer.Ordinal);
        public IEnumerable<string> ShorthandKeys => _shorthands.Keys.Order(StringComparer.Ordinal);

        private readonly Dictionary<string, RuleDraft> _rules = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ScopeDraft> _scopes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PolicyNode> _sections = new(StringComparer.Ordinal);
        private readonly List<PolicyNode> _neverScan = [];
        private long _maxFileSize = 2 * 1024 * 1024;
        private Severity _failOn = Severity.Error;
        private TimeSpan _parseBudget = TimeSpan.FromSeconds(10);
        public List<string> Files { get; } = [];

        public void AddRule(PolicyMapping map)
        {
            string Str(string key) => map.Required(key, "rule").AsString(key);
            var id = Str("id");
            if (_rules.ContainsKey(id)) throw new PolicyException(map.Required("id", "rule"), $"rule {id} is defined twice");
            var severityNode = map["severity"];
            var severity = Severity.Error;
            if (severityNode is not null && !SeverityNames.TryParse(severityNode.AsString("severity"), out severity))
                throw new PolicyException(severityNode, $"unknown severity '{severityNode}' (error, warning, note, none)");
            var descriptor = new RuleDescriptor
            {
                Id = id,
                Name = Str("name"),
                Title = map.OptionalString("title", id) ?? Str("name"),
                MessageFormat = Str("message"),
                DefaultSeverity = severity,
                Summary = map.OptionalString("summary", id) ?? "",
                Description = map.OptionalString("description", id) ?? "",
                Rationale = map.OptionalString("rationale", id) ?? "",
                Help = map.OptionalString("help", id) ?? "",
                HelpUri = map.OptionalString("help-uri", id) ?? $"https://github.com/ultracloud/ultracloud-guards#{id.ToLowerInvariant()}",
                Scopes = map.OptionalStringList("scopes", id),
                Examples = ReadExamples(map["examples"], id),
                SourceFile = map.File,
            };
            if (map["shorthand"] is { } shorthandNode)
            {
                var shorthand = RuleShorthand.Read(shorthandNode, id);
                if (_shorthands.TryGetValue(shorthand.Key, out var taken))
                    throw new PolicyException(shorthandNode, $"the shorthand key '{shorthand.Key}' is already {taken.RuleId}'s");
                _shorthands[shorthand.Key] = (id, shorthand);
            }
            _rules[id] = new RuleDraft
            {
                Descriptor = descriptor,
                Severity = severity,
                Scopes = [.. NamesIn(map["scopes"], $"{id}.scopes")],
                Options = map["options"] is { } options and not PolicyScalar { Value: "" }
                    ? options.AsMapping($"{id}.options")
                    : new PolicyMapping(map.File, map.Line, map.Column, []),
            };
        }

        private static IReadOnlyList<RuleExample> ReadExamples(PolicyNode? node, string id)
        {
            if (node is null) return [];
            var examples = new List<RuleExample>();
            foreach (var item in node.AsSequence($"{id}.examples").Items)
            {
                var map = item.AsMapping($"{id}.examples entry").OnlyKeys($"{id}.examples entry", "path", "valid", "invalid");
                var path = map.Required("path", $"{id}.examples entry").AsString("path");
                var valid = map["valid"];
                var invalid = map["invalid"];
                if ((valid is null) == (invalid is null))
                    throw new PolicyException(map, $"{id} example needs exactly one of 'valid' or 'invalid'");
                var code = (valid ?? invalid)!;
                examples.Add(new RuleExample(path, code.AsString("example code"), valid is not null, code.Line));
            }
            return examples;
        }

        public void ApplyShipped(PolicyMapping map) => ApplyCommon(map, shipped: true);

        public void ApplyRepository(PolicyMapping map)
        {
            ApplyCommon(map, shipped: false);

            foreach (var idNode in map["disable"]?.AsSequence("disable").Items ?? [])
                RuleFor(idNode).Severity = Severity.None;

            // A rule's shorthand key (`wording:` for UCG1004, `suppressions:` for UCG0005): its options, written where people look for them.
            foreach (var (key, (ruleId, shorthand)) in _shorthands.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (map[key] is not { } written) continue;
                var entries = written.AsMapping(key).OnlyKeys(key, [.. shorthand.Options.Keys]);
                var rule = RuleFor(new PolicyScalar(written.File, written.Line, written.Column, ruleId));
                foreach (var (entry, value) in entries.Entries)
                {
                    var option = new PolicyScalar(entry.File, entry.Line, entry.Column, shorthand.Options[entry.Value]);
                    rule.Options = shorthand.Extends ? Extend(rule.Options, option, value) : Replace(rule.Options, option, value);
                }
            }

            foreach (var (idKey, value) in map["rules"]?.AsMapping("rules").Entries ?? [])
            {
                var rule = RuleFor(idKey);
                var settings = value.AsMapping($"rules.{idKey.Value}")
                    .OnlyKeys($"rules.{idKey.Value}", "severity", "enabled", "scopes", "add-scopes", "options", "extend");
                if (settings["severity"] is { } sev)
                {
                    if (!SeverityNames.TryParse(sev.AsString("severity"), out var s))
                        throw new PolicyException(sev, $"unknown severity '{sev}' for {idKey.Value} (error, warning, note, none)");
                    rule.Severity = s;
                }
                if (settings["enabled"] is { } enabled && !enabled.AsBool("enabled")) rule.Severity = Severity.None;
                if (settings["enabled"] is { } en && en.AsBool("enabled") && rule.Severity == Severity.None)
                    rule.Severity = rule.Descriptor.DefaultSeverity == Severity.None ? Severity.Warning : rule.Descriptor.DefaultSeverity;
                if (settings["scopes"] is { } scopes) rule.Scopes = [.. NamesIn(scopes, $"rules.{idKey.Value}.scopes")];
                if (settings["add-scopes"] is { } addScopes) rule.Scopes.AddRange(NamesIn(addScopes, $"rules.{idKey.Value}.add-scopes"));
                // Keys and types are checked when the rule's typed options are bound: an unknown key is
                // reported where this file wrote it.
                foreach (var (key, v) in settings["options"]?.AsMapping("options").Entries ?? [])
                    rule.Options = Replace(rule.Options, key, v);
                foreach (var (key, v) in settings["extend"]?.AsMapping("extend").Entries ?? [])
                {
                    if (rule.Options[key.Value] is { } current and not PolicySequence)
                        throw new PolicyException(key, $"'{key.Value}' is not a list option of {idKey.Value}, so it cannot be extended (set it under options instead)");
                    rule.Options = Extend(rule.Options, key, v);
                }
            }
        }

        private RuleDraft RuleFor(PolicyNode idNode)
        {
            var id = idNode.AsString("rule id");
            return _rules.TryGetValue(id, out var rule)
                ? rule
                : throw new PolicyException(idNode, $"unknown rule id '{id}' (known: {string.Join(", ", _rules.Keys.Order(StringComparer.Ordinal))})");
        }

        private void ApplyCommon(PolicyMapping map, bool shipped)
        {
            foreach (var (nameKey, value) in map["scopes"]?.AsMapping("scopes").Entries ?? [])
            {
                var scopeMap = value.AsMapping($"scope {nameKey.Value}").OnlyKeys($"scope {nameKey.Value}", "include", "exclude", "add");
                var include = Globs(scopeMap["include"], $"{nameKey.Value}.include");
                var exclude = Globs(scopeMap["exclude"], $"{nameKey.Value}.exclude");
                var add = Globs(scopeMap["add"], $"{nameKey.Value}.add");
                if (_scopes.TryGetValue(nameKey.Value, out var existing))
                {
                    if (scopeMap.Has("include")) { existing.Include.Clear(); existing.Include.AddRange(include); }
                    existing.Include.AddRange(add);
                    existing.Exclude.AddRange(exclude);
                }
                else
                {
                    if (scopeMap.Has("add") && !scopeMap.Has("include"))
                    {
                        throw new PolicyException(nameKey, $"scope '{nameKey.Value}' is not defined, so 'add' has nothing to add to"
                            + NearMiss.Suggestion(nameKey.Value, _scopes.Keys) + $" (known: {string.Join(", ", _scopes.Keys.Order(StringComparer.Ordinal))})");
                    }
                    if (include.Count + add.Count == 0)
                        throw new PolicyException(value, $"scope '{nameKey.Value}' has no include globs");
                    _scopes[nameKey.Value] = new ScopeDraft { Name = nameKey, Include = [.. include, .. add], Exclude = [.. exclude], FromRepository = !shipped };
                }
            }

            _neverScan.AddRange(Globs(map[shipped ? "never-scan" : "ignore"], shipped ? "never-scan" : "ignore"));
            if (map["max-file-size"] is { } size) _maxFileSize = size.AsSize("max-file-size");
            if (map["parse-budget"] is { } budget)
            {
                var seconds = budget.AsString("parse-budget").TrimEnd('s');
                _parseBudget = double.TryParse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
                    ? TimeSpan.FromSeconds(s)
                    : throw new PolicyException(budget, "parse-budget must be a positive number of seconds, such as 10s");
            }
            if (map["fail-on"] is { } failOn && !SeverityNames.TryParse(failOn.AsString("fail-on"), out _failOn))
                throw new PolicyException(failOn, $"unknown severity '{failOn}' for fail-on ({SeverityNames.FailOnChoices})");
            foreach (var section in DataSections)
            {
                if (map[section] is { } node) _sections[section] = node;
            }
        }

        /// <summary>The names of a list (a single plain value counts as a list of one), each with its place.</summary>
        private static IReadOnlyList<PolicyNode> NamesIn(PolicyNode? node, string what) => node switch
        {
            null => [],
            PolicyScalar { Value: "" } => [],
            PolicyScalar scalar => [scalar],
            PolicySequence seq => seq.Items.Select(i => { i.AsString($"each entry of {what}"); return i; }).ToList(),
            _ => throw new PolicyException(node, $"{what} must be a list of names"),
        };

        /// <summary>Path globs, each refused at its place when it can never match a repository-relative path.</summary>
        private static IReadOnlyList<PolicyNode> Globs(PolicyNode? node, string what)
        {
            var globs = NamesIn(node, what);
            foreach (var glob in globs)
            {
                if (Glob.WhyItNeverMatches(glob.AsString(what)) is { } why)
                    throw new PolicyException(glob, $"glob '{glob.AsString(what)}' can never match: {why}");
            }
            return globs;
        }

        /// <summary>The options with <paramref name="key"/> set to <paramref name="value"/>; a new key keeps the place it was written.</summary>
        private static PolicyMapping Replace(PolicyMapping options, PolicyScalar key, PolicyNode value)
        {
            var entries = options.Entries.ToList();
            var index = entries.FindIndex(e => e.Key.Value == key.Value);
            if (index < 0) entries.Add(new(key, value));
            else entries[index] = new(entries[index].Key, value);
            return new PolicyMapping(options.File, options.Line, options.Column, entries);
        }

        private static PolicyMapping Extend(PolicyMapping options, PolicyScalar key, PolicyNode extra)
        {
            var extraItems = extra is PolicySequence seq ? seq.Items : [extra];
            var entries = options.Entries.ToList();
            var index = entries.FindIndex(e => e.Key.Value == key.Value);
            if (index < 0)
            {
                entries.Add(new(key, new PolicySequence(extra.File, extra.Line, extra.Column, extraItems)));
            }
            else
            {
                var current = entries[index].Value as PolicySequence
                    ?? throw new PolicyException(extra, $"option '{key.Value}' is not a list");
                entries[index] = new(entries[index].Key, new PolicySequence(current.File, current.Line, current.Column, [.. current.Items, .. extraItems]));
            }
            return new PolicyMapping(options.File, options.Line, options.Column, entries);
        }

        public GuardsPolicy Build()
        {
            var variables = ComputeVariables();
            var scopes = new Dictionary<string, Scope>(StringComparer.Ordinal);
            foreach (var (name, draft) in _scopes)
            {
                scopes[name] = new Scope(name,
                    draft.Include.SelectMany(g => CompileGlob(g, variables)).ToList(),
                    draft.Exclude.SelectMany(g => CompileGlob(g, variables)).ToList());
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            var rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal);
            foreach (var (id, draft) in _rules)
            {
                var ruleScopes = new List<Scope>();
                foreach (var scopeNode in draft.Scopes)
                {
                    var scopeName = scopeNode.AsString("scope name");
                    if (!scopes.TryGetValue(scopeName, out var scope))
                    {
                        throw new PolicyException(scopeNode, $"rule {id} names an unknown scope '{scopeName}'" + NearMiss.Suggestion(scopeName, scopes.Keys)
                            + $" (known: {string.Join(", ", scopes.Keys.Order(StringComparer.Ordinal))})");
                    }
                    used.Add(scopeName);
                    if (!ruleScopes.Contains(scope)) ruleScopes.Add(scope);
                }
                rules[id] = new RuleSettings { Descriptor = draft.Descriptor, Severity = draft.Severity, Scopes = ruleScopes, Options = draft.Options };
            }

            // A scope the repository defines that no rule reads checks nothing: most often a misspelt
            // shipped scope ("shipped-servr-code") or one never named in a rule's scopes or add-scopes.
            foreach (var draft in _scopes.Values.Where(d => d.FromRepository && !used.Contains(d.Name.Value)).OrderBy(d => d.Name.Line))
            {
                var name = draft.Name.Value;
                var closest = NearMiss.Closest(name, scopes.Keys.Where(k => k != name));
                throw new PolicyException(draft.Name, closest is not null
                    ? $"scope '{name}' is read by no rule; did you mean '{closest}'? (to add paths to that scope write '{closest}: {{add: [...]}}')"
                    : $"scope '{name}' is read by no rule: name it in a rule's scopes or add-scopes (rules: {{UCG1001: {{add-scopes: [{name}]}}}}), or remove it");
            }

            return new GuardsPolicy
            {
                Rules = rules,
                Scopes = scopes,
                Sections = new Dictionary<string, PolicyNode>(_sections, StringComparer.Ordinal),
                NeverScan = _neverScan.SelectMany(g => CompileGlob(g, variables)).ToList(),
                Variables = variables,
                MaxFileSize = _maxFileSize,
                FailOn = _failOn,
                ParseBudget = _parseBudget,
                SourceFiles = Files,
            };
        }

        private static IReadOnlyList<Glob> CompileGlob(PolicyNode node, Dictionary<string, IReadOnlyList<string>> variables)
        {
            var text = node.AsString("glob");
            try
            {
                return Glob.ForPathEntry(Expand(text, variables, node));
            }
            catch (ArgumentException ex)
            {
                throw new PolicyException(node, $"glob '{text}': {ex.Message}");
            }
        }

        /// <summary>components: { core: [...], add-ons: [...] } gives ${core}, ${add-ons} and ${components}.</summary>
        private Dictionary<string, IReadOnlyList<string>> ComputeVariables()
        {
            var variables = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (_sections.TryGetValue("components", out var components))
            {
                var all = new List<string>();
                foreach (var (key, value) in components.AsMapping("components").Entries)
                {
                    var names = value.AsStringList($"components.{key.Value}");
                    variables[key.Value] = names;
                    all.AddRange(names);
                }
                variables["components"] = all.Distinct(StringComparer.Ordinal).ToList();
            }
            return variables;
        }

        private static string Expand(string glob, Dictionary<string, IReadOnlyList<string>> variables, PolicyNode where)
        {
            var result = glob;
            var start = result.IndexOf("${", StringComparison.Ordinal);
            while (start >= 0)
            {
                var end = result.IndexOf('}', start);
                if (end < 0) break;
                var name = result[(start + 2)..end];
                if (!variables.TryGetValue(name, out var values))
                    throw new PolicyException(where, $"unknown variable ${{{name}}} in glob '{glob}' (known: {string.Join(", ", variables.Keys)})");
                var replacement = "{" + string.Join(",", values) + "}";
                result = result[..start] + replacement + result[(end + 1)..];
                start = result.IndexOf("${", start + replacement.Length, StringComparison.Ordinal);
            }
            return result;
        }
    }
}
