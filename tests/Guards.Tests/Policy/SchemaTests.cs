using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using UltraCloud.Guards.Engine.Analysis;
using UltraCloud.Guards.Engine.Policy;
using UltraCloud.Guards.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace UltraCloud.Guards.Tests.Policy;

/// <summary>
/// The JSON schemas in schemas/ (what editors validate uc-guards.yaml and rules/*.yaml with): every
/// shipped file and every configuration in the repository validates, mistakes the loader refuses
/// are refused by the schema too, and each rule's options in the schema are the ones its typed
/// options record declares (regenerate with UC_GUARDS_WRITE_SCHEMAS=1).
/// </summary>
public sealed partial class SchemaTests
{
    private static readonly string SchemaFolder = Path.Combine(Repo.Root, "schemas");
    private static readonly string ConfigSchemaPath = Path.Combine(SchemaFolder, "uc-guards.schema.json");
    private static readonly string RulesSchemaPath = Path.Combine(SchemaFolder, "rules.schema.json");

    private static readonly Lazy<(JsonSchema Config, JsonSchema Rules)> s_schemas = new(() =>
    {
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };
        var config = JsonSchema.Build(JsonDocument.Parse(File.ReadAllText(ConfigSchemaPath)).RootElement, options, new Uri(ConfigSchemaPath));
        var rules = JsonSchema.Build(JsonDocument.Parse(File.ReadAllText(RulesSchemaPath)).RootElement, options, new Uri(RulesSchemaPath));
        return (config, rules);
    });

    /// <summary>The schema's errors for a YAML document read as an editor reads it (YAML 1.2 core schema), empty when it validates.</summary>
    private static List<string> Errors(JsonSchema schema, string yaml)
    {
        var json = JsonDocument.Parse(YamlToJson(yaml)!.ToJsonString()).RootElement;
        var results = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        return (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "rules"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Repo.Root, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Every_shipped_policy_file_validates(string file)
    {
        var errors = Errors(s_schemas.Value.Rules, File.ReadAllText(Path.Combine(Repo.Root, file)));
        Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [InlineData("samples/ultracloud/uc-guards.yaml")]
    [InlineData("bench/real-corpus.uc-guards.yaml")]
    public void Every_configuration_in_the_repository_validates(string file)
    {
        var errors = Errors(s_schemas.Value.Config, File.ReadAllText(Path.Combine(Repo.Root, file)));
        Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void The_shipped_files_name_the_schema_for_editors()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "rules"), "*.yaml"))
            Assert.StartsWith("# yaml-language-server: $schema=../schemas/rules.schema.json\n", File.ReadAllText(file));
        Assert.StartsWith("# yaml-language-server: $schema=../../schemas/uc-guards.schema.json\n", File.ReadAllText(Path.Combine(Repo.Root, "samples/ultracloud/uc-guards.yaml")));
    }

    /// <summary>Mistakes the loader refuses, refused by the schema as well (the schema is the editor's view of the same rules).</summary>
    public static TheoryData<string> MistakesBothRefuse => new()
    {
        "version: 1\nrulez: {}\n",
        "version: 1\nrules:\n  UCG1001:\n    options:\n      macross: [dbg]\n",
        "version: 1\nrules:\n  UCG1001:\n    options:\n      macros: todo\n",
        "version: 1\nrules:\n  UCG0001:\n    options:\n      nix-files: everything\n",
        "version: 1\nrules:\n  UCG1003:\n    extend:\n      markers: [{pattern: HACK, kase: sensitive}]\n",
        "version: 1\nrules:\n  UCG1005:\n    options:\n      helpers: [x]\n",
        "version: 1\nrules:\n  UCG9999:\n    severity: error\n",
        "version: 1\nrules:\n  UCG1001:\n    severity: loud\n",
        "version: 1\nfail-on: sometimes\n",
        "version: 1\nscopes:\n  shipped-server-code:\n    add: [\"./srv/**/*.rs\"]\n",
        "version: 1\nscopes:\n  shipped-server-code:\n    add: [\"/srv/**/*.rs\"]\n",
        "version: 1\nscopes:\n  shipped-server-code:\n    add: [\"srv/../x/**\"]\n",
        "version: 1\nignore: [\"srv\\\\src\\\\**\"]\n",
        "version: 1\ninclude: [/etc/passwd]\n",
        "version: 1\nmax-file-size: -3MiB\n",
        "version: 1\ndisable: [UCG10]\n",
    };

    [Theory]
    [MemberData(nameof(MistakesBothRefuse))]
    public void A_mistake_the_loader_refuses_is_refused_by_the_schema(string yaml)
    {
        using var tree = new TempFolder();
        tree.Write("uc-guards.yaml", yaml);
        Assert.ThrowsAny<PolicyException>(() =>
        {
            var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), tree["uc-guards.yaml"]);
            foreach (var rule in RuleCatalog.Default.CreateRules()) rule.Bind(policy.Rule(rule.Id)!);
        });
        Assert.NotEmpty(Errors(s_schemas.Value.Config, yaml));
    }

    [Fact]
    public void A_misspelt_option_in_a_rule_file_is_refused_by_the_schema()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "rules/UCG1001-stub-macro.yaml")).Replace("  macros: [todo, unimplemented]", "  macross: [todo, unimplemented]", StringComparison.Ordinal);
        Assert.NotEmpty(Errors(s_schemas.Value.Rules, text));
    }

    /// <summary>The per-rule parts of both schemas, generated from what each rule's typed options record declares.</summary>
    [Fact]
    public void Each_rules_options_in_the_schemas_are_the_ones_its_options_record_declares()
    {
        var config = JsonNode.Parse(File.ReadAllText(ConfigSchemaPath))!.AsObject();
        var rules = JsonNode.Parse(File.ReadAllText(RulesSchemaPath))!.AsObject();
        var (expectedConfig, expectedRules) = Generate(config.DeepClone().AsObject(), rules.DeepClone().AsObject());

        if (Environment.GetEnvironmentVariable("UC_GUARDS_WRITE_SCHEMAS") == "1")
        {
            File.WriteAllText(ConfigSchemaPath, Format(expectedConfig));
            File.WriteAllText(RulesSchemaPath, Format(expectedRules));
        }
        Assert.Equal(Format(expectedConfig), Format(config));
        Assert.Equal(Format(expectedRules), Format(rules));
    }

    /// <summary>The definitions written by hand in rules.schema.json; the others are copied from uc-guards.schema.json.</summary>
    private static readonly string[] RulesOwnDefinitions = ["text", "rule-file", "policy-file"];

    private static string Format(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    private static (JsonObject Config, JsonObject Rules) Generate(JsonObject config, JsonObject rules)
    {
        var policy = PolicyLoader.Load(PolicyLoader.ShippedDocuments(), null);
        // A rule judged by two classes (UCG1005) binds one options mapping: both must declare the same options.
        var classes = RuleCatalog.Default.CreateRules().GroupBy(r => r.Id).ToDictionary(g => g.Key, g =>
        {
            var declared = g.Select(r => r.DeclaredOptions()).ToList();
            Assert.All(declared, d => Assert.Equal(declared[0], d));
            return g.First();
        });
        var ruleProperties = new JsonObject();
        var defs = config["$defs"]!.AsObject();
        foreach (var key in defs.Select(p => p.Key).Where(k => k.StartsWith("options-", StringComparison.Ordinal) || k.StartsWith("extend-", StringComparison.Ordinal)).ToList())
            defs.Remove(key);
        var ruleFileOptions = new JsonArray();
        foreach (var id in policy.Rules.Keys.Order(StringComparer.Ordinal))
        {
            var declared = classes.TryGetValue(id, out var rule) ? rule.DeclaredOptions() : [];
            defs[$"options-{id}"] = OptionsSchema(declared, onlyLists: false);
            defs[$"extend-{id}"] = OptionsSchema(declared, onlyLists: true);
            ruleProperties[id] = new JsonObject
            {
                ["description"] = policy.Rules[id].Descriptor.Title,
                ["$ref"] = "#/$defs/rule-settings",
                ["properties"] = new JsonObject
                {
                    ["options"] = new JsonObject { ["$ref"] = $"#/$defs/options-{id}" },
                    ["extend"] = new JsonObject { ["$ref"] = $"#/$defs/extend-{id}" },
                },
            };
            var required = new JsonArray([.. declared.Where(d => d.Required).Select(d => (JsonNode)JsonValue.Create(d.Key)!)]);
            var options = new JsonObject { ["$ref"] = $"#/$defs/options-{id}" };
            if (required.Count > 0) options["required"] = required;
            ruleFileOptions.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = new JsonObject { ["id"] = new JsonObject { ["const"] = id } } },
                ["then"] = new JsonObject { ["properties"] = new JsonObject { ["options"] = options } },
            });
        }
        config["properties"]!["rules"]!["properties"] = ruleProperties;
        rules["$defs"]!["rule-file"]!["allOf"] = ruleFileOptions;

        // The rules schema carries copies of the configuration schema's definitions, so that each
        // file stands alone for editors and validators.
        var rulesDefs = rules["$defs"]!.AsObject();
        foreach (var key in rulesDefs.Select(p => p.Key).Where(k => !RulesOwnDefinitions.Contains(k)).ToList()) rulesDefs.Remove(key);
        foreach (var (key, value) in defs) rulesDefs[key] = value!.DeepClone();
        return (config, rules);
    }

    private static JsonObject OptionsSchema(IReadOnlyList<OptionDeclaration> declared, bool onlyLists)
    {
        var properties = new JsonObject();
        foreach (var option in declared.Where(d => !onlyLists || d.Kind is OptionKind.TextList or OptionKind.List))
        {
            var schema = OptionSchema(option);
            // extend appends to a list: one entry alone is a list of one.
            properties[option.Key] = onlyLists
                ? new JsonObject { ["description"] = schema["description"]!.DeepClone(), ["anyOf"] = new JsonArray(schema["items"]!.DeepClone(), WithoutDescription(schema)) }
                : schema;
        }
        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject OptionSchema(OptionDeclaration option)
    {
        JsonObject schema = option.Kind switch
        {
            OptionKind.Choice => new JsonObject { ["enum"] = new JsonArray([.. option.Choices!.Select(c => (JsonNode)JsonValue.Create(c)!)]) },
            OptionKind.TextList => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            OptionKind.List => new JsonObject { ["type"] = "array", ["items"] = ItemSchema(option) },
            _ => new JsonObject { ["type"] = "string" },
        };
        schema.Insert(0, "description", option.Default is null ? option.Description : $"{option.Description} (default: {option.Default})");
        return schema;
    }

    private static JsonObject WithoutDescription(JsonObject schema)
    {
        var copy = schema.DeepClone().AsObject();
        copy.Remove("description");
        return copy;
    }

    private static JsonNode ItemSchema(OptionDeclaration option)
    {
        var item = OptionsSchema(option.Item!, onlyLists: false);
        var required = option.Item!.Where(d => d.Required).Select(d => (JsonNode)JsonValue.Create(d.Key)!).ToArray();
        if (required.Length > 0) item["required"] = new JsonArray(required);
        return option.ItemMayBePlain ? new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, item) } : item;
    }

    /// <summary>A YAML document as JSON, with plain scalars typed as the YAML 1.2 core schema types them (as editors do).</summary>
    internal static JsonNode? YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(e => new KeyValuePair<string, JsonNode?>(((YamlScalarNode)e.Key).Value!, Convert(e.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return JsonValue.Create(n);
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
