using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace UltraCloud.Guards.Engine.Serialization;

/// <summary>
/// Every JSON document the tool writes or reads, in one source-generated context: no reflection at
/// run time (Native AOT safe). Two-space indentation, <c>\n</c> line ends, properties in the order
/// the records declare them, camelCase names, nulls written unless a property says otherwise.
/// </summary>
#if NET9_0_OR_GREATER
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    IndentSize = 2,
    NewLine = "\n",
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
#else
// The net8.0 build (the MSBuild task, which writes no JSON): .NET 8 indents by two spaces and ends lines with Environment.NewLine.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
#endif
[JsonSerializable(typeof(JsonReportDto))]
[JsonSerializable(typeof(SarifLogDto))]
[JsonSerializable(typeof(DriftReportDto))]
[JsonSerializable(typeof(SuppressionListDto))]
[JsonSerializable(typeof(SuppressionChangesDto))]
[JsonSerializable(typeof(BaselineDto))]
[JsonSerializable(typeof(BaselineReadDto))]
[JsonSerializable(typeof(SurfaceManifestDto))]
[JsonSerializable(typeof(IReadOnlyList<RuleListingDto>))]
public sealed partial class OutputJsonContext : JsonSerializerContext;

/// <summary>How a document escapes text.</summary>
public enum JsonEscaping
{
    /// <summary>Everything outside printable ASCII and the HTML-sensitive characters as <c>\uXXXX</c> (reports, SARIF, surface, rule listing).</summary>
    Ascii,
    /// <summary>Only what JSON requires (quotes, backslashes, control characters): files people read in a diff (baseline, drift).</summary>
    Readable,
}

/// <summary>Serialises the documents of <see cref="OutputJsonContext"/>.</summary>
public static class OutputJson
{
    private static readonly OutputJsonContext s_readable = new(new JsonSerializerOptions(OutputJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static OutputJsonContext Context(JsonEscaping escaping) => escaping == JsonEscaping.Readable ? s_readable : OutputJsonContext.Default;

    /// <summary>The document as text, without a final newline.</summary>
    public static string Serialize<T>(T value, Func<OutputJsonContext, JsonTypeInfo<T>> type, JsonEscaping escaping = JsonEscaping.Ascii) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value, type(Context(escaping))));

    /// <summary>The document and a final newline.</summary>
    public static void Write<T>(TextWriter output, T value, Func<OutputJsonContext, JsonTypeInfo<T>> type, JsonEscaping escaping = JsonEscaping.Ascii)
    {
        output.Write(Serialize(value, type, escaping));
        output.WriteLine();
    }
}

/// <summary>The <c>tool</c> object of the reports.</summary>
public sealed record ToolDto(string Name, string Version)
{
    public static ToolDto UcGuards(string version) => new("uc-guards", version);
}
