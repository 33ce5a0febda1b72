using System.Runtime.InteropServices;
using System.Text;

namespace UltraCloud.Guards.Engine.Syntax.TreeSitter;

/// <summary>
/// Per-grammar lookup tables (symbol and field names), built once per process and immutable afterwards,
/// so they are safe to read from any thread. Every name is a single interned string instance, which is
/// what lets <see cref="TsNode.Type"/> run without allocating.
/// </summary>
public static class TsLanguages
{
    /// <summary><c>ts_builtin_sym_error</c>: the symbol of ERROR nodes.</summary>
    public const ushort ErrorSymbol = ushort.MaxValue;

    private const ushort ErrorRepeatSymbol = ushort.MaxValue - 1;
    private const uint MinAbiVersion = 13; // TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION in 0.25.1
    private const uint MaxAbiVersion = 15; // TREE_SITTER_LANGUAGE_VERSION in 0.25.1

    private static readonly LanguageTables[] s_tables =
    [
        LanguageTables.Create(TsLanguage.Rust, NativeMethods.tree_sitter_rust()),
        LanguageTables.Create(TsLanguage.Nix, NativeMethods.tree_sitter_nix()),
        LanguageTables.Create(TsLanguage.Bash, NativeMethods.tree_sitter_bash()),
    ];

    /// <summary>The symbol id for a node type name, or 0 when the grammar has no such symbol.</summary>
    public static unsafe ushort SymbolForName(TsLanguage language, string name, bool named)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tables = Tables(language);
        var byteCount = Encoding.UTF8.GetByteCount(name);
        Span<byte> utf8 = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(name, utf8);
        fixed (byte* pointer = utf8)
        {
            return NativeMethods.ts_language_symbol_for_name(tables.Pointer, pointer, (uint)byteCount, named);
        }
    }

    /// <summary>The node type name of a symbol (as returned by <see cref="TsNode.Type"/>).</summary>
    public static string SymbolName(TsLanguage language, ushort symbol) => Tables(language).SymbolName(symbol);

    /// <summary>Number of symbols (including aliases) of the grammar.</summary>
    public static int SymbolCount(TsLanguage language) => Tables(language).SymbolNames.Length;

    /// <summary>Number of field names of the grammar; valid field ids are 1..FieldCount.</summary>
    public static int FieldCount(TsLanguage language) => Tables(language).FieldNames.Length - 1;

    /// <summary>The name of a field id, or null when the id is 0 or out of range.</summary>
    public static string? FieldName(TsLanguage language, ushort fieldId)
    {
        var names = Tables(language).FieldNames;
        return fieldId < names.Length ? names[fieldId] : null;
    }

    /// <summary>The id of a field name, or 0 when the grammar has no such field.</summary>
    public static ushort FieldId(TsLanguage language, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Tables(language).FieldIds.GetValueOrDefault(name);
    }

    /// <summary>The <c>const TSLanguage*</c> of a grammar (static data inside the native library; never freed).</summary>
    internal static nint Pointer(TsLanguage language) => Tables(language).Pointer;

    internal static LanguageTables Tables(TsLanguage language)
    {
        var index = (int)language;
        if ((uint)index >= (uint)s_tables.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown tree-sitter language.");
        }

        return s_tables[index];
    }

    internal sealed class LanguageTables
    {
        private LanguageTables(
            TsLanguage language,
            nint pointer,
            string[] symbolNames,
            string?[] fieldNames,
            Dictionary<string, ushort> fieldIds,
            Dictionary<nint, string> fieldNamesByAddress)
        {
            Language = language;
            Pointer = pointer;
            SymbolNames = symbolNames;
            FieldNames = fieldNames;
            FieldIds = fieldIds;
            FieldNamesByAddress = fieldNamesByAddress;
        }

        public TsLanguage Language { get; }

        public nint Pointer { get; }

        /// <summary>Indexed by symbol id.</summary>
        public string[] SymbolNames { get; }

        /// <summary>Indexed by field id; slot 0 is null.</summary>
        public string?[] FieldNames { get; }

        public Dictionary<string, ushort> FieldIds { get; }

        /// <summary>
        /// Field names keyed by the address of the grammar's static C string, so that
        /// <c>ts_node_field_name_for_child</c> results map to a cached string without decoding.
        /// </summary>
        public Dictionary<nint, string> FieldNamesByAddress { get; }

        public string SymbolName(ushort symbol)
        {
            var names = SymbolNames;
            if (symbol < names.Length)
            {
                return names[symbol];
            }

            return symbol switch
            {
                ErrorSymbol => "ERROR",
                ErrorRepeatSymbol => "_ERROR",
                _ => throw new ArgumentOutOfRangeException(nameof(symbol), symbol, $"No such symbol in the {Language} grammar."),
            };
        }

        public static unsafe LanguageTables Create(TsLanguage language, nint pointer)
        {
            if (pointer == 0)
            {
                throw new InvalidOperationException($"tree_sitter_{language.ToString().ToLowerInvariant()}() returned NULL.");
            }

            var abi = NativeMethods.ts_language_abi_version(pointer);
            if (abi is < MinAbiVersion or > MaxAbiVersion)
            {
                throw new InvalidOperationException(
                    $"The {language} grammar has ABI version {abi}; tree-sitter 0.25 supports {MinAbiVersion}..{MaxAbiVersion}.");
            }

            var symbolCount = NativeMethods.ts_language_symbol_count(pointer);
            var symbolNames = new string[symbolCount];
            for (var symbol = 0u; symbol < symbolCount; symbol++)
            {
                var name = NativeMethods.ts_language_symbol_name(pointer, (ushort)symbol);
                symbolNames[symbol] = string.Intern(Marshal.PtrToStringUTF8((nint)name) ?? string.Empty);
            }

            var fieldCount = NativeMethods.ts_language_field_count(pointer);
            var fieldNames = new string?[fieldCount + 1];
            var fieldIds = new Dictionary<string, ushort>((int)fieldCount, StringComparer.Ordinal);
            var byAddress = new Dictionary<nint, string>((int)fieldCount);
            for (var id = 1u; id <= fieldCount; id++)
            {
                var address = NativeMethods.ts_language_field_name_for_id(pointer, (ushort)id);
                if (address is null)
                {
                    continue;
                }

                var name = string.Intern(Marshal.PtrToStringUTF8((nint)address)!);
                fieldNames[id] = name;
                fieldIds.TryAdd(name, (ushort)id);
                byAddress[(nint)address] = name;
            }

            return new LanguageTables(language, pointer, symbolNames, fieldNames, fieldIds, byAddress);
        }
    }
}
